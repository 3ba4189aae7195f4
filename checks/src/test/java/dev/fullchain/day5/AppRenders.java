package dev.fullchain.day5;

import dev.fullchain.check.Findings;
import dev.fullchain.model.helm.HelmChart;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.HelmfileEnvironment;
import dev.fullchain.model.helm.HelmfileRelease;
import dev.fullchain.model.helm.RenderedChart;
import dev.fullchain.model.helm.RenderedObject;
import dev.fullchain.model.helm.ValuesFile;
import dev.fullchain.model.helm.ValuesFiles;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app chart as the helmfile installs it in each environment: rendered with that
 * environment's values, as the helmfile's release (its name), with the release's namespace
 * known where the helmfile says it. Without a helmfile release of the chart, the chart's own
 * environment files. values.yaml alone is judged only when there is nothing else (the
 * reference chart keeps monitoring off there, on purpose).
 */
final class AppRenders {

    /** helm template renders .Release.Namespace as "default" (no cluster): an object left there is in its release's namespace. */
    static final String RENDER_NAMESPACE = "default";
    private static final Pattern VALUE_REF = Pattern.compile("\\{\\{-?\\s*\\.(?:Values|StateValues|Environment\\.Values)\\.([\\w.]+)\\s*-?}}");

    /** One environment's render; {@code namespace} is empty when the helmfile's expression for it cannot be computed. */
    record EnvRender(RenderedChart rendered, String environment, Optional<String> namespace) {

        /** "(with values-dev.yaml)", for messages. */
        String with() {
            return "(with " + rendered.values().fileName() + ")";
        }

        /** The namespace an object of this render lands in: its own, else the release's ("the release's namespace" when unknown). */
        String namespaceOf(RenderedObject o) {
            String ns = o.object().getMetadata() == null ? null : o.object().getMetadata().getNamespace();
            return ns == null || ns.isBlank() || ns.equals(RENDER_NAMESPACE) ? releaseNamespace() : ns;
        }

        /** A namespace as rendered, read as the install would: the render's own namespace is the release's. */
        String installed(String rendered) {
            return rendered.equals(RENDER_NAMESPACE) ? releaseNamespace() : rendered;
        }

        String releaseNamespace() {
            return namespace.orElse("the release's namespace");
        }
    }

    private AppRenders() {
    }

    /** The renders of the app chart, one per environment; a values file Helm cannot render is D3.CHART.RENDER's, and left out. */
    static List<EnvRender> of(HelmCharts helm, Findings findings) {
        HelmChart chart = helm.chart();
        Optional<HelmfileRelease> release = Optional.empty();
        List<HelmfileEnvironment> environments = List.of();
        try {
            if (helm.helmfile().isPresent()) {
                release = helm.helmfile().get().releases().stream()
                        .filter(r -> r.chartDir().map(chart.dir()::equals).orElse(false)).findFirst();
                environments = helm.helmfile().get().environments();
            }
        } catch (BadInput unreadable) {
            findings.add(unreadable);
        }
        List<ValuesFile> files = new ArrayList<>(chart.valuesFiles().stream().filter(v -> !v.isDefault()).toList());
        if (files.isEmpty()) {
            chart.values(ValuesFile.DEFAULT).ifPresent(files::add);
        }
        List<EnvRender> out = new ArrayList<>();
        List<BadInput> failures = new ArrayList<>();
        for (ValuesFile v : files) {
            Optional<HelmfileEnvironment> env = environments.stream()
                    .filter(e -> ValuesFiles.canonical(e.name()).equals(v.environment())).findFirst();
            String envName = env.map(HelmfileEnvironment::name).orElse(v.environment());
            try {
                RenderedChart r = release.isPresent() ? chart.renderAs(v, release.get().name()) : chart.render(v);
                out.add(new EnvRender(r, envName, release.flatMap(rel -> namespace(rel, envName, env))));
            } catch (BadInput bad) {
                failures.add(bad);
            }
        }
        if (out.isEmpty()) {
            failures.forEach(findings::add);
        }
        return out;
    }

    /** The release's namespace in an environment, with {{ .Values.x }} taken from the environment's inline values. */
    private static Optional<String> namespace(HelmfileRelease release, String envName, Optional<HelmfileEnvironment> env) {
        Optional<String> written = release.namespaceFor(envName);
        if (written.isEmpty()) {
            return Optional.of(RENDER_NAMESPACE);
        }
        String ns = written.get();
        Matcher m = VALUE_REF.matcher(ns);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Optional<String> value = env.flatMap(e -> inline(e, m.group(1)));
            if (value.isEmpty()) {
                return Optional.empty();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value.get()));
        }
        m.appendTail(out);
        return out.toString().contains("{{") ? Optional.empty() : Optional.of(out.toString());
    }

    private static Optional<String> inline(HelmfileEnvironment env, String dotted) {
        Optional<String> found = Optional.empty();
        for (Object v : env.values()) {
            Object at = v;
            for (String key : dotted.split("\\.")) {
                at = at instanceof Map<?, ?> m ? m.get(key) : null;
            }
            if (at != null && !(at instanceof Map) && !(at instanceof List)) {
                found = Optional.of(String.valueOf(at));
            }
        }
        return found;
    }

    /** The object's template, at the first line holding one of the needles (the template alone when none does). */
    static Location at(Target target, RenderedObject o, String... needles) {
        Optional<SourceFile> file;
        try {
            file = target.readOptional(o.template());
        } catch (BadInput bad) {
            file = Optional.empty();
        }
        if (file.isPresent()) {
            List<String> lines = file.get().lines();
            for (String needle : needles) {
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains(needle)) {
                        return o.location().atLine(i + 1);
                    }
                }
            }
        }
        return o.location();
    }
}
