package dev.fullchain.day5;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.day5.AppRenders.EnvRender;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.RenderedObject;
import dev.fullchain.model.observability.ObservabilityStack;
import dev.fullchain.model.observability.ObservabilityStack.StackRelease;
import dev.fullchain.model.observability.ReleaseValues;
import dev.fullchain.model.observability.StackServices;
import dev.fullchain.model.observability.StackServices.Service;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import dev.fullchain.target.Missing;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.YamlSyntax;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Day 5, static: Grafana's data sources, as kube-prometheus-stack provisions them from the
 * values it is installed with: its own Prometheus data source (unless
 * grafana.sidecar.datasources.defaultDatasourceEnabled is false), grafana.additionalDataSources
 * (written into the same sidecar ConfigMap), the Grafana chart's grafana.datasources, and
 * ConfigMaps the app chart renders with the sidecar's label in a namespace it searches. Each
 * Prometheus and Loki data source's URL must name a Service the releases create, as cluster
 * DNS resolves it from Grafana's namespace.
 */
class Day5DatasourceChecks {

    private static final String SIDECAR = "grafana.sidecar.datasources";
    private static final String ADDITIONAL = "grafana.additionalDataSources";

    /** A data source as provisioned: where it is written, and what made Grafana load it. */
    record Datasource(String name, String type, Optional<String> url, Map<?, ?> raw, Location at, String from) {

        String describe() {
            return "data source " + name + " (" + type + ", " + from + ")";
        }
    }

    @Criterion("D5.OBS.DATASOURCES")
    void grafanaHasPrometheusAndLokiDatasourcesOnTheReleasesServices(ObservabilityStack stack, HelmCharts helm) {
        List<StackRelease> releases = stack.releases();
        Findings findings = new Findings();
        Optional<StackRelease> metrics = stack.byChart("kube-prometheus-stack");
        if (metrics.isEmpty()) {
            findings.add(Location.of(stack.helmfile().path()), "no release of kube-prometheus-stack: no Grafana to hold the data sources",
                    "a release of prometheus-community/kube-prometheus-stack (Grafana comes with it)");
            findings.assertNone();
        }
        List<EnvRender> renders = new ArrayList<>();
        findings.tolerating(() -> {
            try {
                renders.addAll(AppRenders.of(helm, new Findings()));
            } catch (Missing noChart) {
                // no app chart: its ConfigMaps are not there to count, the stack's values still are
            }
        });
        Set<String> said = new HashSet<>();
        for (String env : stack.environments()) {
            findings.tolerating(() -> judge(stack, releases, metrics.get(), env, renders, said, findings));
        }
        findings.assertNone();
    }

    private static void judge(ObservabilityStack stack, List<StackRelease> releases, StackRelease metrics, String env,
                              List<EnvRender> renders, Set<String> said, Findings findings) {
        ReleaseValues v = stack.values(metrics, env);
        Optional<String> releaseNs = metrics.release().namespaceFor(env);
        if (v.text("grafana.enabled").filter("false"::equals).isPresent()) {
            once(said, findings, v.locate("grafana.enabled"), metrics.describe() + ": grafana.enabled: false, so the stack"
                    + " installs no Grafana for the data sources", "grafana.enabled: true (the chart's default)");
            return;
        }
        List<StackRelease> templated = releases.stream().filter(r -> r.release().namespaceFor(env).filter(n -> n.contains("{{"))
                .isPresent()).toList();
        if (!templated.isEmpty()) {
            findings.cannotTell(templated.get(0).release().location(), templated.get(0).describe() + ": its namespace is a template"
                    + " expression fullchain does not compute, so the Services' DNS names are not known", "namespace: a plain name");
            return;
        }
        String grafanaNs = StackServices.grafanaNamespace(v, releaseNs);
        List<Service> prometheus = StackServices.prometheus(metrics.name(), v, releaseNs);
        List<StackRelease> lokis = releases.stream().filter(r -> r.chart().name().equals("loki")).toList();
        List<Service> loki = new ArrayList<>();
        for (StackRelease l : lokis) {
            loki.addAll(StackServices.loki(l.name(), stack.values(l, env), l.release().namespaceFor(env)));
        }
        List<Datasource> all = datasources(metrics, v, env, releaseNs, grafanaNs, renders, said, findings);
        List<Datasource> proms = all.stream().filter(d -> d.type().equals("prometheus")).toList();
        List<Datasource> logs = all.stream().filter(d -> d.type().equals("loki")).toList();
        if (proms.isEmpty()) {
            once(said, findings, v.locate(SIDECAR + ".defaultDatasourceEnabled"), "Grafana of " + metrics.describe()
                    + " has no Prometheus data source" + (v.text(SIDECAR + ".defaultDatasourceEnabled").filter("false"::equals)
                    .isPresent() ? " (defaultDatasourceEnabled: false, and no other)" : ""),
                    SIDECAR + ".defaultDatasourceEnabled: true (the chart's default: " + prometheus.get(0).url() + "), or a data"
                            + " source of type prometheus with that URL");
        }
        if (logs.isEmpty()) {
            once(said, findings, v.locate(ADDITIONAL), "Grafana of " + metrics.describe() + " has no Loki data source"
                    + " (data sources found: " + all.stream().map(d -> d.name() + " (" + d.type() + ")").toList() + ")",
                    ADDITIONAL + ": - {name: Loki, type: loki, uid: loki, access: proxy, url: "
                            + (loki.isEmpty() ? "http://<loki release>.<namespace>.svc.cluster.local:3100" : loki.get(0).url()) + "}");
        }
        for (Datasource d : proms) {
            resolves(d, grafanaNs, prometheus, "the Prometheus of " + metrics.describe(), said, findings);
        }
        for (Datasource d : logs) {
            if (lokis.isEmpty()) {
                once(said, findings, d.at(), d.describe() + " points at " + d.url().orElse("no URL") + ", but the helmfile"
                        + " releases no grafana/loki", "a release of grafana/loki, and its Service in the data source's url");
                continue;
            }
            resolves(d, grafanaNs, loki, "Loki", said, findings);
            for (StackRelease l : lokis) {
                tenant(d, l, stack.values(l, env), said, findings);
            }
        }
    }

    /** Every data source Grafana of the stack loads in one environment. */
    private static List<Datasource> datasources(StackRelease metrics, ReleaseValues v, String env, Optional<String> releaseNs,
                                                String grafanaNs, List<EnvRender> renders, Set<String> said, Findings findings) {
        List<Datasource> out = new ArrayList<>();
        boolean sidecar = v.text(SIDECAR + ".enabled").filter("false"::equals).isEmpty();
        if (sidecar && v.text(SIDECAR + ".defaultDatasourceEnabled").filter("false"::equals).isEmpty()) {
            Optional<String> url = v.text(SIDECAR + ".url").filter(s -> !s.isBlank());
            String computed = StackServices.prometheus(metrics.name(), v, releaseNs).get(0).url();
            out.add(new Datasource("Prometheus", "prometheus", Optional.of(url.orElse(computed)), Map.of(),
                    url.isPresent() ? v.locate(SIDECAR + ".url") : v.locate(SIDECAR), url.isPresent()
                    ? "the stack's default, at " + SIDECAR + ".url" : "the stack's default"));
        }
        List<?> additional = v.list(ADDITIONAL).orElse(List.of());
        if (!sidecar && !additional.isEmpty()) {
            once(said, findings, v.locate(ADDITIONAL), metrics.describe() + ": " + ADDITIONAL + " go into the data source"
                    + " sidecar's ConfigMap, and " + SIDECAR + ".enabled is false: Grafana never loads them",
                    SIDECAR + ".enabled: true (the chart's default), or the data sources in grafana.datasources");
        }
        if (sidecar) {
            for (Object o : additional) {
                datasource(o, v, ADDITIONAL + " of release " + metrics.name(), metrics, releaseNs).ifPresent(out::add);
            }
        }
        v.map("grafana.datasources").ifPresent(files -> files.values().forEach(file -> {
            if (file instanceof Map<?, ?> f && f.get("datasources") instanceof List<?> list) {
                list.forEach(o -> datasource(o, v, "grafana.datasources of release " + metrics.name(), metrics, releaseNs).ifPresent(out::add));
            }
        }));
        if (sidecar) {
            for (EnvRender r : renders.stream().filter(r -> r.environment().equals(env)).toList()) {
                out.addAll(configMaps(v, r, grafanaNs, said, findings));
            }
        }
        return out;
    }

    /** ConfigMaps of the app chart that the data source sidecar loads: its label, in a namespace it searches. */
    private static List<Datasource> configMaps(ReleaseValues v, EnvRender r, String grafanaNs, Set<String> said, Findings findings) {
        String label = v.text(SIDECAR + ".label").orElse("grafana_datasource");
        Optional<String> value = v.text(SIDECAR + ".labelValue").filter(s -> !s.isBlank()).or(() -> Optional.of("1"));
        Optional<String> search = v.text(SIDECAR + ".searchNamespace").or(() -> v.list(SIDECAR + ".searchNamespace")
                .map(l -> String.join(",", l.stream().map(String::valueOf).toList())));
        List<Datasource> out = new ArrayList<>();
        for (RenderedObject o : r.rendered().objectsOfType(ConfigMap.class)) {
            Map<String, String> labels = o.object().getMetadata().getLabels();
            if (labels == null || !labels.containsKey(label) || value.isPresent() && !value.get().equals(labels.get(label))) {
                continue;
            }
            String ns = r.namespaceOf(o);
            boolean searched = ns.equals(grafanaNs) || search.map(s -> s.strip().equalsIgnoreCase("ALL")
                    || Arrays.stream(s.split(",")).map(String::strip).anyMatch(ns::equals)).orElse(false);
            if (!searched) {
                once(said, findings, AppRenders.at(r.rendered().chart().target(), o, label), "ConfigMap/" + o.name() + " " + r.with()
                        + " is in namespace " + ns + ", where Grafana's data source sidecar does not look ("
                        + SIDECAR + ".searchNamespace: " + search.orElse("not set: Grafana's own namespace, " + grafanaNs) + ")",
                        SIDECAR + ".searchNamespace: ALL (or " + ns + ") in the stack's values, or the ConfigMap in " + grafanaNs);
                continue;
            }
            ConfigMap cm = o.as(ConfigMap.class);
            for (Map.Entry<String, String> file : cm.getData() == null ? List.<Map.Entry<String, String>>of() : cm.getData().entrySet()) {
                Object data;
                try {
                    data = YamlSyntax.load(file.getValue(), true);
                } catch (YamlSyntax.Error e) {
                    once(said, findings, o.location(), "ConfigMap/" + o.name() + " " + r.with() + ": " + file.getKey()
                            + " is not YAML (" + e.getMessage() + ")", "a Grafana provisioning file: apiVersion: 1, datasources: [...]");
                    continue;
                }
                if (data instanceof Map<?, ?> m && m.get("datasources") instanceof List<?> list) {
                    for (Object d : list) {
                        if (d instanceof Map<?, ?> ds) {
                            String url = ds.get("url") == null ? null : String.valueOf(ds.get("url"));
                            out.add(new Datasource(String.valueOf(ds.get("name")), type(ds), Optional.ofNullable(url), ds,
                                    AppRenders.at(r.rendered().chart().target(), o, url == null ? "datasources" : url, "datasources"),
                                    "ConfigMap/" + o.name() + " " + r.with()));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Optional<Datasource> datasource(Object o, ReleaseValues v, String from, StackRelease metrics, Optional<String> ns) {
        if (!(o instanceof Map<?, ?> ds)) {
            return Optional.empty();
        }
        // the stack passes additionalDataSources through tpl: the release's name and namespace are known
        Optional<String> url = Optional.ofNullable(ds.get("url")).map(String::valueOf)
                .map(u -> u.replaceAll("\\{\\{-?\\s*\\.Release\\.Name\\s*-?}}", metrics.name())
                        .replaceAll("\\{\\{-?\\s*\\.Release\\.Namespace\\s*-?}}", ns.orElse("default")));
        return Optional.of(new Datasource(String.valueOf(ds.get("name")), type(ds), url, ds,
                lineOf(v, url.map(u -> "url: " + ds.get("url")).orElse("name: " + ds.get("name"))).orElse(v.locate(ADDITIONAL)), from));
    }

    private static String type(Map<?, ?> ds) {
        return String.valueOf(ds.get("type")).toLowerCase(Locale.ROOT);
    }

    /** The URL names one of the Services, as DNS resolves it from Grafana's namespace. */
    private static void resolves(Datasource d, String grafanaNs, List<Service> services, String what, Set<String> said, Findings findings) {
        if (d.url().isEmpty()) {
            once(said, findings, d.at(), d.describe() + " has no url", "url: " + services.get(0).url());
            return;
        }
        String url = d.url().get();
        if (url.contains("{{")) {
            findings.cannotTell(d.at(), d.describe() + ": url " + url + " is a template fullchain does not compute",
                    "a plain url, e.g. " + services.get(0).url());
            return;
        }
        if (StackServices.resolve(url, grafanaNs, services).isEmpty()) {
            once(said, findings, d.at(), d.describe() + ": url " + url + " names no Service of " + what + ", as seen from"
                            + " Grafana's namespace " + grafanaNs,
                    String.join(" or ", services.stream().map(s -> s.url() + " (" + s.what() + ")").toList()));
        }
    }

    /** A Loki that keeps auth_enabled (its default) answers only requests that name a tenant: X-Scope-OrgID. */
    private static void tenant(Datasource d, StackRelease loki, ReleaseValues lv, Set<String> said, Findings findings) {
        boolean auth = lv.text("loki.auth_enabled").map(s -> !s.equals("false")).orElse(true);
        if (!auth) {
            return;
        }
        boolean header = d.raw().get("jsonData") instanceof Map<?, ?> json && json.entrySet().stream()
                .anyMatch(e -> String.valueOf(e.getKey()).startsWith("httpHeaderName")
                        && "X-Scope-OrgID".equalsIgnoreCase(String.valueOf(e.getValue())));
        if (!header) {
            once(said, findings, d.at(), d.describe() + " sends no tenant, and " + loki.describe() + " has auth_enabled"
                    + lv.text("loki.auth_enabled").map(s -> ": " + s).orElse(" (the chart's default)") + ": every query answers 401"
                    + " \"no org id\"", "jsonData: {httpHeaderName1: X-Scope-OrgID} with secureJsonData: {httpHeaderValue1: <tenant>},"
                    + " or loki.auth_enabled: false (one tenant)");
        }
    }

    /** The line of the newest values file holding the text (a data source's url: line), if one does. */
    private static Optional<Location> lineOf(ReleaseValues v, String needle) {
        List<SourceFile> files = new ArrayList<>(v.files());
        java.util.Collections.reverse(files);
        for (SourceFile f : files) {
            try {
                List<String> lines = f.lines();
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains(needle)) {
                        return Optional.of(f.at(i + 1));
                    }
                }
            } catch (BadInput unreadable) {
                // located elsewhere
            }
        }
        return Optional.empty();
    }

    private static void once(Set<String> said, Findings findings, Location at, String found, String expected) {
        if (said.add(found.replaceAll("\\(with [^)]*\\)", "") + "|" + at)) {
            findings.add(at, found, expected);
        }
    }
}
