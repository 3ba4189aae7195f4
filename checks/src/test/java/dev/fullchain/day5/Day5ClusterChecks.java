package dev.fullchain.day5;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.env.cluster.Cluster;
import dev.fullchain.env.cluster.ClusterResolver;
import dev.fullchain.model.observability.LabelSelector;
import dev.fullchain.probe.Http;
import dev.fullchain.probe.cluster.MonitoringKinds;
import dev.fullchain.probe.cluster.PrometheusSelection;
import dev.fullchain.probe.cluster.StackInCluster;
import dev.fullchain.probe.prometheus.PrometheusApi;
import dev.fullchain.target.Location;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.TestAbortedException;

/**
 * Day 5, cluster: the stack the helmfile installed, used read-only through the API server's
 * service proxy. Prometheus scrapes the api and has loaded its rules, the request rate rises
 * after fullchain's own requests, a marked request's log line reaches Loki, and Grafana's data
 * sources and dashboard work. The only thing fullchain changes is the traffic it sends the api.
 * Logs and Grafana live in {@link Day5LogsAndGrafanaChecks}.
 */
@ExtendWith(ClusterResolver.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Day5ClusterChecks {

    /** Requests fullchain sends the api before it reads the request counter. */
    static final int REQUESTS = 20;

    // ------------------------------------------------------------------ D5.RUN.TARGETS

    @Criterion("D5.RUN.TARGETS")
    @Order(1)
    void prometheusScrapesTheApiThroughItsServiceMonitorAndTheTargetIsUp(Cluster cluster, Target target) {
        MonitoringInCluster m = installed(cluster, target);
        List<GenericKubernetesResource> monitors = apiMonitors(m, m.required(MonitoringKinds.SERVICE_MONITOR,
                "the chart's ServiceMonitor for the api, turned on by the values the helmfile installs it with"));
        StackInCluster.Found prometheus = m.require(StackInCluster.Component.PROMETHEUS);
        PrometheusApi api = new PrometheusApi(m.through(prometheus, Map.of()));
        var targets = m.poll(api::activeTargets, a -> a.ok() && monitors.stream().allMatch(sm -> {
            List<PrometheusApi.ScrapeTarget> pool = pool(a.value(), sm);
            return !pool.isEmpty() && pool.stream().allMatch(PrometheusApi.ScrapeTarget::up);
        }));
        if (targets.done()) {
            return;
        }
        if (!targets.last().ok()) {
            throw Findings.fail(Location.of(m.app.app.chart().dir()), "Prometheus (" + prometheus.describe() + ", found "
                    + prometheus.how() + ") did not list its targets: " + targets.last().problem(), "Prometheus' /api/v1/targets answering");
        }
        Findings findings = new Findings();
        for (GenericKubernetesResource sm : monitors) {
            Location where = m.templateOf("ServiceMonitor", sm.getMetadata().getName());
            List<PrometheusApi.ScrapeTarget> pool = pool(targets.last().value(), sm);
            String after = " after " + cluster.timeout().toSeconds() + " s";
            if (pool.isEmpty()) {
                findings.add(where, "Prometheus (" + prometheus.describe() + ") has no target of ServiceMonitor " + MonitoringKinds.id(sm)
                        + after + ": " + whyNoTarget(m, sm), "a scrape pool serviceMonitor/" + MonitoringKinds.id(sm) + "/0 with the api's target up");
                continue;
            }
            for (PrometheusApi.ScrapeTarget t : pool) {
                if (!t.up()) {
                    findings.add(where, "target " + t.scrapeUrl() + " of ServiceMonitor " + MonitoringKinds.id(sm) + " is " + t.health()
                                    + after + ", lastError: " + (t.lastError().isBlank() ? "(none)" : t.lastError()),
                            "health up (a 404 names a wrong path:, connection refused a wrong port)");
                }
            }
        }
        findings.assertNone();
    }

    /** The ServiceMonitors that select the api's Service (another one, of a database exporter, is not this criterion's); all when none does. */
    private static List<GenericKubernetesResource> apiMonitors(MonitoringInCluster m, List<GenericKubernetesResource> monitors) {
        Optional<Map<String, String>> apiLabels = m.app.serviceOf(m.app.api()).flatMap(api -> m.app.rendered().ofType(Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals(api.getKey())).findFirst())
                .map(s -> s.getMetadata().getLabels() == null ? Map.<String, String>of() : s.getMetadata().getLabels());
        if (apiLabels.isEmpty()) {
            return monitors;
        }
        List<GenericKubernetesResource> api = monitors.stream()
                .filter(sm -> LabelSelector.of(MonitoringKinds.spec(sm, "selector").orElse(null)).matches(apiLabels.get())).toList();
        return api.isEmpty() ? monitors : api;
    }

    /** The operator names a ServiceMonitor's scrape pools serviceMonitor/NAMESPACE/NAME/ENDPOINT-INDEX. */
    private static List<PrometheusApi.ScrapeTarget> pool(List<PrometheusApi.ScrapeTarget> targets, GenericKubernetesResource sm) {
        String prefix = "serviceMonitor/" + MonitoringKinds.id(sm) + "/";
        return targets.stream().filter(t -> t.scrapePool().startsWith(prefix)).toList();
    }

    /** Why a ServiceMonitor gives no target: no Prometheus selects it, its selector finds no Service, or its port names none. */
    private static String whyNoTarget(MonitoringInCluster m, GenericKubernetesResource sm) {
        List<GenericKubernetesResource> prometheuses = PrometheusSelection.prometheuses(m.cluster.client());
        List<String> notSelected = new ArrayList<>();
        for (GenericKubernetesResource p : prometheuses) {
            PrometheusSelection.whyNotSelected(m.cluster.client(), p, PrometheusSelection.Kind.SERVICE_MONITOR, sm).ifPresent(notSelected::add);
        }
        if (prometheuses.isEmpty()) {
            return "the cluster has no Prometheus object (monitoring.coreos.com/v1) to read its selectors from (kubectl get prometheus -A)";
        }
        if (notSelected.size() == prometheuses.size()) {
            return String.join("; ", notSelected);
        }
        Map<?, ?> nsSelector = MonitoringKinds.spec(sm, "namespaceSelector").filter(Map.class::isInstance).map(Map.class::cast).orElse(Map.of());
        if (Boolean.TRUE.equals(nsSelector.get("any"))) {
            return "it selects Services in every namespace (namespaceSelector.any), and no target appeared";
        }
        Object selector = MonitoringKinds.spec(sm, "selector").orElse(null);
        List<String> namespaces = MonitoringKinds.spec(sm, "namespaceSelector").filter(Map.class::isInstance).map(Map.class::cast)
                .map(ns -> ns.get("matchNames") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.<String>of())
                .filter(l -> !l.isEmpty()).orElse(List.of(sm.getMetadata().getNamespace()));
        List<Service> services = namespaces.stream().flatMap(ns -> m.cluster.client().services().inNamespace(ns).list().getItems().stream())
                .filter(s -> LabelSelector.of(selector).matches(s.getMetadata().getLabels() == null ? Map.of() : s.getMetadata().getLabels()))
                .toList();
        if (services.isEmpty()) {
            return "its selector " + LabelSelector.of(selector).describe() + " matches no Service in " + String.join(", ", namespaces);
        }
        List<String> ports = new ArrayList<>();
        if (MonitoringKinds.spec(sm, "endpoints").orElse(null) instanceof List<?> endpoints) {
            for (Object e : endpoints) {
                if (e instanceof Map<?, ?> ep && ep.get("port") != null) {
                    ports.add(String.valueOf(ep.get("port")));
                }
            }
        }
        for (String port : ports) {
            boolean named = services.stream().anyMatch(s -> s.getSpec().getPorts().stream().anyMatch(p -> port.equals(p.getName())));
            if (!named) {
                Service s = services.get(0);
                return "its endpoint port: " + port + " is not the name of a port of Service " + s.getMetadata().getName()
                        + " (its ports: " + String.join(", ", s.getSpec().getPorts().stream().map(Day5ClusterChecks::show).toList())
                        + "); port: takes the port's name";
            }
        }
        return "it selects Service " + services.get(0).getMetadata().getName() + " and Prometheus selects it, but no target appeared"
                + " (is the Prometheus Operator running? its log says why: kubectl logs -l app=kube-prometheus-stack-operator -A)";
    }

    private static String show(ServicePort p) {
        return (p.getName() == null ? "(unnamed)" : p.getName()) + " " + p.getPort();
    }

    // ------------------------------------------------------------------ D5.RUN.QUERY

    @Criterion("D5.RUN.QUERY")
    @Order(2)
    void afterFullchainsRequestsTheApisRequestCounterAndRateRise(Cluster cluster, Target target) {
        MonitoringInCluster m = installed(cluster, target);
        StackInCluster.Found prometheus = m.require(StackInCluster.Component.PROMETHEUS);
        PrometheusApi api = new PrometheusApi(m.through(prometheus, Map.of()));
        String metric = m.layout.api().requestsMetric();
        String series = metric + "{namespace=\"" + m.namespace() + "\"}";
        String total = "sum(" + series + ")";
        Optional<Double> before = value(api.query(total));
        int answered = 0;
        Http.Response lastCall = null;
        for (int i = 0; i < REQUESTS; i++) {
            lastCall = m.callApi(Map.of("X-Request-ID", "fullchain-query-" + i));
            answered += lastCall.answered() && lastCall.status() < 500 ? 1 : 0;
        }
        Location where = m.app.templateOf(m.app.api());
        if (answered == 0) {
            throw Findings.fail(where, "none of fullchain's " + REQUESTS + " requests to the api was answered (last: "
                    + lastCall.summary() + " " + lastCall.bodyExcerpt(160) + ")", "the api answering through its Service (see D3.RUN.CRUD)");
        }
        double from = before.orElse(0.0);
        var now = m.poll(() -> value(api.query(total)), v -> v.filter(x -> x >= from + REQUESTS).isPresent());
        String after = " within " + cluster.timeout().toSeconds() + " s";
        if (now.last().isEmpty()) {
            if (m.releaseObjects(MonitoringKinds.SERVICE_MONITOR).isEmpty()) {
                m.noneInstalled("ServiceMonitor", "the chart's ServiceMonitor, so that Prometheus scrapes the api (see D5.RUN.TARGETS)");
            }
            throw Findings.fail(where, "Prometheus (" + prometheus.describe() + ") has no series " + series + " after fullchain's "
                            + REQUESTS + " requests" + after, "the api's request counter " + metric + ", scraped (see D5.RUN.TARGETS; "
                            + "another name: map it in fullchain.yaml, api.requestsMetric)");
        }
        if (!now.done()) {
            throw Findings.fail(where, total + " went from " + fmt(from) + " to " + fmt(now.last().get()) + " after fullchain's " + REQUESTS
                    + " requests to " + m.layout.api().items() + after, "a rise of at least " + REQUESTS
                    + ": the api counts every request it serves, and Prometheus scrapes it at least once in that time");
        }
        long interval = m.releaseObjects(MonitoringKinds.SERVICE_MONITOR).stream().findFirst()
                .flatMap(sm -> MonitoringKinds.spec(sm, "endpoints")).filter(List.class::isInstance).map(List.class::cast)
                .filter(l -> !l.isEmpty() && l.get(0) instanceof Map<?, ?>).map(l -> ((Map<?, ?>) l.get(0)).get("interval"))
                .map(i -> MonitoringInCluster.seconds(i, 30)).orElse(30L);
        String rate = "sum(rate(" + series + "[" + Math.max(60, 4 * interval) + "s]))";
        // a series fullchain's requests created has one sample at first: rate needs a second scrape
        var r = m.poll(() -> value(api.query(rate)), v -> v.filter(x -> x > 0).isPresent());
        if (!r.done()) {
            throw Findings.fail(where, rate + " is " + r.last().map(Day5ClusterChecks::fmt).orElse("empty") + " after the counter rose, "
                    + m.waited(),
                    "a request rate above 0");
        }
    }

    private static Optional<Double> value(PrometheusApi.Answer<List<PrometheusApi.Sample>> a) {
        return a.ok() && !a.value().isEmpty() ? Optional.of(a.value().get(0).value()).filter(v -> !v.isNaN()) : Optional.empty();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    // ------------------------------------------------------------------ D5.RUN.RULES

    @Criterion("D5.RUN.RULES")
    @Order(3)
    void prometheusHasLoadedTheApisAlertRulesEveryRuleHealthy(Cluster cluster, Target target) {
        MonitoringInCluster m = installed(cluster, target);
        List<GenericKubernetesResource> rules = m.required(MonitoringKinds.PROMETHEUS_RULE,
                "the chart's PrometheusRule with the api's alerts, turned on by the values the helmfile installs it with");
        StackInCluster.Found prometheus = m.require(StackInCluster.Component.PROMETHEUS);
        PrometheusApi api = new PrometheusApi(m.through(prometheus, Map.of()));
        var loaded = m.poll(api::rules, a -> a.ok() && rules.stream().allMatch(r -> {
            List<PrometheusApi.Rule> of = loadedFrom(a.value(), r);
            return of.size() >= ruleCount(r) && of.stream().allMatch(PrometheusApi.Rule::ok);
        }));
        if (loaded.done()) {
            return;
        }
        if (!loaded.last().ok()) {
            throw Findings.fail(m.app.app.chart().location(), "Prometheus (" + prometheus.describe() + ") did not list its rules: "
                    + loaded.last().problem(), "Prometheus' /api/v1/rules answering");
        }
        Findings findings = new Findings();
        for (GenericKubernetesResource r : rules) {
            Location where = m.templateOf("PrometheusRule", r.getMetadata().getName());
            List<PrometheusApi.Rule> of = loadedFrom(loaded.last().value(), r);
            if (of.isEmpty()) {
                List<String> why = new ArrayList<>();
                for (GenericKubernetesResource p : PrometheusSelection.prometheuses(cluster.client())) {
                    PrometheusSelection.whyNotSelected(cluster.client(), p, PrometheusSelection.Kind.RULE, r).ifPresent(why::add);
                }
                findings.add(where, "Prometheus (" + prometheus.describe() + ") has not loaded PrometheusRule " + MonitoringKinds.id(r)
                        + " after " + cluster.timeout().toSeconds() + " s: " + (why.isEmpty()
                        ? "a Prometheus selects it, so the operator refused it (kubectl logs of the operator name the reason)"
                        : String.join("; ", why)), "its groups " + groupNames(r) + " loaded");
                continue;
            }
            for (PrometheusApi.Rule rule : of) {
                if (!rule.ok()) {
                    findings.add(where, "rule " + rule.name() + " of group " + rule.group() + " has health " + rule.health()
                            + ": " + rule.lastError(), "health ok");
                }
            }
        }
        findings.assertNone();
    }

    /** The loaded rules of a PrometheusRule: its groups, in the rule file the operator names NAMESPACE-NAME-UID.yaml. */
    private static List<PrometheusApi.Rule> loadedFrom(List<PrometheusApi.Rule> loaded, GenericKubernetesResource r) {
        List<String> groups = groupNames(r);
        String file = "/" + r.getMetadata().getNamespace() + "-" + r.getMetadata().getName() + "-";
        return loaded.stream().filter(x -> groups.contains(x.group()) && (x.file().isBlank() || x.file().contains(file))).toList();
    }

    private static List<String> groupNames(GenericKubernetesResource r) {
        return MonitoringKinds.spec(r, "groups").filter(List.class::isInstance).map(l -> ((List<?>) l).stream()
                .filter(Map.class::isInstance).map(g -> String.valueOf(((Map<?, ?>) g).get("name"))).toList()).orElse(List.of());
    }

    private static int ruleCount(GenericKubernetesResource r) {
        return MonitoringKinds.spec(r, "groups").filter(List.class::isInstance).map(l -> ((List<?>) l).stream()
                .filter(Map.class::isInstance).mapToInt(g -> ((Map<?, ?>) g).get("rules") instanceof List<?> rs ? rs.size() : 0).sum())
                .orElse(0);
    }

    // ------------------------------------------------------------------ D5.RUN.TRACES

    @Criterion("D5.RUN.TRACES")
    @Order(6)
    void theApisSpansReachTempoOrJaeger(Cluster cluster, Target target) {
        StackInCluster.Lookup traces = StackInCluster.find(cluster.client(), StackInCluster.Component.TRACES, target.layout().monitoring());
        throw new TestAbortedException(traces.found()
                .map(f -> "tracing is the bonus of Day 5: " + f.describe() + " (" + f.how() + ") is there, but fullchain does not read"
                        + " traces, so it cannot say whether the api's spans reach it")
                .orElse("tracing is the bonus of Day 5, and not deployed: " + traces.looked()));
    }

    // ------------------------------------------------------------------ shared

    /** The release's view, once the install is known to have worked (else the install's failure). */
    static MonitoringInCluster installed(Cluster cluster, Target target) {
        MonitoringInCluster m = new MonitoringInCluster(cluster, target.layout());
        Findings findings = new Findings();
        if (!m.app.installed(findings)) {
            findings.assertNone();
        }
        m.app.waitRolledOut();
        return m;
    }
}
