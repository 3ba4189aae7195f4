package dev.fullchain.probe.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullchain.check.Text;
import dev.fullchain.probe.Http;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Grafana's HTTP API, read-only: {@code /api/health}, a data source's own health check
 * ({@code /api/datasources/uid/UID/health}), the data sources and dashboard search. Over any
 * transport that can GET a path; the transport carries the credentials (Grafana's admin
 * Secret), which never reach a message.
 */
public final class GrafanaApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, Http.Response> get;

    public GrafanaApi(Function<String, Http.Response> get) {
        this.get = get;
    }

    public record Health(String database, String version) {
        public boolean ok() {
            return "ok".equals(database);
        }
    }

    public record DataSource(String uid, String name, String type, String url) {
    }

    public record SourceHealth(String status, String message) {
        public boolean ok() {
            return "OK".equalsIgnoreCase(status);
        }
    }

    public record Dashboard(String uid, String title, String folder) {
    }

    /** A value, or why there is none. */
    public record Answer<T>(T value, String problem, Http.Response exchange) {
        public boolean ok() {
            return problem == null;
        }
    }

    public Answer<Health> health() {
        return call("/api/health", b -> new Health(b.path("database").asText(""), b.path("version").asText("")));
    }

    public Answer<List<DataSource>> dataSources() {
        return call("/api/datasources", b -> {
            List<DataSource> out = new ArrayList<>();
            for (JsonNode d : b) {
                out.add(new DataSource(d.path("uid").asText(""), d.path("name").asText(""), d.path("type").asText(""), d.path("url").asText("")));
            }
            return out;
        });
    }

    /** The data source's own health check; Grafana answers 400 with the same shape when the check fails. */
    public Answer<SourceHealth> dataSourceHealth(String uid) {
        Http.Response r = get.apply("/api/datasources/uid/" + URLEncoder.encode(uid, StandardCharsets.UTF_8) + "/health");
        Optional<JsonNode> body = json(r);
        if (body.isPresent() && body.get().has("status")) {
            return new Answer<>(new SourceHealth(body.get().path("status").asText(""), body.get().path("message").asText("")), null, r);
        }
        return new Answer<>(null, problem(r), r);
    }

    public Answer<List<Dashboard>> searchDashboards(String query) {
        return call("/api/search?type=dash-db&query=" + URLEncoder.encode(query, StandardCharsets.UTF_8), b -> {
            List<Dashboard> out = new ArrayList<>();
            for (JsonNode d : b) {
                out.add(new Dashboard(d.path("uid").asText(""), d.path("title").asText(""), d.path("folderTitle").asText("")));
            }
            return out;
        });
    }

    private <T> Answer<T> call(String path, Function<JsonNode, T> read) {
        Http.Response r = get.apply(path);
        Optional<JsonNode> body = r.status() == 200 ? json(r) : Optional.empty();
        return body.map(b -> new Answer<>(read.apply(b), null, r)).orElseGet(() -> new Answer<>(null, problem(r), r));
    }

    private static Optional<JsonNode> json(Http.Response r) {
        if (!r.answered()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readTree(r.body()));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String problem(Http.Response r) {
        if (!r.answered()) {
            return "no answer from Grafana (" + r.error() + ")";
        }
        return "HTTP " + r.status() + " from Grafana: " + Text.firstLine(r.body());
    }
}
