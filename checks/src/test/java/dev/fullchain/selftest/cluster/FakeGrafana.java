package dev.fullchain.selftest.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Grafana's HTTP API in its documented shapes, as kube-prometheus-stack's Grafana would answer
 * with the stack's values: basic authentication with the admin Secret's credentials; the data
 * sources the values provision, each healthy only when its URL names a Service that exists
 * (cluster DNS, from Grafana's namespace); and the dashboards its sidecar loads: ConfigMaps
 * with its label (and value) in the namespaces it searches.
 */
final class FakeGrafana {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A data source as provisioned from the values. */
    record DataSource(String uid, String name, String type, String url) {
    }

    private final java.util.function.Supplier<FakeStack.Snapshot> cluster;
    private final String namespace;
    private final String authorization;
    private final List<DataSource> sources;
    private final String label;
    private final String labelValue;
    private final String searchNamespace;

    FakeGrafana(java.util.function.Supplier<FakeStack.Snapshot> cluster, String namespace, String user, String password, List<DataSource> sources,
                String label, String labelValue, String searchNamespace) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.authorization = "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.sources = List.copyOf(sources);
        this.label = label;
        this.labelValue = labelValue;
        this.searchNamespace = searchNamespace;
    }

    MockResponse serve(String path, String query, String authorizationHeader) {
        if (path.equals("/api/health")) {
            return json(200, Map.of("commit", "e5c0e2b4d4", "database", "ok", "version", "12.2.1"));
        }
        if (!authorization.equals(authorizationHeader)) {
            return json(401, Map.of("message", "Unauthorized"));
        }
        if (path.equals("/api/datasources")) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (DataSource d : sources) {
                out.add(Map.of("id", out.size() + 1, "uid", d.uid(), "name", d.name(), "type", d.type(), "url", d.url(), "access", "proxy"));
            }
            return json(200, out);
        }
        if (path.startsWith("/api/datasources/uid/") && path.endsWith("/health")) {
            String uid = path.substring("/api/datasources/uid/".length(), path.length() - "/health".length());
            Optional<DataSource> d = sources.stream().filter(s -> s.uid().equals(uid)).findFirst();
            if (d.isEmpty()) {
                return json(404, Map.of("message", "Data source not found"));
            }
            if (d.get().type().equals("alertmanager")) {
                // its plugin has no backend, so no health check (grafana/grafana#83794)
                return json(500, Map.of("message", "Plugin unavailable"));
            }
            return cluster.get().reachable(d.get().url(), namespace) ? json(200, Map.of("status", "OK", "message", d.get().type().equals("loki")
                    ? "Data source successfully connected." : "Successfully queried the Prometheus API."))
                    : json(400, Map.of("status", "ERROR", "message", "Get \"" + d.get().url() + "\": dial tcp: lookup "
                    + URI.create(d.get().url()).getHost() + " on 10.43.0.10:53: no such host"));
        }
        if (path.equals("/api/search")) {
            String q = param(query, "query").orElse("").toLowerCase(Locale.ROOT);
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map.Entry<String, String> d : dashboards().entrySet()) {
                if (d.getValue().toLowerCase(Locale.ROOT).contains(q)) {
                    out.add(Map.of("uid", d.getKey(), "title", d.getValue(), "type", "dash-db", "folderTitle", "General"));
                }
            }
            return json(200, out);
        }
        return json(404, Map.of("message", "Not found"));
    }

    /** uid to title of every dashboard the sidecar loads now. */
    private Map<String, String> dashboards() {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> searched = searchNamespace == null ? List.of(namespace) : List.of(searchNamespace.split(","));
        for (ConfigMap cm : cluster.get().configMaps()) {
            if (!searched.contains("ALL") && !searched.contains(cm.getMetadata().getNamespace())) {
                continue;
            }
            Map<String, String> labels = cm.getMetadata().getLabels() == null ? Map.of() : cm.getMetadata().getLabels();
            if (!labels.containsKey(label) || labelValue != null && !labelValue.equals(labels.get(label)) || cm.getData() == null) {
                continue;
            }
            cm.getData().forEach((k, v) -> {
                try {
                    JsonNode d = JSON.readTree(v);
                    if (k.endsWith(".json") && d.path("title").isTextual()) {
                        out.put(d.path("uid").asText(k), d.path("title").asText());
                    }
                } catch (java.io.IOException | RuntimeException notJson) {
                    // the sidecar writes the file; Grafana logs that it cannot read it and loads nothing
                }
            });
        }
        return out;
    }

    private static Optional<String> param(String query, String name) {
        for (String kv : query == null ? new String[0] : query.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static MockResponse json(int code, Object body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(Serialization.asJson(body));
    }
}
