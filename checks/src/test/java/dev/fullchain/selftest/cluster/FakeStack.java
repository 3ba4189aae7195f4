package dev.fullchain.selftest.cluster;

import dev.fullchain.probe.Http;
import dev.fullchain.selftest.prometheus.ApiMetricsStandIn;
import dev.fullchain.selftest.prometheus.PrometheusProcess;
import dev.fullchain.selftest.prometheus.RealApiProcess;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The reference helmfile's observability stack as `helmfile apply` leaves it in namespace
 * monitoring, built from the target's own stack values (charts/monitoring/*.yaml), so a
 * mutant of those values changes what the cluster holds:
 * <ul>
 *   <li>kube-prometheus-stack: the Prometheus object with the selectors its chart writes
 *       from the values, Services prometheus-operated and kube-prometheus-stack-prometheus
 *       (answered by a real Prometheus process, driven by {@link FakeOperator}), Grafana's
 *       Deployment, admin Secret and Service ({@link FakeGrafana});</li>
 *   <li>Loki's Services ({@link FakeLoki});</li>
 *   <li>Alloy's DaemonSet and configuration: a line the api writes reaches Loki only when the
 *       DaemonSet is ready and its configuration would collect it (loki.source.kubernetes, or
 *       loki.source.file with /var/log mounted) and push it to a Loki Service that exists.</li>
 * </ul>
 * The api's metrics are a stand-in on 127.0.0.1 that counts what the fake api serves.
 */
final class FakeStack implements AutoCloseable {

    static final String NS = "monitoring";
    static final String RELEASE = "kube-prometheus-stack";
    /** The admin password of Grafana's Secret: random-looking, so a leak into a report would be seen. */
    static final String GRAFANA_PASSWORD = "Gr4f-" + java.util.UUID.randomUUID().toString().replace("-", "");

    private static final Pattern PROXY = Pattern.compile("^/api/v1/namespaces/([^/]+)/services/(?:https?:)?([^/:]+)(?::([^/]+))?/proxy(/[^?]*)?(?:\\?(.*))?$");
    private static final Pattern WRITE_URL = Pattern.compile("url\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern TENANT_ID = Pattern.compile("tenant_id\\s*=\\s*\"([^\"]+)\"");

    private final KubernetesClient client;
    private final ClusterFaults faults;
    private final Path work;
    private final ApiMetricsStandIn metrics;
    private final PrometheusProcess prometheus;
    private final FakeOperator operator;
    private final FakeLoki loki;
    private final FakeGrafana grafana;
    /** What the fakes read of the cluster while they answer a request: read ahead, since a call back to the mock would wait on itself. */
    private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of(), false, null);
    private final java.util.concurrent.ScheduledExecutorService refresh = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-stack-state");
        t.setDaemon(true);
        return t;
    });

    /** The Services ("ns/name" to ports), the ConfigMaps, and whether Alloy collects now. */
    record Snapshot(Map<String, java.util.Set<Integer>> servicePorts, List<io.fabric8.kubernetes.api.model.ConfigMap> configMaps,
                    boolean collecting, String tenant) {

        /** Whether cluster DNS, from {@code fromNamespace}, resolves the URL's host to a Service with the URL's port. */
        boolean reachable(String url, String fromNamespace) {
            java.net.URI u = java.net.URI.create(url);
            String[] host = u.getHost().split("\\.");
            String ns = host.length > 1 ? host[1] : fromNamespace;
            int port = u.getPort() == -1 ? 80 : u.getPort();
            return servicePorts.getOrDefault(ns + "/" + host[0], java.util.Set.of()).contains(port);
        }
    }

    /** The real fixture api, when it stands in for the api's containers: its own metrics are scraped and its own log lines collected. */
    private final Optional<RealApiProcess> realApi;
    private volatile String[] lastApiPod;
    private long logRead;

    private FakeStack(KubernetesClient client, Path target, ClusterFaults faults, Optional<RealApiProcess> realApi)
            throws IOException, InterruptedException {
        this.client = client;
        this.faults = faults;
        this.realApi = realApi;
        Path values = target.resolve("charts/monitoring");
        Map<String, Object> kps = yaml(values.resolve("kube-prometheus-stack.yaml"));
        Map<String, Object> alloy = yaml(values.resolve("alloy.yaml"));
        Map<String, Object> lokiValues = yaml(values.resolve("loki.yaml"));
        work = Files.createTempDirectory("fullchain-fake-stack-");
        metrics = new ApiMetricsStandIn();
        prometheus = PrometheusProcess.start(work, FakeOperator.emptyConfig(), "--web.enable-lifecycle");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        prometheusObject(kps);
        service("prometheus-operated", Map.of("operated-prometheus", "true"), "web", 9090, true);
        service(RELEASE + "-prometheus", Map.of("app", RELEASE + "-prometheus", "release", RELEASE), "http-web", 9090, false);
        service("alertmanager-operated", Map.of("operated-alertmanager", "true"), "web", 9093, true);
        // Loki's chart labels every Service of the release alike (the component is on the pods' selector only).
        service("loki-headless", Map.of("app.kubernetes.io/name", "loki", "app.kubernetes.io/instance", "loki"), "http-metrics", 3100, true);
        service("loki-memberlist", Map.of("app.kubernetes.io/name", "loki", "app.kubernetes.io/instance", "loki"), "tcp", 7946, true);
        service("loki", Map.of("app.kubernetes.io/name", "loki", "app.kubernetes.io/instance", "loki"), "http-metrics", 3100, false);
        service("loki-gateway", Map.of("app.kubernetes.io/name", "loki", "app.kubernetes.io/component", "gateway"), "http-metrics", 80, false);
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName(RELEASE + "-grafana").withNamespace(NS)
                .addToLabels("app.kubernetes.io/name", "grafana").endMetadata().withNewSpec()
                .addToSelector("app.kubernetes.io/name", "grafana").addToSelector("app.kubernetes.io/instance", RELEASE)
                .addNewPort().withName("http-web").withPort(80).withNewTargetPort(3000).endPort().endSpec().build()).create();
        alloy(alloy);
        grafana = grafana(kps);
        loki = new FakeLoki(faults.lokiBusy(), Boolean.TRUE.equals(dig(lokiValues, "loki", "auth_enabled").orElse(true)));
        operator = new FakeOperator(client, work, prometheus.url(""), faults.apiMetricsDown() ? PrometheusProcess.freePort()
                : realApi.map(RealApiProcess::port).orElse(metrics.port()));
        refreshQuietly();
        refresh.scheduleWithFixedDelay(this::refreshQuietly, 100, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void refreshQuietly() {
        try {
            realApi.ifPresent(this::collectRealLog);
            Map<String, java.util.Set<Integer>> ports = new LinkedHashMap<>();
            for (var svc : client.services().inAnyNamespace().list().getItems()) {
                ports.put(svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName(), svc.getSpec().getPorts().stream()
                        .map(io.fabric8.kubernetes.api.model.ServicePort::getPort).collect(java.util.stream.Collectors.toSet()));
            }
            Snapshot next = new Snapshot(ports, client.configMaps().inAnyNamespace().list().getItems(), false, null);
            snapshot = new Snapshot(ports, next.configMaps(), collects(next), pushTenant());
        } catch (RuntimeException e) {
            // the mock is closing, or a write raced: the next pass reads again
        }
    }

    /** The real api's new log lines, as Alloy would collect them from the api pod that served the last request. */
    private void collectRealLog(RealApiProcess api) {
        String[] pod = lastApiPod;
        String all;
        try {
            all = api.log();
        } catch (IOException e) {
            return;
        }
        String fresh = all.substring((int) Math.min(logRead, all.length()));
        int end = fresh.lastIndexOf('\n');
        if (end < 0) {
            return;
        }
        logRead += end + 1;
        if (pod == null || !snapshot.collecting()) {
            return;
        }
        for (String line : fresh.substring(0, end).split("\n")) {
            loki.push(snapshot.tenant(), Map.of("namespace", pod[0], "pod", pod[1], "container", pod[2]), line);
        }
    }

    /** The stack, when the target has the reference layout's stack values (charts/monitoring/); else none. */
    static Optional<FakeStack> install(KubernetesClient client, Path target, ClusterFaults faults) {
        return install(client, target, faults, Optional.empty());
    }

    static Optional<FakeStack> install(KubernetesClient client, Path target, ClusterFaults faults, Optional<RealApiProcess> realApi) {
        if (!Files.isRegularFile(target.resolve("charts/monitoring/kube-prometheus-stack.yaml")) || PrometheusProcess.binary().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FakeStack(client, target, faults, realApi));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The service proxy: the stack's Services here, the app's to {@code apps}. */
    Function<RecordedRequest, MockResponse> proxy(Function<RecordedRequest, MockResponse> apps) {
        return request -> {
            Matcher m = PROXY.matcher(request.getPath());
            if (!m.matches() || !m.group(1).equals(NS)) {
                return apps.apply(request);
            }
            String path = m.group(4) == null ? "/" : m.group(4);
            String query = m.group(5);
            return switch (m.group(2)) {
                case "prometheus-operated", RELEASE + "-prometheus" -> forward(prometheus.url(path) + (query == null ? "" : "?" + query));
                case "loki", "loki-gateway" -> loki.serve(path, query, request.getHeader("X-Scope-OrgID"));
                // The API server drops the Authorization header of a request it has authenticated: never proxied.
                case RELEASE + "-grafana" -> grafana.serve(path, query, null);
                default -> apps.apply(request);
            };
        };
    }

    /** Grafana's pods answer a port-forward to their port 3000 as Grafana, with the caller's own headers. */
    MockKubernetes.PodServers pods() {
        return (ns, pod, port) -> ns.equals(NS) && pod.startsWith(RELEASE + "-grafana-") && port == 3000
                ? Optional.of(r -> {
                    String[] pathAndQuery = r.getPath().split("\\?", 2);
                    return grafana.serve(pathAndQuery[0], pathAndQuery.length > 1 ? pathAndQuery[1] : null, r.getHeader("Authorization"));
                })
                : Optional.empty();
    }

    /** What the api does with a request besides answering it: counts it, and writes its JSON log line. */
    FakeApps.ApiObserver api() {
        return (ns, pod, container, method, path, status, requestId) -> {
            if (realApi.isPresent()) {
                lastApiPod = new String[] {ns, pod.getMetadata().getName(), container.getName()};
                return;
            }
            if (!faults.apiUncounted()) {
                metrics.request(status);
            }
            String line = "{\"time\": \"" + java.time.Instant.now() + "\", \"level\": \"INFO\", \"logger\": \"app.request\", \"message\": \""
                    + method + " " + path + " " + status + "\", \"status\": " + status
                    + (faults.apiLogsNoRequestId() ? "" : ", \"request_id\": \"" + requestId + "\"") + "}";
            if (snapshot.collecting()) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("namespace", ns);
                labels.put("pod", pod.getMetadata().getName());
                labels.put("container", container.getName());
                Optional.ofNullable(pod.getMetadata().getLabels()).map(l -> l.get("app.kubernetes.io/name")).ifPresent(a -> labels.put("app", a));
                loki.push(snapshot.tenant(), labels, line);
            }
        };
    }

    /** Whether Alloy, as the cluster holds it now, would read a pod's log line and push it to a Loki Service that exists. */
    private boolean collects(Snapshot now) {
        DaemonSet ds = client.apps().daemonSets().inNamespace(NS).withName("alloy").get();
        if (ds == null || ds.getStatus() == null || ds.getStatus().getNumberReady() == null || ds.getStatus().getNumberReady() < 1) {
            return false;
        }
        var cm = client.configMaps().inNamespace(NS).withName("alloy").get();
        String config = cm == null || cm.getData() == null ? "" : cm.getData().getOrDefault("config.alloy", "");
        boolean viaApi = config.contains("loki.source.kubernetes");
        boolean varLog = ds.getSpec().getTemplate().getSpec().getVolumes().stream()
                .anyMatch(v -> v.getHostPath() != null && v.getHostPath().getPath().equals("/var/log"));
        boolean viaFiles = config.contains("loki.source.file") && varLog;
        Matcher url = WRITE_URL.matcher(config);
        if (!(viaApi || viaFiles) || !url.find()) {
            return false;
        }
        return now.reachable(url.group(1), NS);
    }

    /** The tenant Alloy's loki.write pushes as (its tenant_id), if any. */
    private String pushTenant() {
        var cm = client.configMaps().inNamespace(NS).withName("alloy").get();
        Matcher t = TENANT_ID.matcher(cm == null || cm.getData() == null ? "" : cm.getData().getOrDefault("config.alloy", ""));
        return t.find() ? t.group(1) : null;
    }

    // ------------------------------------------------------------------ what the charts create

    /** kube-prometheus-stack's Prometheus object: selectors as its template writes them from prometheus.prometheusSpec. */
    @SuppressWarnings("unchecked")
    private void prometheusObject(Map<String, Object> kps) {
        Map<String, Object> spec = (Map<String, Object>) dig(kps, "prometheus", "prometheusSpec").orElse(Map.of());
        Map<String, Object> out = new LinkedHashMap<>();
        for (String kind : List.of("serviceMonitor", "rule")) {
            Object explicit = spec.get(kind + "Selector");
            boolean nilUsesHelm = !Boolean.FALSE.equals(spec.get(kind + "SelectorNilUsesHelmValues"));
            out.put(kind + "Selector", explicit instanceof Map<?, ?> m && !m.isEmpty() ? explicit
                    : nilUsesHelm ? Map.of("matchLabels", Map.of("release", RELEASE)) : Map.of());
            out.put(kind + "NamespaceSelector", spec.getOrDefault(kind + "NamespaceSelector", Map.of()));
        }
        client.genericKubernetesResources(FakeOperator.PROMETHEUS).inNamespace(NS).resource(new GenericKubernetesResourceBuilder()
                .withApiVersion("monitoring.coreos.com/v1").withKind("Prometheus")
                .withNewMetadata().withName(RELEASE + "-prometheus").withNamespace(NS).addToLabels("release", RELEASE).endMetadata()
                .addToAdditionalProperties("spec", out).build()).create();
    }

    private void service(String name, Map<String, String> labels, String portName, int port, boolean headless) {
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withLabels(labels).endMetadata().withNewSpec().withClusterIP(headless ? "None" : null).addToSelector("fake-stack", name)
                .addNewPort().withName(portName).withPort(port).endPort().endSpec().build()).create();
    }

    /** Alloy's DaemonSet (a /var/log host mount when alloy.mounts.varlog) and its configuration ConfigMap. */
    @SuppressWarnings("unchecked")
    private void alloy(Map<String, Object> values) {
        Map<String, Object> a = (Map<String, Object>) values.getOrDefault("alloy", Map.of());
        String content = String.valueOf(dig(a, "configMap", "content").orElse(""));
        boolean varlog = Boolean.TRUE.equals(dig(a, "mounts", "varlog").orElse(false));
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("alloy").withNamespace(NS)
                .endMetadata().addToData("config.alloy", content).build()).create();
        String collector = faults.promtail() ? "promtail" : "alloy";
        var spec = new DaemonSetBuilder().withNewMetadata().withName(collector).withNamespace(NS)
                .addToLabels("app.kubernetes.io/name", collector).addToLabels("app.kubernetes.io/instance", collector).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app.kubernetes.io/name", "alloy").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app.kubernetes.io/name", "alloy").endMetadata()
                .withNewSpec().addNewContainer().withName("alloy").withImage("docker.io/grafana/alloy:v1.11.3").endContainer()
                .addNewVolume().withName("config").withNewConfigMap().withName("alloy").endConfigMap().endVolume();
        if (varlog) {
            spec = spec.addNewVolume().withName("varlog").withNewHostPath().withPath("/var/log").endHostPath().endVolume();
        }
        DaemonSet ds = spec.endSpec().endTemplate().endSpec().withNewStatus().withDesiredNumberScheduled(1)
                .withNumberReady(faults.alloyNotReady() ? 0 : 1).endStatus().build();
        client.apps().daemonSets().inNamespace(NS).resource(ds).create();
        client.apps().daemonSets().inNamespace(NS).resource(ds).updateStatus();
    }

    /** Grafana as kube-prometheus-stack makes it: admin Secret, Deployment with the dashboards sidecar, provisioned data sources. */
    @SuppressWarnings("unchecked")
    private FakeGrafana grafana(Map<String, Object> kps) {
        Map<String, Object> g = (Map<String, Object>) kps.getOrDefault("grafana", Map.of());
        String secret = RELEASE + "-grafana";
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(secret).withNamespace(NS).endMetadata()
                .addToData("admin-user", b64("admin")).addToData("admin-password", b64(GRAFANA_PASSWORD)).build()).create();
        String label = String.valueOf(dig(g, "sidecar", "dashboards", "label").orElse("grafana_dashboard"));
        Object value = dig(g, "sidecar", "dashboards", "labelValue").orElse("1");
        // kube-prometheus-stack's own default is ALL (the Grafana chart's alone would be Grafana's namespace)
        String searchNamespace = dig(g, "sidecar", "dashboards", "searchNamespace")
                .map(v -> v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v)).orElse("ALL");
        client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName(RELEASE + "-grafana")
                .withNamespace(NS).addToLabels("app.kubernetes.io/name", "grafana").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app.kubernetes.io/name", "grafana").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app.kubernetes.io/name", "grafana")
                .addToLabels("app.kubernetes.io/instance", RELEASE).endMetadata().withNewSpec()
                .addNewContainer().withName("grafana-sc-dashboard").withImage("quay.io/kiwigrid/k8s-sidecar:1.30.10")
                .addNewEnv().withName("LABEL").withValue(label).endEnv().addNewEnv().withName("LABEL_VALUE").withValue(String.valueOf(value)).endEnv()
                .addNewEnv().withName("NAMESPACE").withValue(searchNamespace).endEnv().endContainer()
                .addNewContainer().withName("grafana").withImage("docker.io/grafana/grafana:12.2.1")
                .addNewPort().withName("grafana").withContainerPort(3000).endPort()
                .addNewEnv().withName("GF_SECURITY_ADMIN_USER").withNewValueFrom().withNewSecretKeyRef("admin-user", secret, false)
                .endValueFrom().endEnv()
                .addNewEnv().withName("GF_SECURITY_ADMIN_PASSWORD").withNewValueFrom().withNewSecretKeyRef("admin-password", secret, false)
                .endValueFrom().endEnv().endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        List<FakeGrafana.DataSource> sources = new ArrayList<>();
        if (!Boolean.FALSE.equals(dig(g, "sidecar", "datasources", "defaultDatasourceEnabled").orElse(true))) {
            sources.add(new FakeGrafana.DataSource(String.valueOf(dig(g, "sidecar", "datasources", "uid").orElse("prometheus")),
                    "Prometheus", "prometheus", "http://" + RELEASE + "-prometheus." + NS + ":9090/"));
        }
        if (!Boolean.FALSE.equals(dig(g, "sidecar", "datasources", "alertmanager", "enabled").orElse(true))) {
            sources.add(new FakeGrafana.DataSource("alertmanager", "Alertmanager", "alertmanager",
                    "http://" + RELEASE + "-alertmanager." + NS + ":9093/"));
        }
        if (g.get("additionalDataSources") instanceof List<?> extra) {
            for (Object o : extra) {
                if (o instanceof Map<?, ?> d) {
                    sources.add(new FakeGrafana.DataSource(String.valueOf(d.get("uid") == null ? d.get("name") : d.get("uid")),
                            String.valueOf(d.get("name")), String.valueOf(d.get("type")), String.valueOf(d.get("url"))));
                }
            }
        }
        return new FakeGrafana(() -> snapshot, NS, "admin", faults.grafanaLoginChanged() ? GRAFANA_PASSWORD + "-rotated" : GRAFANA_PASSWORD, sources, label, value == null ? null : String.valueOf(value),
                searchNamespace);
    }

    // ------------------------------------------------------------------ plumbing

    private static MockResponse forward(String url) {
        Http.Response r = Http.get(url);
        if (!r.answered()) {
            return new MockResponse().setResponseCode(503).setBody("error trying to reach service: " + r.error());
        }
        return new MockResponse().setResponseCode(r.status()).setHeader("Content-Type", "application/json").setBody(r.body());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Object o = new Yaml().load(Files.readString(file));
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Optional<Object> dig(Map<String, Object> m, String... path) {
        Object cur = m;
        for (String p : path) {
            if (!(cur instanceof Map<?, ?> map) || !map.containsKey(p)) {
                return Optional.empty();
            }
            cur = map.get(p);
        }
        return Optional.ofNullable(cur);
    }

    @Override
    public void close() {
        refresh.shutdownNow();
        operator.close();
        prometheus.close();
        metrics.close();
        try {
            dev.fullchain.selftest.Mutant.deleteTree(work);
        } catch (IOException e) {
            // a temp folder
        }
    }
}
