package dev.fullchain.day5;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.day5.AppMonitoring.Installed;
import dev.fullchain.day5.AppMonitoring.PerEnvironment;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.RenderedObject;
import dev.fullchain.model.observability.ApiMetrics;
import dev.fullchain.model.observability.GrafanaDashboard;
import dev.fullchain.model.observability.GrafanaDashboard.Panel;
import dev.fullchain.model.observability.GrafanaDashboard.Query;
import dev.fullchain.model.observability.LabelSelector;
import dev.fullchain.model.observability.ObservabilityStack;
import dev.fullchain.model.observability.ObservabilityStack.StackRelease;
import dev.fullchain.model.observability.RuleFile;
import dev.fullchain.model.observability.StackSelection;
import dev.fullchain.model.observability.StackSelection.DashboardSidecar;
import dev.fullchain.model.observability.promql.Expr;
import dev.fullchain.model.observability.promql.GrafanaVariables;
import dev.fullchain.model.observability.promql.ParseError;
import dev.fullchain.model.observability.promql.PromQL;
import dev.fullchain.target.Location;
import dev.fullchain.target.Missing;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Day 5, static: the api's Grafana dashboard, as a ConfigMap the app chart renders with the
 * helmfile's values, judged as the stack's Grafana sidecar finds it (its label and
 * searchNamespace, from kube-prometheus-stack's values) and with grafana/dashboard-linter's
 * rules for datasources and $__rate_interval; every Prometheus query parsed in-process.
 */
class Day5DashboardChecks {

    private static final Set<String> RATE_FUNCTIONS = Set.of("rate", "irate", "increase");

    /** A dashboard of a ConfigMap, with the file its JSON is written in (the chart's .json file, else the template). */
    private record Board(RenderedObject configMap, String key, GrafanaDashboard dashboard, String source) {
    }

    @Criterion("D5.OBS.DASHBOARD")
    void aConfigMapTheSidecarLoadsHoldsTheApiDashboard(ObservabilityStack stack, HelmCharts helm, Target target) {
        Findings findings = new Findings();
        List<Installed> renders = AppMonitoring.renders(stack, helm, findings);
        ApiMetrics api = AppMonitoring.metrics(target, findings);
        Optional<StackRelease> kps = stack.byChart("kube-prometheus-stack");
        PerEnvironment per = new PerEnvironment(renders);
        boolean anyDashboard = false;
        for (Installed in : renders) {
            Optional<DashboardSidecar> sidecar = kps.map(k -> StackSelection.dashboards(k, stack.values(k, in.environment()),
                    in.environment(), in.environmentValues()));
            // a dashboard by its content, or anything the sidecar would load: what it loads must be JSON
            List<RenderedObject> maps = in.objects().stream().filter(o -> o.is(ConfigMap.class)).filter(o -> looksLikeDashboard(o.as(ConfigMap.class))
                    || sidecar.filter(s -> s.labelled(StackSelection.labels(o.object().getMetadata().getLabels()))).isPresent())
                    .toList();
            anyDashboard |= !maps.isEmpty();
            if (maps.isEmpty()) {
                per.add(in, in.render().chart().location(), "the app chart renders no dashboard ConfigMap",
                        "a ConfigMap labelled for Grafana's sidecar (grafana_dashboard: \"1\") holding the api's dashboard JSON");
                continue;
            }
            sidecar.filter(s -> !s.enabled()).ifPresent(s -> per.add(in, s.enabledAt(), "Grafana's dashboard sidecar is off in the stack's"
                    + " values: no ConfigMap is loaded", "grafana.sidecar.dashboards.enabled: true (the chart's default)"));
            Set<String> recorded = recorded(in);
            List<Board> boards = new ArrayList<>();
            for (RenderedObject o : maps) {
                sidecar.ifPresent(s -> loaded(target, in, o, s, kps.get(), per));
                boards.addAll(parse(target, in, o, per));
            }
            boards.forEach(b -> lint(target, in, b, recorded, api, per));
            if (!boards.isEmpty()) {
                panels(in, boards, api, per);
            }
        }
        if (kps.isEmpty() && anyDashboard) {
            findings.add(Location.of(stack.helmfile().path()), "no release of kube-prometheus-stack: no Grafana loads the dashboard",
                    "a release of prometheus-community/kube-prometheus-stack, whose Grafana's sidecar loads it (see D5.OBS.STACK)");
        }
        if (!anyDashboard && findings.isEmpty()) {
            throw new Missing("a Grafana dashboard for the api (a ConfigMap for the sidecar)", List.of("the ConfigMaps of the app chart "
                    + renders.stream().findFirst().map(r -> r.render().chart().dir()).orElse("") + " rendered with the helmfile's values"
                    + " in " + String.join(", ", renders.stream().map(Installed::environment).toList())), HelmCharts.CHART_KEY);
        }
        per.into(findings);
        findings.assertNone();
    }

    private static boolean looksLikeDashboard(ConfigMap cm) {
        Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
        return data.entrySet().stream().anyMatch(e -> e.getKey().endsWith(".json")
                && (e.getValue().contains("panels") || e.getValue().contains("rows") || e.getValue().contains("dashboard")));
    }

    /** The sidecar's label and searchNamespace both let the ConfigMap in. */
    private static void loaded(Target target, Installed in, RenderedObject o, DashboardSidecar s, StackRelease kps, PerEnvironment per) {
        Map<String, String> labels = StackSelection.labels(o.object().getMetadata().getLabels());
        if (!s.labelled(labels)) {
            Map<String, String> shown = new TreeMap<>(labels);
            shown.keySet().removeIf(k -> k.startsWith("app.kubernetes.io/") || k.equals("helm.sh/chart"));
            String wanted = s.label() + ": \"" + s.labelValue() + "\"";
            per.add(in, AppMonitoring.at(target, o.template(), 0, s.label(), "labels:"), o.id() + " has labels " + LabelSelector.show(shown)
                            + " but not " + (s.labelValue().isEmpty() ? s.label() : wanted) + ", the label Grafana's sidecar of release "
                            + kps.name() + " watches (grafana.sidecar.dashboards.label and labelValue, " + s.labelAt() + "): the dashboard"
                            + " is never loaded", "labels: {" + (s.labelValue().isEmpty() ? s.label() + ": \"1\"" : wanted) + "} on the ConfigMap");
        }
        String ns = in.namespaceOf(o);
        if (ns.isEmpty()) {
            if (s.namespaces().isPresent()) {
                per.cannotTell(in, o.location(), "whether " + o.id() + "'s namespace is one the sidecar searches ("
                        + s.describeNamespaces() + "): the helmfile computes the namespace", "a literal namespace for the app's release");
            }
        } else if (!s.searches(ns)) {
            per.add(in, s.namespacesAt(), o.id() + " is in namespace " + ns + ", which Grafana's sidecar does not search (searchNamespace: "
                    + s.describeNamespaces() + (s.namespacesAt().line() > 0 ? "" : ", Grafana's own namespace by default") + ")",
                    "grafana.sidecar.dashboards.searchNamespace: ALL, or a list that includes " + ns);
        }
    }

    /** Each JSON entry of the ConfigMap; one that does not parse is a finding at its line and column. */
    private static List<Board> parse(Target target, Installed in, RenderedObject o, PerEnvironment per) {
        List<Board> out = new ArrayList<>();
        ConfigMap cm = o.as(ConfigMap.class);
        Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
        if (data.keySet().stream().noneMatch(k -> k.endsWith(".json"))) {
            per.add(in, AppMonitoring.at(target, o.template(), 0, "data:"), o.id() + " has no key ending in .json (keys: " + data.keySet()
                    + "): Grafana provisions only *.json files from the folder the sidecar writes", "data: {<name>.json: <the dashboard JSON>}");
        }
        for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
            if (!e.getKey().endsWith(".json")) {
                continue;
            }
            Optional<SourceFile> file = source(target, in.chartDirOf(o), e.getValue());
            String source = file.map(SourceFile::path).orElse(o.template());
            try {
                out.add(new Board(o, e.getKey(), GrafanaDashboard.parse(e.getValue()), source));
            } catch (GrafanaDashboard.JsonError bad) {
                Location at = file.map(f -> f.at(bad.line())).orElse(AppMonitoring.at(target, o.template(), 0, e.getKey()));
                per.add(in, at, o.id() + ", " + e.getKey() + ": not valid JSON at line " + bad.line() + ", column " + bad.column() + ": "
                        + bad.getMessage(), "the dashboard as Grafana exports it (Share > Export > Save to file): valid JSON");
            }
        }
        return out;
    }

    /** The chart's file whose text is the entry's (a dashboard read with .Files.Get), so lines are that file's. */
    private static Optional<SourceFile> source(Target target, String dir, String content) {
        String prefix = dir.equals(".") ? "" : dir + "/";
        for (String path : target.files().endingWith(".json")) {
            if (path.startsWith(prefix)) {
                Optional<SourceFile> f = AppMonitoring.read(target, path);
                if (f.isPresent() && f.get().text().strip().equals(content.strip())) {
                    return f;
                }
            }
        }
        return Optional.empty();
    }

    /** dashboard-linter's rules: a templated datasource, panels on it, $__rate_interval in rates; queries that parse, on the api's metrics. */
    private static void lint(Target target, Installed in, Board b, Set<String> recorded, ApiMetrics api, PerEnvironment per) {
        GrafanaDashboard d = b.dashboard();
        String who = "dashboard '" + d.title() + "' (" + b.configMap().id() + ", " + b.key() + ")";
        if (!d.inputs().isEmpty()) {
            per.add(in, AppMonitoring.at(target, b.source(), 0, "\"__inputs\""), who + " was exported for sharing externally: its"
                            + " datasources are import inputs (" + String.join(", ", d.inputs().stream().map(i -> "${" + i + "}").toList())
                            + ") that only Grafana's import dialog fills; provisioned by the sidecar, its panels find no datasource",
                    "the dashboard exported without \"Export for sharing externally\", with a datasource variable"
                            + " (type datasource, query prometheus) in templating.list");
        }
        boolean prometheusVariable = d.variables().stream().anyMatch(v -> "datasource".equals(v.path("type").asText())
                && "prometheus".equals(v.path("query").asText()));
        if (!prometheusVariable) {
            per.add(in, AppMonitoring.at(target, b.source(), 0, "\"templating\"", "\"title\""), who + " does not have a templated"
                    + " Prometheus data source", "templating.list: a variable {\"name\": \"datasource\", \"type\": \"datasource\","
                    + " \"query\": \"prometheus\"} (dashboard-linter's template-datasource-rule)");
        }
        if (d.truncated()) {
            per.cannotTell(in, Location.of(b.source()), "what " + who + "'s panels after the first " + GrafanaDashboard.MAX_PANELS
                    + " query: they are not read", "a dashboard of fewer panels");
        }
        for (Panel p : d.panels()) {
            Location at = AppMonitoring.at(target, b.source(), 0, "\"title\": \"" + p.title() + "\"", "\"title\":\"" + p.title() + "\"");
            for (Query q : p.queries()) {
                String kind = d.kind(q.datasource()).orElse("prometheus");
                if (!kind.equals("prometheus") || q.expr().isBlank()) {
                    continue;
                }
                String target2 = "panel '" + p.title() + "', target '" + q.refId() + "'";
                if (GrafanaDashboard.variable(q.datasource()).isEmpty() && GrafanaDashboard.variable(p.datasource()).isEmpty()) {
                    per.add(in, at, who + ", " + target2 + " does not use a templated datasource, uses "
                                    + GrafanaDashboard.describe(q.datasource()), "\"datasource\": {\"type\": \"prometheus\", \"uid\": \"${datasource}\"}"
                                    + " (dashboard-linter's panel-datasource-rule): the dashboard then works with any Prometheus");
                }
                Expr e;
                try {
                    e = PromQL.parse(GrafanaVariables.substitute(q.expr()));
                } catch (ParseError bad) {
                    if (GrafanaVariables.dependsOnVariables(q.expr())) {
                        per.cannotTell(in, at, "whether " + who + ", " + target2 + " parses: '" + q.expr() + "' reads as " + bad.getMessage()
                                + " once the dashboard's variables are replaced by their names, and their values decide",
                                "variables only in label values (\"$namespace\") and $__rate_interval in ranges");
                    } else {
                        per.add(in, at, who + ", " + target2 + ": invalid PromQL query '" + q.expr() + "': " + bad.getMessage()
                                + " (after Grafana's variables are replaced)", "a query PromQL parses");
                    }
                    continue;
                }
                for (String name : PromQL.metricNames(e)) {
                    if (!api.exposed(name, recorded) && GrafanaVariables.writtenIn(q.expr(), name)) {
                        per.add(in, at, who + ", " + target2 + " reads " + name + ", which the api does not expose: the panel stays empty",
                                "a metric the api exposes: " + api.describe());
                    }
                }
                for (String f : RATE_FUNCTIONS) {
                    for (Expr.Call c : PromQL.calls(e, f)) {
                        Expr arg = c.args().get(0) instanceof Expr.Modified m ? m.expr() : c.args().get(0);
                        if (arg instanceof Expr.MatrixSelector ms && !GrafanaVariables.isRateInterval(ms.range())) {
                            per.add(in, at, who + ", " + target2 + " should use $__rate_interval: " + f + "(...[" + shown(ms.range()) + "])",
                                    f + "(...[$__rate_interval]): a fixed window misses samples when the scrape interval or the zoom"
                                            + " changes (dashboard-linter's target-rate-interval-rule)");
                        }
                    }
                }
            }
        }
    }

    private static String shown(Expr.Duration d) {
        return switch (d.text()) {
            case GrafanaVariables.INTERVAL -> "$__interval";
            case GrafanaVariables.RANGE -> "$__range";
            case GrafanaVariables.VARIABLE_RANGE -> "a dashboard variable";
            default -> d.text();
        };
    }

    /** Request rate, error rate, p95 latency and the api's logs, each in some panel of this environment's dashboards. */
    private static void panels(Installed in, List<Board> boards, ApiMetrics api, PerEnvironment per) {
        boolean rate = false;
        boolean errors = false;
        boolean latency = false;
        boolean logs = false;
        for (Board b : boards) {
            for (Panel p : b.dashboard().panels()) {
                boolean lokiPanel = b.dashboard().kind(p.datasource()).filter("loki"::equals).isPresent();
                for (Query q : p.queries()) {
                    String kind = b.dashboard().kind(q.datasource()).orElse(lokiPanel ? "loki" : "prometheus");
                    if (kind.equals("loki")) {
                        logs |= p.type().equals("logs") && !q.expr().isBlank();
                        continue;
                    }
                    Expr e;
                    try {
                        e = PromQL.parse(GrafanaVariables.substitute(q.expr()));
                    } catch (ParseError bad) {
                        continue;
                    }
                    List<Expr.VectorSelector> requests = PromQL.selectors(e).stream()
                            .filter(s -> s.metric().filter(api.requests()::equals).isPresent()).toList();
                    boolean fiveXx = requests.stream().anyMatch(s -> s.matchers().stream().anyMatch(Day5AlertChecks::selects5xx));
                    boolean rated = RATE_FUNCTIONS.stream().anyMatch(f -> !PromQL.calls(e, f).isEmpty());
                    errors |= fiveXx && rated;
                    rate |= !requests.isEmpty() && rated && !fiveXx;
                    latency |= PromQL.calls(e, "histogram_quantile").stream().anyMatch(c -> c.args().get(0) instanceof Expr.NumberLiteral n
                            && n.value() == 0.95 && PromQL.metricNames(c.args().get(1)).contains(api.bucket()));
                }
            }
        }
        Location at = Location.of(boards.get(0).source());
        if (!rate) {
            per.add(in, at, "no request rate panel", "a panel on sum by (route) (rate(" + api.requests() + "[$__rate_interval]))");
        }
        if (!errors) {
            per.add(in, at, "no error rate panel", "a panel on sum(rate(" + api.requests() + "{status=~\"5..\"}[$__rate_interval]))"
                    + " / sum(rate(" + api.requests() + "[$__rate_interval]))");
        }
        if (!latency) {
            per.add(in, at, "no p95 latency panel", "a panel on histogram_quantile(0.95, sum by (le) (rate(" + api.bucket()
                    + "[$__rate_interval])))");
        }
        if (!logs) {
            per.add(in, at, "no Loki logs panel", "a panel of type logs on a Loki datasource (a datasource variable with query loki),"
                    + " e.g. {namespace=\"$namespace\", container=\"api\"} | json");
        }
    }

    /** The names the chart's own recording rules make: a panel may read them. */
    private static Set<String> recorded(Installed in) {
        Set<String> out = new LinkedHashSet<>();
        in.objects().stream().filter(o -> "PrometheusRule".equals(o.kind()) && o.object() instanceof GenericKubernetesResource)
                .forEach(o -> out.addAll(RuleFile.of(((GenericKubernetesResource) o.object()).getAdditionalProperties().get("spec")).recorded()));
        return out;
    }
}
