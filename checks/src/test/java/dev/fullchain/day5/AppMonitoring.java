package dev.fullchain.day5;

import dev.fullchain.check.Findings;
import dev.fullchain.model.helm.HelmChart;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.HelmfileEnvironment;
import dev.fullchain.model.helm.HelmfileRelease;
import dev.fullchain.model.helm.RenderedChart;
import dev.fullchain.model.helm.RenderedObject;
import dev.fullchain.model.helm.ValuesFile;
import dev.fullchain.model.observability.ApiMetrics;
import dev.fullchain.model.observability.ObservabilityStack;
import dev.fullchain.model.observability.StackSelection;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import dev.fullchain.target.Missing;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The app chart as the helmfile installs it beside the stack: rendered, in each of the
 * helmfile's environments, as its release with that release's values files, in that release's
 * namespace. Findings made per environment are said once when every environment has them.
 */
final class AppMonitoring {

    /** One local chart of the helmfile rendered as its release, in that release's namespace (empty: computed in a way not read here). */
    record Part(RenderedChart render, String namespace) {
    }

    /**
     * What the helmfile installs from the repository in one environment: the app chart first,
     * then any other local chart it releases (a chart of dashboards and rules beside the app).
     */
    record Installed(String environment, List<Part> parts, List<Object> environmentValues) {

        /** The app chart's render, which messages name. */
        RenderedChart render() {
            return parts.get(0).render();
        }

        List<RenderedObject> objects() {
            return parts.stream().flatMap(p -> p.render().objects().stream()).toList();
        }

        private Part partOf(RenderedObject o) {
            return parts.stream().filter(p -> p.render().objects().stream().anyMatch(x -> x == o)).findFirst().orElse(parts.get(0));
        }

        String namespaceOf(RenderedObject o) {
            String own = o.object().getMetadata() == null ? null : o.object().getMetadata().getNamespace();
            return own != null && !own.isBlank() ? own : partOf(o).namespace();
        }

        /** The folder of the chart that rendered the object. */
        String chartDirOf(RenderedObject o) {
            return partOf(o).render().chart().dir();
        }
    }

    private AppMonitoring() {
    }

    /** The renders (a values file Helm refuses blocks, once); Missing comes from the stack when the helmfile has none of it. */
    static List<Installed> renders(ObservabilityStack stack, HelmCharts helm, Findings findings) {
        stack.releases();
        List<Installed> out = new ArrayList<>();
        HelmChart chart;
        try {
            chart = helm.chart();
        } catch (BadInput bad) {
            findings.add(bad);
            return out;
        }
        Optional<HelmfileRelease> release = stack.helmfile().releases().stream()
                .filter(r -> r.chartDir().map(chart.dir()::equals).orElse(false)).findFirst();
        List<HelmfileRelease> others = stack.helmfile().releases().stream()
                .filter(r -> r.chartDir().filter(d -> !d.equals(chart.dir()) && !HelmfileRelease.isOutside(stack.target(), d)
                        && stack.target().exists(d.equals(".") ? HelmChart.CHART_YAML : d + "/" + HelmChart.CHART_YAML)).isPresent())
                .toList();
        for (String env : stack.environments()) {
            List<Object> envValues = stack.helmfile().environment(env).map(HelmfileEnvironment::values).orElse(List.of());
            List<Part> parts = new ArrayList<>();
            try {
                parts.add(part(stack.target(), chart, release, env, envValues));
            } catch (BadInput bad) {
                findings.add(bad);
                continue;
            }
            for (HelmfileRelease other : others) {
                try {
                    parts.add(part(stack.target(), helm.chartAt(other.chartDir().get()), Optional.of(other), env, envValues));
                } catch (BadInput | Missing notRendered) {
                    // another chart Helm cannot render is not the app's: D3 judges the app chart, and this one adds nothing
                }
            }
            out.add(new Installed(env, List.copyOf(parts), envValues));
        }
        return out;
    }

    private static Part part(Target target, HelmChart chart, Optional<HelmfileRelease> release, String env, List<Object> envValues) {
        ValuesFile values = valuesFile(target, chart, release, env);
        String namespace = release.flatMap(r -> StackSelection.resolve(r.namespaceFor(env).orElse("default"), envValues)).orElse("");
        return new Part(chart.renderAs(values, release.map(HelmfileRelease::name).orElse("fullchain")), namespace);
    }

    private static ValuesFile valuesFile(Target target, HelmChart chart, Optional<HelmfileRelease> release, String env) {
        String own = chart.path(HelmChart.VALUES_YAML);
        List<String> layers = release.map(r -> r.valuesFilesFor(env)).orElse(List.of()).stream()
                .filter(f -> !f.equals(own))
                .filter(f -> !HelmfileRelease.isOutside(target, f))
                .filter(target::exists)
                .toList();
        return layers.isEmpty() ? new ValuesFile(ValuesFile.DEFAULT, own) : new ValuesFile(env, layers.get(layers.size() - 1), layers);
    }

    /** The api's metric names, as fullchain.yaml maps them; a broken api: key blocks, and the contract's names are used. */
    static ApiMetrics metrics(Target target, Findings findings) {
        try {
            return ApiMetrics.of(target.layout().api());
        } catch (BadInput bad) {
            findings.add(bad);
            return ApiMetrics.contract();
        }
    }

    /** The first line of a file holding one of the needles, from line {@code after} on; the file alone when none does. */
    static Location at(Target target, String path, int after, String... needles) {
        Optional<SourceFile> file = read(target, path);
        if (file.isPresent()) {
            List<String> lines = file.get().lines();
            for (String needle : needles) {
                for (int i = Math.max(after - 1, 0); i < lines.size(); i++) {
                    if (lines.get(i).contains(needle)) {
                        return Location.of(path).atLine(i + 1);
                    }
                }
            }
        }
        return after > 0 ? Location.of(path).atLine(after) : Location.of(path);
    }

    static Optional<SourceFile> read(Target target, String path) {
        try {
            return target.readOptional(path);
        } catch (BadInput bad) {
            return Optional.empty();
        }
    }

    /** Findings per environment, said once (without the environment) when every environment has the same. */
    static final class PerEnvironment {

        private record Key(Location where, String found, String expected, boolean cannotTell) {
        }

        private final List<String> environments;
        private final Map<Key, List<String>> seen = new LinkedHashMap<>();

        PerEnvironment(List<Installed> renders) {
            this.environments = renders.stream().map(Installed::environment).distinct().toList();
        }

        void add(Installed in, Location where, String found, String expected) {
            seen.computeIfAbsent(new Key(where, found, expected, false), k -> new ArrayList<>()).add(in.environment());
        }

        void cannotTell(Installed in, Location where, String found, String expected) {
            seen.computeIfAbsent(new Key(where, found, expected, true), k -> new ArrayList<>()).add(in.environment());
        }

        void into(Findings findings) {
            seen.forEach((k, envs) -> {
                String found = envs.size() == environments.size() || environments.size() < 2 ? k.found()
                        : k.found() + " (in " + String.join(", ", envs) + ")";
                if (k.cannotTell()) {
                    findings.cannotTell(k.where(), found, k.expected());
                } else {
                    findings.add(k.where(), found, k.expected());
                }
            });
        }
    }
}
