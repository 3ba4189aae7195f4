package dev.fullchain.selftest.cluster;

import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Headers;
import java.net.URLEncoder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes API server on 127.0.0.1 for the cluster tier's self-tests: fabric8's mock in
 * CRUD mode, plus what Helm (client-go) needs from a real server and the mock lacks:
 * discovery with a version, an (empty) OpenAPI document, JSON for protobuf bodies, typed list
 * kinds. Service-proxy requests go to a handler (the fake apps behind the Services). The
 * kubeconfig it writes is what the harness receives with -Dcluster=kubeconfig. Like a learner's
 * cluster after {@code helmfile apply}, it serves Prometheus Operator's kinds (ServiceMonitor,
 * PrometheusRule) unless told the CRDs are not installed.
 */
final class MockKubernetes implements AutoCloseable {

    /** Kubernetes version the mock reports; the charts' kubeVersion constraints are checked against it. */
    static final String VERSION = "v1.33.1";

    /** Prometheus Operator's API group, present once kube-prometheus-stack has installed its CRDs. */
    static final String MONITORING = "monitoring.coreos.com";

    private static final Pattern PROXY = Pattern.compile("^/api/v1/namespaces/[^/]+/services/[^/]+/proxy(/.*)?$");
    private static final Pattern PORT_FORWARD = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/portforward\\?(?:.*&)?ports=(\\d+).*$");
    private static final Pattern TYPED_LIST = Pattern.compile("^/api/v1/namespaces/[^/]+/(configmaps|secrets)(\\?.*)?$");

    /** One request as the API server saw it. */
    record Request(String method, String path, String userAgent) {

        /** Sent by fullchain's own client (not by Helm, nor by the fakes' controllers). */
        boolean byFullchain() {
            return userAgent != null && userAgent.startsWith("fullchain/");
        }
    }

    /**
     * Reads of the store made from inside a request (the fake apps answering the service
     * proxy): a call back over HTTP would wait on the event loop serving the request itself.
     */
    interface Store {
        Optional<Service> service(String namespace, String name);

        List<Pod> pods(String namespace, Map<String, String> selector);

        Optional<Secret> secret(String namespace, String name);
    }

    /** The mock logs every request at INFO; a run makes thousands. Held so the setting is not collected. */
    private static final java.util.logging.Logger QUIET = quiet();

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");
        l.setLevel(java.util.logging.Level.WARNING);
        return l;
    }

    private final KubernetesMockServer server;
    private final Dispatcher dispatcher;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Path kubeconfig;
    /** What answers HTTP inside a pod, for port-forwards: by namespace, pod name and port; empty when nothing listens there. */
    interface PodServers {
        Optional<Function<RecordedRequest, MockResponse>> at(String namespace, String pod, int port);
    }

    private volatile PodServers podServers = (ns, pod, port) -> Optional.empty();
    private volatile Function<RecordedRequest, MockResponse> serviceProxy =
            r -> new MockResponse().setResponseCode(503).setBody("no endpoints available");

    private MockKubernetes(boolean monitoringCrds) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        dispatcher = new Dispatcher(responses);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        server.clearExpectations(); // the mock's own /version has no gitVersion, which Helm needs
        discovery(monitoringCrds);
        try {
            kubeconfig = Files.createTempFile("fullchain-mock-kubeconfig-", ".yaml");
            Files.writeString(kubeconfig, kubeconfigYaml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            server.destroy();
            throw new UncheckedIOException(e);
        }
    }

    static MockKubernetes start() {
        return new MockKubernetes(true);
    }

    /** With or without Prometheus Operator's CRDs (the monitoring.coreos.com group). */
    static MockKubernetes start(boolean monitoringCrds) {
        return new MockKubernetes(monitoringCrds);
    }

    KubernetesClient client() {
        return server.createClient();
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    Store store() {
        return dispatcher;
    }

    void serveServiceProxy(Function<RecordedRequest, MockResponse> handler) {
        this.serviceProxy = handler;
    }

    void servePortForwards(PodServers servers) {
        this.podServers = servers;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Run settings for the harness: this cluster, nothing waited on by Helm (the checks wait), short timeouts. */
    Map<String, String> params(int timeoutSeconds) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("cluster", "kubeconfig");
        p.put("kubeconfig", kubeconfig.toString());
        p.put("cluster.timeout", String.valueOf(timeoutSeconds));
        // The mock runs no ReplicaSets for Helm's --wait to follow, serves no schemas, and has no
        // strategic merge patch: Helm upgrades by replacing (see ClusterSettings).
        p.put("cluster.helmWait", "false");
        p.put("cluster.validate", "false");
        p.put("cluster.helmForce", "true");
        p.put("cluster.upgradeTag", FakeKubelet.UPGRADE_TAG);
        return p;
    }

    @Override
    public void close() {
        server.destroy();
        try {
            Files.deleteIfExists(kubeconfig);
        } catch (IOException ignored) {
            // a temp file
        }
    }

    private String kubeconfigYaml() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: http://127.0.0.1:%d
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: mock
                current-context: mock
                users:
                - name: mock
                  user: {}
                """.formatted(server.getPort());
    }

    /** The discovery documents client-go reads before any write (each also with the ?timeout=32s it appends). */
    private void discovery(boolean monitoringCrds) {
        canned("/version", Map.of("major", "1", "minor", "33", "gitVersion", VERSION, "platform", "linux/amd64"));
        canned("/api", new APIVersionsBuilder().withVersions("v1").build());
        var groups = new APIGroupListBuilder();
        for (String g : monitoringCrds ? List.of("apps", "policy", MONITORING) : List.of("apps", "policy")) {
            groups.addNewGroup().withName(g)
                    .addNewVersion().withGroupVersion(g + "/v1").withVersion("v1").endVersion()
                    .withNewPreferredVersion().withGroupVersion(g + "/v1").withVersion("v1").endPreferredVersion().endGroup();
        }
        canned("/apis", groups.build());
        canned("/api/v1", new APIResourceListBuilder().withGroupVersion("v1").addToResources(
                resource("namespaces", "Namespace", false), resource("services", "Service", true),
                resource("secrets", "Secret", true), resource("configmaps", "ConfigMap", true),
                resource("pods", "Pod", true), resource("persistentvolumeclaims", "PersistentVolumeClaim", true),
                resource("serviceaccounts", "ServiceAccount", true)).build());
        canned("/apis/apps/v1", new APIResourceListBuilder().withGroupVersion("apps/v1").addToResources(
                resource("deployments", "Deployment", true), resource("statefulsets", "StatefulSet", true)).build());
        canned("/apis/policy/v1", new APIResourceListBuilder().withGroupVersion("policy/v1").addToResources(
                resource("poddisruptionbudgets", "PodDisruptionBudget", true)).build());
        if (monitoringCrds) {
            canned("/apis/" + MONITORING + "/v1", new APIResourceListBuilder().withGroupVersion(MONITORING + "/v1").addToResources(
                    resource("servicemonitors", "ServiceMonitor", true), resource("podmonitors", "PodMonitor", true),
                    resource("prometheusrules", "PrometheusRule", true)).build());
        }
        // Helm validates hooks and created namespaces against OpenAPI whatever it is told: an
        // empty body is a valid, empty v2 document, so kinds without a schema are not checked.
        for (String p : List.of("/openapi/v3", "/openapi/v3?timeout=32s")) {
            server.expect().get().withPath(p).andReturn(404, Map.of("kind", "Status", "apiVersion", "v1",
                    "status", "Failure", "reason", "NotFound", "code", 404)).always();
        }
        for (String p : List.of("/openapi/v2", "/openapi/v2?timeout=32s")) {
            server.expect().get().withPath(p).andReturn(200, "")
                    .withHeader("Content-Type", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf").always();
        }
    }

    private void canned(String path, Object body) {
        for (String p : List.of(path, path + "?timeout=32s")) {
            server.expect().get().withPath(p).andReturn(200, body).always();
        }
    }

    private static APIResource resource(String plural, String kind, boolean namespaced) {
        return new APIResourceBuilder().withName(plural).withKind(kind).withNamespaced(namespaced)
                .withVerbs("get", "list", "watch", "create", "update", "patch", "delete").build();
    }

    /** CRUD with the shims client-go needs, and service-proxy requests to the fake apps. */
    private final class Dispatcher extends KubernetesMixedDispatcher implements Store {

        Dispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
            super(responses);
        }

        @Override
        public Optional<Service> service(String namespace, String name) {
            return read("/api/v1/namespaces/" + namespace + "/services/" + name, Service.class);
        }

        @Override
        public List<Pod> pods(String namespace, Map<String, String> selector) {
            String query = selector.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(java.util.stream.Collectors.joining(","));
            return read("/api/v1/namespaces/" + namespace + "/pods?labelSelector="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8), PodList.class).map(PodList::getItems).orElse(List.of());
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
            return read("/api/v1/namespaces/" + namespace + "/secrets/" + name, Secret.class);
        }

        private <T> Optional<T> read(String path, Class<T> type) {
            MockResponse r = super.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, path,
                    Headers.builder().build(), new Buffer()));
            if (r.code() != 200 || r.getBody() == null) {
                return Optional.empty();
            }
            return Optional.of(Serialization.unmarshal(r.getBody().readUtf8(), type));
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.add(new Request(request.getMethod(), request.getPath(), request.getHeader("User-Agent")));
            String path = Optional.ofNullable(request.getPath()).orElse("");
            if (PROXY.matcher(path).matches()) {
                return serviceProxy.apply(request);
            }
            Matcher forward = PORT_FORWARD.matcher(path);
            if (forward.matches()) {
                int port = Integer.parseInt(forward.group(3));
                return podServers.at(forward.group(1), forward.group(2), port)
                        .map(server -> new MockResponse().withWebSocketUpgrade(new FakePortForward(port, server)))
                        .orElseGet(() -> new MockResponse().setResponseCode(404).setBody("pod " + forward.group(2) + " serves nothing on " + port));
            }
            String contentType = request.getHeader("Content-Type");
            if (contentType != null && contentType.startsWith("application/vnd.kubernetes.protobuf")) {
                String json = K8sProto.toJson(request.getBody().getBytes());
                request = new RecordedRequest(request.getHttpVersion(), request.method(), path,
                        request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
                        new Buffer(json.getBytes(StandardCharsets.UTF_8)));
            }
            MockResponse response = super.dispatch(request);
            String accept = request.getHeader("Accept");
            if (accept != null && accept.contains("protobuf") && response.header("Content-Type") == null && !path.startsWith("/openapi")) {
                // Without it, client-go decodes the JSON answer as its preferred protobuf.
                response.setHeader("Content-Type", "application/json");
                Matcher m = TYPED_LIST.matcher(path);
                if ("GET".equals(request.getMethod()) && m.matches() && response.getBody() != null) {
                    // The store answers kind "List", which client-go's typed lists decode as empty.
                    String kind = m.group(1).equals("secrets") ? "SecretList" : "ConfigMapList";
                    response.setBody(response.getBody().readUtf8().replaceFirst("\"kind\":\"List\"", "\"kind\":\"" + kind + "\""));
                }
            }
            return response;
        }
    }
}
