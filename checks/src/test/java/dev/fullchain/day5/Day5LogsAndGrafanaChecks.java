package dev.fullchain.day5;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.env.cluster.Cluster;
import dev.fullchain.env.cluster.ClusterResolver;
import dev.fullchain.model.observability.AlloyConfig;
import dev.fullchain.model.observability.LabelSelector;
import dev.fullchain.probe.Http;
import dev.fullchain.probe.cluster.PodPortForward;
import dev.fullchain.probe.cluster.StackInCluster;
import dev.fullchain.probe.grafana.GrafanaApi;
import dev.fullchain.probe.loki.LokiApi;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.target.Layout;
import dev.fullchain.target.Location;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Day 5, cluster, logs and dashboards: a request fullchain marks with X-Request-ID, sent once
 * the log collector is ready, must reach Loki (found by a label query), and Grafana must be
 * healthy, with every data source passing its own health check and the api's dashboard loaded.
 */
@ExtendWith(ClusterResolver.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Day5LogsAndGrafanaChecks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TENANT = Pattern.compile("tenant_id\\s*=\\s*\"([^\"]+)\"");
    private static final Map<String, String> ALLOY = Map.of("app.kubernetes.io/name", "alloy");
    private static final Map<String, String> PROMTAIL = Map.of("app.kubernetes.io/name", "promtail");

    // ------------------------------------------------------------------ D5.RUN.LOKI

    /** The collector as installed: its pod spec, whether it is ready, and its configuration when fullchain can read it. */
    private record Collector(String id, PodSpec pods, boolean ready, String namespace, Optional<AlloyConfig> config) {
    }

    @Criterion("D5.RUN.LOKI")
    @Order(4)
    void aLogLineOfFullchainsMarkedRequestReachesLokiByALabelQuery(Cluster cluster, Target target) {
        MonitoringInCluster m = Day5ClusterChecks.installed(cluster, target);
        StackInCluster.Found loki = m.require(StackInCluster.Component.LOKI);
        Location stackFile = m.stackRelease(target, "alloy");
        if (!workloads(m, PROMTAIL).isEmpty() && workloads(m, ALLOY).isEmpty()) {
            throw Findings.fail(stackFile, "the log collector is Promtail (" + workloads(m, PROMTAIL).get(0).id() + "), which reached end"
                    + " of life on 2026-03-02", "Grafana Alloy (grafana/alloy), collecting the pods' logs into Loki");
        }
        Optional<Collector> found = m.waitFor(() -> workloads(m, ALLOY).stream().anyMatch(Collector::ready))
                ? workloads(m, ALLOY).stream().filter(Collector::ready).findFirst() : workloads(m, ALLOY).stream().findFirst();
        if (found.isEmpty()) {
            throw Findings.fail(stackFile, "no Alloy DaemonSet or Deployment in any namespace (labelled app.kubernetes.io/name=alloy)",
                    "Grafana Alloy installed by the helmfile, collecting the pods' logs");
        }
        Collector alloy = found.get();
        if (!alloy.ready()) {
            throw Findings.fail(stackFile, alloy.id() + " is not ready after " + cluster.timeout().toSeconds()
                    + " s, so fullchain did not send its marked request (a line written before the collector runs may never be read)",
                    "the collector ready (kubectl -n " + alloy.namespace() + " describe " + alloy.id() + ")");
        }
        if (alloy.config().filter(c -> c.has("loki.source.file") || c.has("local.file_match")).isPresent() && !mountsVarLog(alloy.pods())) {
            throw Findings.fail(stackFile, alloy.id() + " reads log files (loki.source.file), but mounts no host path /var/log:"
                    + " the pods' log files are not there to read", "alloy.mounts.varlog: true in Alloy's values (or loki.source.kubernetes)");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        tenant(m, alloy).ifPresent(t -> headers.put("X-Scope-OrgID", t));
        LokiApi api = new LokiApi(m.through(loki, headers));
        String marker = "fullchain-loki-" + UUID.randomUUID();
        Instant sent = Instant.now();
        Http.Response call = m.callApi(Map.of("X-Request-ID", marker));
        Location where = m.app.templateOf(m.app.api());
        if (!call.answered() || call.status() >= 500) {
            throw Findings.fail(where, "the api did not answer fullchain's marked request: " + call.summary() + " " + call.bodyExcerpt(160),
                    "the api answering through its Service (see D3.RUN.CRUD)");
        }
        String query = "{namespace=\"" + m.namespace() + "\"} |= \"" + marker + "\"";
        java.util.concurrent.atomic.AtomicBoolean busyOnTheWay = new java.util.concurrent.atomic.AtomicBoolean();
        var marked = m.poll(() -> {
            LokiApi.Answer a = api.queryRange(query, sent.minusSeconds(300), Instant.now().plusSeconds(60), 50);
            if (a.busy()) {
                busyOnTheWay.set(true);
            }
            return a;
        }, a -> a.ok() && a.lines().stream().anyMatch(l -> l.contains(marker)));
        if (marked.done()) {
            return;
        }
        LokiApi.Answer last = marked.last();
        String within = " within " + cluster.timeout().toSeconds() + " s";
        if (last.busy()) {
            throw Findings.fail(stackFile, "Loki (" + loki.describe() + ") kept answering 429 " + last.problem() + within,
                    "Loki answering queries: in single-binary mode raise limits_config.max_outstanding_requests_per_tenant"
                            + " (or query_scheduler.max_outstanding_requests_per_tenant), or give it more CPU");
        }
        if (!last.ok() && last.exchange().status() == 401) {
            throw Findings.fail(stackFile, "Loki (" + loki.describe() + ") keeps auth_enabled and refused fullchain's query: "
                    + last.problem() + (headers.containsKey("X-Scope-OrgID") ? " (queried as tenant " + headers.get("X-Scope-OrgID") + ")"
                    : "; Alloy's loki.write names no tenant_id, so its pushes are refused too"),
                    "a tenant: tenant_id in Alloy's loki.write endpoint (fullchain queries as it), or monitoring.lokiTenant in fullchain.yaml");
        }
        if (!last.ok()) {
            throw Findings.fail(stackFile, "Loki (" + loki.describe() + ", found " + loki.how() + ") did not answer " + query + ": "
                    + last.problem() + (busyOnTheWay.get() ? " (it also answered 429 on the way)" : ""), "Loki's query_range answering");
        }
        LokiApi.Answer any = api.queryRange("{namespace=\"" + m.namespace() + "\"}", sent.minusSeconds(300), Instant.now().plusSeconds(60), 5);
        if (any.ok() && !any.lines().isEmpty()) {
            throw Findings.fail(where, "lines of namespace " + m.namespace() + " reach Loki, but none with fullchain's X-Request-ID "
                    + marker + within + " (one of them: " + dev.fullchain.check.Text.firstLine(any.lines().get(0)) + ")",
                    "the api logging the request id it is sent in X-Request-ID (the README's api contract)");
        }
        throw Findings.fail(stackFile, "no line of namespace " + m.namespace() + " reached Loki (" + loki.describe() + ")" + within
                        + ", though " + alloy.id() + " is ready", "Alloy collecting the app's pods (its discovery and loki.source)"
                        + " and pushing to Loki's Service (its loki.write URL; kubectl -n " + alloy.namespace() + " logs " + alloy.id() + ")");
    }

    private static List<Collector> workloads(MonitoringInCluster m, Map<String, String> labels) {
        List<Collector> out = new ArrayList<>();
        for (DaemonSet d : m.cluster.client().apps().daemonSets().inAnyNamespace().withLabels(labels).list().getItems()) {
            Integer desired = d.getStatus() == null ? null : d.getStatus().getDesiredNumberScheduled();
            Integer ready = d.getStatus() == null ? null : d.getStatus().getNumberReady();
            out.add(collector(m, "daemonset/" + d.getMetadata().getName(), d.getMetadata().getNamespace(), d.getSpec().getTemplate().getSpec(),
                    desired != null && desired > 0 && ready != null && ready >= desired));
        }
        for (Deployment d : m.cluster.client().apps().deployments().inAnyNamespace().withLabels(labels).list().getItems()) {
            Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
            out.add(collector(m, "deployment/" + d.getMetadata().getName(), d.getMetadata().getNamespace(),
                    d.getSpec().getTemplate().getSpec(), ready != null && ready > 0));
        }
        return out;
    }

    /** The Alloy configuration in the ConfigMap its pods mount (config.alloy), when there is one to read. */
    private static Collector collector(MonitoringInCluster m, String id, String ns, PodSpec pods, boolean ready) {
        Optional<AlloyConfig> config = Optional.empty();
        for (Volume v : Optional.ofNullable(pods.getVolumes()).orElse(List.of())) {
            if (v.getConfigMap() == null) {
                continue;
            }
            ConfigMap cm = m.cluster.client().configMaps().inNamespace(ns).withName(v.getConfigMap().getName()).get();
            Optional<String> text = cm == null || cm.getData() == null ? Optional.empty()
                    : cm.getData().entrySet().stream().filter(e -> e.getKey().endsWith(".alloy")).map(Map.Entry::getValue).findFirst();
            if (text.isPresent()) {
                try {
                    config = Optional.of(AlloyConfig.parse(text.get()));
                } catch (RuntimeException unreadable) {
                    // a configuration Alloy itself could not load shows as the collector not ready
                }
            }
        }
        return new Collector(id, pods, ready, ns, config);
    }

    private static boolean mountsVarLog(PodSpec pods) {
        return Optional.ofNullable(pods.getVolumes()).orElse(List.of()).stream().anyMatch(v -> v.getHostPath() != null
                && ("/var/log".equals(v.getHostPath().getPath().replaceFirst("/$", ""))
                || v.getHostPath().getPath().startsWith("/var/log/pods") || "/var".equals(v.getHostPath().getPath())));
    }

    /** The tenant to query as: fullchain.yaml's monitoring.lokiTenant, else the one Alloy pushes as. */
    private static Optional<String> tenant(MonitoringInCluster m, Collector alloy) {
        Optional<String> mapped = m.layout.monitoring().lokiTenant();
        if (mapped.isPresent()) {
            return mapped;
        }
        return alloy.config().flatMap(c -> {
            Matcher t = TENANT.matcher(c.code());
            return t.find() ? Optional.of(t.group(1)) : Optional.empty();
        });
    }

    // ------------------------------------------------------------------ D5.RUN.GRAFANA

    @Criterion("D5.RUN.GRAFANA")
    @Order(5)
    void grafanaIsHealthyEveryDataSourcePassesItsCheckAndTheDashboardIsLoaded(Cluster cluster, Target target) {
        MonitoringInCluster m = Day5ClusterChecks.installed(cluster, target);
        StackInCluster.Found grafana = m.require(StackInCluster.Component.GRAFANA);
        Location stackFile = m.stackRelease(target, "kube-prometheus-stack");
        Optional<Deployment> deployment = m.cluster.client().apps().deployments().inNamespace(grafana.namespace())
                .withLabels(Map.of("app.kubernetes.io/name", "grafana")).list().getItems().stream().findFirst();
        // Through a port-forward: the API server drops the Authorization header of a request it proxies.
        StringBuilder why = new StringBuilder();
        Optional<PodPortForward> forward = PodPortForward.toService(m.cluster.client(), grafana.namespace(), grafana.name(),
                grafana.port(), why);
        if (forward.isEmpty()) {
            throw Findings.fail(stackFile, "Grafana (" + grafana.describe() + ", found " + grafana.how() + ") cannot be reached: " + why,
                    "a ready Grafana pod behind its Service");
        }
        try (PodPortForward f = forward.get()) {
            judgeGrafana(m, cluster, stackFile, grafana, deployment,
                    new GrafanaApi(f.through(deployment.flatMap(d -> credentials(m, d)).orElse(Map.of()))));
        }
    }

    private static void judgeGrafana(MonitoringInCluster m, Cluster cluster, Location stackFile, StackInCluster.Found grafana,
                                     Optional<Deployment> deployment, GrafanaApi api) {
        Findings findings = new Findings();
        GrafanaApi.Answer<GrafanaApi.Health> health = api.health();
        if (!health.ok() || !health.value().ok()) {
            throw Findings.fail(stackFile, "Grafana (" + grafana.describe() + ", found " + grafana.how() + ") is not healthy: "
                    + (health.ok() ? "database " + health.value().database() : health.problem()), "/api/health with database ok");
        }
        GrafanaApi.Answer<List<GrafanaApi.DataSource>> sources = api.dataSources();
        if (!sources.ok()) {
            throw Findings.fail(stackFile, "Grafana did not list its data sources: " + sources.problem()
                    + (sources.exchange().status() == 401 ? " (fullchain read the admin credentials from the Secret Grafana's"
                    + " Deployment names in GF_SECURITY_ADMIN_USER and GF_SECURITY_ADMIN_PASSWORD)" : ""), "/api/datasources answering");
        }
        for (String type : List.of("prometheus", "loki")) {
            if (sources.value().stream().noneMatch(d -> type.equals(d.type()))) {
                findings.add(stackFile, "Grafana has no " + type + " data source (it has: " + String.join(", ", sources.value().stream()
                        .map(d -> d.name() + " (" + d.type() + ")").toList()) + ")", "a " + type + " data source (see D5.OBS.DATASOURCES)");
            }
        }
        // Only these two: kube-prometheus-stack also provisions an Alertmanager data source, whose plugin has no health check.
        for (GrafanaApi.DataSource d : sources.value().stream().filter(d -> d.type().equals("prometheus") || d.type().equals("loki")).toList()) {
            GrafanaApi.Answer<GrafanaApi.SourceHealth> h = api.dataSourceHealth(d.uid());
            if (!h.ok() || !h.value().ok()) {
                findings.add(stackFile, "data source " + d.name() + " (" + d.type() + ", " + d.url() + ") fails its health check: "
                        + (h.ok() ? h.value().status() + ": " + h.value().message() : h.problem()),
                        "status OK (the URL of a Service the releases create; Loki with auth_enabled needs X-Scope-OrgID)");
            }
        }
        List<ConfigMap> dashboards = dashboardConfigMaps(m);
        if (dashboards.isEmpty()) {
            findings.assertNone();
            m.noneInstalled("ConfigMap holding a dashboard (a .json key)",
                    "the chart's dashboard ConfigMap, turned on by the values the helmfile installs it with");
        }
        for (ConfigMap cm : dashboards) {
            for (String title : titles(cm)) {
                boolean loaded = m.waitFor(() -> {
                    GrafanaApi.Answer<List<GrafanaApi.Dashboard>> found = api.searchDashboards(title);
                    return found.ok() && found.value().stream().anyMatch(x -> title.equals(x.title()));
                });
                if (!loaded) {
                    findings.add(m.templateOf("ConfigMap", cm.getMetadata().getName()), "Grafana has no dashboard \"" + title + "\" (of ConfigMap "
                            + cm.getMetadata().getNamespace() + "/" + cm.getMetadata().getName() + ") after " + cluster.timeout().toSeconds()
                            + " s: " + deployment.map(d -> sidecarView(d, cm)).orElse("no Grafana Deployment to read the sidecar's settings from"),
                            "the dashboard found by search: the sidecar's label and a namespace it searches");
                }
            }
        }
        findings.assertNone();
    }

    /** Basic credentials from the Secret Grafana's container reads its admin user and password from; registered for masking. */
    private static Optional<Map<String, String>> credentials(MonitoringInCluster m, Deployment d) {
        String ns = d.getMetadata().getNamespace();
        Optional<Container> grafana = d.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> "grafana".equals(c.getName())).findFirst();
        Optional<String> user = grafana.flatMap(c -> env(m, ns, c, "GF_SECURITY_ADMIN_USER")).or(() -> Optional.of("admin"));
        Optional<String> password = grafana.flatMap(c -> env(m, ns, c, "GF_SECURITY_ADMIN_PASSWORD"));
        if (user.isEmpty() || password.isEmpty()) {
            return Optional.empty();
        }
        Secrets.register(password.get());
        String basic = Base64.getEncoder().encodeToString((user.get() + ":" + password.get()).getBytes(StandardCharsets.UTF_8));
        return Optional.of(Map.of("Authorization", "Basic " + basic));
    }

    private static Optional<String> env(MonitoringInCluster m, String ns, Container c, String name) {
        for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
            if (!name.equals(e.getName())) {
                continue;
            }
            if (e.getValue() != null) {
                return Optional.of(e.getValue());
            }
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                Secret s = m.cluster.client().secrets().inNamespace(ns).withName(e.getValueFrom().getSecretKeyRef().getName()).get();
                String key = e.getValueFrom().getSecretKeyRef().getKey();
                if (s != null && s.getData() != null && s.getData().get(key) != null) {
                    return Optional.of(new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8));
                }
                if (s != null && s.getStringData() != null && s.getStringData().get(key) != null) {
                    return Optional.of(s.getStringData().get(key));
                }
            }
        }
        return Optional.empty();
    }

    /** The dashboard ConfigMaps the chart renders (a .json key), as the cluster holds them, in the namespace each is rendered to. */
    private static List<ConfigMap> dashboardConfigMaps(MonitoringInCluster m) {
        List<ConfigMap> out = new ArrayList<>();
        for (var o : m.app.rendered().objectsOfType(ConfigMap.class)) {
            ConfigMap rendered = o.as(ConfigMap.class);
            if (rendered.getData() == null || rendered.getData().keySet().stream().noneMatch(k -> k.endsWith(".json"))) {
                continue;
            }
            ConfigMap live = m.cluster.client().configMaps().inNamespace(m.renderedNamespace(o)).withName(rendered.getMetadata().getName()).get();
            if (live != null) {
                out.add(live);
            }
        }
        return out;
    }

    private static List<String> titles(ConfigMap cm) {
        List<String> out = new ArrayList<>();
        cm.getData().forEach((k, v) -> {
            if (k.endsWith(".json")) {
                try {
                    JsonNode title = JSON.readTree(v).path("title");
                    if (title.isTextual() && !title.asText().isBlank()) {
                        out.add(title.asText());
                    }
                } catch (java.io.IOException | RuntimeException broken) {
                    // a dashboard that is not JSON is D5.OBS.DASHBOARD's finding; Grafana loads nothing from it
                }
            }
        });
        return out;
    }

    /** What the dashboards sidecar loads (its LABEL, LABEL_VALUE and NAMESPACE), against the ConfigMap's labels and namespace. */
    private static String sidecarView(Deployment d, ConfigMap cm) {
        Optional<Container> sidecar = d.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName() != null && c.getName().contains("sc-dashboard")).findFirst();
        if (sidecar.isEmpty()) {
            return "Deployment " + d.getMetadata().getName() + " has no dashboards sidecar (grafana.sidecar.dashboards.enabled: true)";
        }
        Map<String, String> env = new LinkedHashMap<>();
        Optional.ofNullable(sidecar.get().getEnv()).orElse(List.of()).stream().filter(e -> e.getValue() != null)
                .forEach(e -> env.put(e.getName(), e.getValue()));
        String label = env.getOrDefault("LABEL", "grafana_dashboard");
        String value = env.get("LABEL_VALUE");
        String namespaces = env.getOrDefault("NAMESPACE", d.getMetadata().getNamespace());
        Map<String, String> has = cm.getMetadata().getLabels() == null ? Map.of() : cm.getMetadata().getLabels();
        boolean labelled = has.containsKey(label) && (value == null || value.equals(has.get(label)));
        boolean searched = "ALL".equals(namespaces) || List.of(namespaces.split(",")).contains(cm.getMetadata().getNamespace());
        return "the sidecar loads ConfigMaps labelled " + label + (value == null ? "" : "=" + value) + " from "
                + ("ALL".equals(namespaces) ? "every namespace" : "namespace(s) " + namespaces) + "; the ConfigMap has labels "
                + LabelSelector.show(has) + " in namespace " + cm.getMetadata().getNamespace()
                + (labelled && searched ? " (so it should load: look at the sidecar's log)" : labelled ? ", a namespace it does not search"
                : ", without that label");
    }
}
