package dev.fullchain.selftest.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fixture app behind the API server's service proxy, as its containers would answer,
 * wired by what the cluster holds: a Service reaches a ready pod through a declared port;
 * the frontend (nginx) proxies /api/ to the host:port its nginx.conf names; the api reaches
 * Postgres through the Service its POSTGRES_HOST names, with the user and password its env
 * and mounted Secret give, which must be the database's. Postgres keeps its rows where PGDATA
 * points: on the pod's volume claim they outlive the pod, anywhere else they die with it.
 */
final class FakeApps implements Function<RecordedRequest, MockResponse> {

    private static final Pattern PROXY = Pattern.compile("^/api/v1/namespaces/([^/]+)/services/(?:https?:)?([^/:]+)(?::([^/]+))?/proxy(/[^?]*)?.*$");
    private static final Pattern UPSTREAM = Pattern.compile("proxy_pass\\s+http://([^:/;\\s]+)(?::(\\d+))?");
    private static final Pattern ITEM = Pattern.compile("^/api/items/(\\d+)$");

    private record Endpoint(Pod pod, Container container) {
    }

    /** Told of every request an api container served: what it counts in its metrics and writes to its log. */
    interface ApiObserver {
        ApiObserver NONE = (ns, pod, container, method, path, status, requestId) -> { };

        void served(String namespace, Pod pod, Container container, String method, String path, int status, String requestId);
    }

    private volatile ApiObserver observer = ApiObserver.NONE;
    /** The real api's base URL, when the api's containers are stood in for by the real fixture api running as a process. */
    private volatile String realApi;

    private final MockKubernetes.Store store;
    private final String upstreamHost;
    private final int upstreamPort;
    /** Rows per data directory: "claim NS/NAME" (outlives pods) or "pod UID" (dies with it). */
    private final Map<String, Map<Integer, String>> tables = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** {@code target}: the repository the images were built from (the frontend's nginx.conf is baked into its image). */
    FakeApps(MockKubernetes.Store store, Path target) {
        this.store = store;
        String host = "api";
        int port = 8000;
        Path conf = target.resolve("app/frontend/nginx.conf");
        try {
            Matcher m = UPSTREAM.matcher(Files.readString(conf, StandardCharsets.UTF_8));
            if (m.find()) {
                host = m.group(1);
                port = m.group(2) == null ? 80 : Integer.parseInt(m.group(2));
            }
        } catch (java.io.IOException absent) {
            // no nginx.conf in the target: the default upstream
        }
        this.upstreamHost = host;
        this.upstreamPort = port;
    }

    @Override
    public MockResponse apply(RecordedRequest request) {
        Matcher m = PROXY.matcher(request.getPath());
        if (!m.matches()) {
            return status(404, "the server could not find the requested resource");
        }
        String ns = m.group(1);
        String service = m.group(2);
        String port = m.group(3);
        String path = m.group(4) == null ? "/" : m.group(4);
        Service svc = store.service(ns, service).orElse(null);
        if (svc == null) {
            return status(404, "services \"" + service + "\" not found");
        }
        Optional<Endpoint> endpoint = endpoint(ns, svc, port);
        if (endpoint.isEmpty()) {
            return status(503, "no endpoints available for service \"" + service + "\"");
        }
        return serve(ns, endpoint.get(), request.getMethod(), path, request.getUtf8Body(), request.getHeader("X-Request-ID"));
    }

    void observe(ApiObserver o) {
        this.observer = o;
    }

    /** Every api container answers as the real api at {@code baseUrl} answers (its metrics and logs are its own). */
    void forwardApiTo(String baseUrl) {
        this.realApi = baseUrl;
    }

    private MockResponse serve(String ns, Endpoint e, String method, String path, String body, String requestId) {
        return switch (FakeKubelet.role(e.container().getImage())) {
            case "frontend" -> frontend(ns, method, path, body, requestId);
            case "api" -> {
                MockResponse r = realApi != null ? forward(method, path, body, requestId) : api(ns, e, method, path, body);
                observer.served(ns, e.pod(), e.container(), method, path, r.code(), requestId);
                yield r;
            }
            default -> status(502, "error trying to reach service: dial tcp: connection refused (" + e.container().getImage()
                    + " speaks no HTTP)");
        };
    }

    private MockResponse forward(String method, String path, String body, String requestId) {
        Map<String, String> headers = requestId == null ? Map.of() : Map.of("X-Request-ID", requestId);
        dev.fullchain.probe.Http.Response r = method.equals("POST") ? dev.fullchain.probe.Http.postJson(realApi + path, body, headers)
                : dev.fullchain.probe.Http.get(realApi + path, headers);
        if (!r.answered()) {
            return status(502, "error trying to reach service: " + r.error());
        }
        return new MockResponse().setResponseCode(r.status()).setHeader("Content-Type", "application/json").setBody(r.body());
    }

    // ------------------------------------------------------------------ frontend (nginx)

    private MockResponse frontend(String ns, String method, String path, String body, String requestId) {
        if (path.startsWith("/api/")) {
            String host = upstreamHost.replaceFirst("\\." + Pattern.quote(ns) + "(\\.svc(\\.cluster\\.local)?)?$", "");
            Service api = store.service(ns, host).orElse(null);
            Optional<Endpoint> upstream = api == null ? Optional.empty() : endpoint(ns, api, String.valueOf(upstreamPort));
            if (upstream.isEmpty()) {
                return html(502, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
                        + "<hr><center>nginx</center></body></html>");
            }
            return serve(ns, upstream.get(), method, path, body, requestId);
        }
        if (method.equals("GET") && (path.equals("/") || path.equals("/index.html"))) {
            return html(200, "<!doctype html><html><head><title>fullchain items</title></head><body><div id=\"root\"></div></body></html>");
        }
        return html(404, "<html><head><title>404 Not Found</title></head><body>nginx</body></html>");
    }

    // ------------------------------------------------------------------ api (FastAPI)

    private MockResponse api(String ns, Endpoint e, String method, String path, String body) {
        if (path.equals("/healthz") || path.equals("/readyz")) {
            return json(200, Map.of("status", "ok"));
        }
        if (!path.startsWith("/api/items")) {
            return json(404, Map.of("detail", "Not Found"));
        }
        Map<Integer, String> table;
        try {
            table = database(ns, e);
        } catch (IllegalStateException unreachable) {
            return json(500, Map.of("detail", "database unavailable: " + unreachable.getMessage()));
        }
        Matcher item = ITEM.matcher(path);
        if (path.equals("/api/items") && method.equals("POST")) {
            Object name = Serialization.unmarshal(body == null || body.isBlank() ? "{}" : body, Map.class).get("name");
            if (!(name instanceof String s) || s.isBlank()) {
                return json(422, Map.of("detail", "name is required"));
            }
            int id = ids.incrementAndGet();
            table.put(id, s);
            return json(201, Map.of("id", id, "name", s));
        }
        if (path.equals("/api/items") && method.equals("GET")) {
            List<Map<String, Object>> rows = new ArrayList<>();
            table.entrySet().stream().sorted(Map.Entry.<Integer, String>comparingByKey().reversed())
                    .forEach(r -> rows.add(Map.of("id", r.getKey(), "name", r.getValue())));
            return json(200, rows);
        }
        if (item.matches() && method.equals("GET")) {
            String name = table.get(Integer.parseInt(item.group(1)));
            return name == null ? json(404, Map.of("detail", "Item not found")) : json(200, Map.of("id", Integer.parseInt(item.group(1)), "name", name));
        }
        return json(405, Map.of("detail", "Method Not Allowed"));
    }

    /** The rows the api's database settings reach, or why it cannot connect (psycopg's words). */
    private Map<Integer, String> database(String ns, Endpoint api) {
        Pod pod = api.pod();
        Container c = api.container();
        String host = env(ns, pod, c, "POSTGRES_HOST").orElse("localhost");
        String port = env(ns, pod, c, "POSTGRES_PORT").orElse("5432");
        String user = env(ns, pod, c, "POSTGRES_USER").orElse("app");
        String password = env(ns, pod, c, "POSTGRES_PASSWORD_FILE").map(f -> mountedSecretFile(ns, pod, c, f))
                .orElseGet(() -> env(ns, pod, c, "POSTGRES_PASSWORD").orElse(""));
        String name = host.replaceFirst("\\." + Pattern.quote(ns) + "(\\.svc(\\.cluster\\.local)?)?$", "");
        Service svc = store.service(ns, name).orElse(null);
        if (svc == null) {
            throw new IllegalStateException("could not translate host name \"" + host + "\" to address: Name or service not known");
        }
        Endpoint db = endpoint(ns, svc, port).filter(x -> FakeKubelet.role(x.container().getImage()).equals("db"))
                .orElseThrow(() -> new IllegalStateException("connection to server at \"" + host + "\", port " + port + " failed: Connection refused"));
        String dbUser = env(ns, db.pod(), db.container(), "POSTGRES_USER").orElse("postgres");
        String dbPassword = env(ns, db.pod(), db.container(), "POSTGRES_PASSWORD").orElse("");
        if (!user.equals(dbUser) || !password.equals(dbPassword)) {
            throw new IllegalStateException("FATAL: password authentication failed for user \"" + user + "\"");
        }
        return tables.computeIfAbsent(dataDirectory(ns, db), k -> new ConcurrentHashMap<>());
    }

    /** Where Postgres's PGDATA lives: on a claim-backed mount it is the claim, anywhere else the pod. */
    private static String dataDirectory(String ns, Endpoint db) {
        String pgdata = db.container().getEnv() == null ? "/var/lib/postgresql/data" : db.container().getEnv().stream()
                .filter(v -> v.getName().equals("PGDATA") && v.getValue() != null).map(EnvVar::getValue).findFirst()
                .orElse("/var/lib/postgresql/data");
        Optional<VolumeMount> mount = Optional.ofNullable(db.container().getVolumeMounts()).orElse(List.of()).stream()
                .filter(m -> pgdata.equals(m.getMountPath()) || pgdata.startsWith(m.getMountPath().replaceFirst("/?$", "/")))
                .max(Comparator.comparingInt(m -> m.getMountPath().length()));
        Optional<Volume> volume = mount.flatMap(m -> Optional.ofNullable(db.pod().getSpec().getVolumes()).orElse(List.of()).stream()
                .filter(v -> v.getName().equals(m.getName())).findFirst());
        return volume.filter(v -> v.getPersistentVolumeClaim() != null)
                .map(v -> "claim " + ns + "/" + v.getPersistentVolumeClaim().getClaimName())
                .orElse("pod " + db.pod().getMetadata().getUid());
    }

    private Optional<String> env(String ns, Pod pod, Container c, String name) {
        for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
            if (!e.getName().equals(name)) {
                continue;
            }
            if (e.getValue() != null) {
                return Optional.of(e.getValue());
            }
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                return secretValue(ns, e.getValueFrom().getSecretKeyRef().getName(), e.getValueFrom().getSecretKeyRef().getKey());
            }
        }
        return Optional.empty();
    }

    private String mountedSecretFile(String ns, Pod pod, Container c, String file) {
        for (VolumeMount m : Optional.ofNullable(c.getVolumeMounts()).orElse(List.of())) {
            String dir = m.getMountPath().replaceFirst("/?$", "/");
            if (!file.startsWith(dir)) {
                continue;
            }
            String rel = file.substring(dir.length());
            Optional<Volume> v = pod.getSpec().getVolumes().stream().filter(x -> x.getName().equals(m.getName()) && x.getSecret() != null).findFirst();
            if (v.isPresent()) {
                String secret = v.get().getSecret().getSecretName();
                String key = Optional.ofNullable(v.get().getSecret().getItems()).orElse(List.of()).stream()
                        .filter(i -> i.getPath().equals(rel)).map(io.fabric8.kubernetes.api.model.KeyToPath::getKey).findFirst().orElse(rel);
                return secretValue(ns, secret, key).orElse("");
            }
        }
        return ""; // no such file: psycopg would send an empty password
    }

    private Optional<String> secretValue(String ns, String name, String key) {
        Secret s = store.secret(ns, name).orElse(null);
        if (s == null) {
            return Optional.empty();
        }
        if (s.getData() != null && s.getData().get(key) != null) {
            return Optional.of(new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8));
        }
        return Optional.ofNullable(s.getStringData()).map(d -> d.get(key));
    }

    // ------------------------------------------------------------------ Services and endpoints

    /** A ready pod the Service selects, through the Service port asked for (number or name) and its target port. */
    private Optional<Endpoint> endpoint(String ns, Service svc, String port) {
        Map<String, String> selector = svc.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return Optional.empty();
        }
        Optional<ServicePort> sp = Optional.ofNullable(svc.getSpec().getPorts()).orElse(List.of()).stream()
                .filter(p -> port == null || String.valueOf(p.getPort()).equals(port) || port.equals(p.getName())).findFirst();
        if (sp.isEmpty()) {
            return Optional.empty();
        }
        IntOrString target = sp.get().getTargetPort() == null ? new IntOrString(sp.get().getPort()) : sp.get().getTargetPort();
        for (Pod p : store.pods(ns, selector)) {
            if (!FakeKubelet.ready(p)) {
                continue;
            }
            for (Container c : p.getSpec().getContainers()) {
                for (ContainerPort cp : Optional.ofNullable(c.getPorts()).orElse(List.of())) {
                    boolean matches = target.getIntVal() != null ? target.getIntVal().equals(cp.getContainerPort())
                            : target.getStrVal().equals(cp.getName());
                    if (matches) {
                        return Optional.of(new Endpoint(p, c));
                    }
                }
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ answers

    private static MockResponse json(int code, Object body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(Serialization.asJson(body));
    }

    private static MockResponse html(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "text/html").setBody(body);
    }

    /** The API server's own answer (a Status), as for a missing Service or one without endpoints. */
    private static MockResponse status(int code, String message) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.put("status", "Failure");
        s.put("message", message);
        s.put("reason", code == 404 ? "NotFound" : "ServiceUnavailable");
        s.put("code", code);
        return json(code, s);
    }
}
