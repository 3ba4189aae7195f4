package dev.fullchain.probe.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullchain.probe.Http;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Prometheus' HTTP API, read-only ({@code /api/v1/targets}, {@code /api/v1/query},
 * {@code /api/v1/rules}, {@code /-/ready}), over any transport that can GET a path: the
 * API server's service proxy on a cluster, a port-forward, or a local process in the
 * self-tests. Answers are read in the shapes Prometheus 2.x and 3.x send; an answer that is
 * not one of them is an {@link Answer} with its reason, never an exception.
 */
public final class PrometheusApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, Http.Response> get;

    /** {@code get} sends a GET of a path such as "/api/v1/targets" and returns the exchange. */
    public PrometheusApi(Function<String, Http.Response> get) {
        this.get = get;
    }

    /** A scrape target, as /api/v1/targets lists it. */
    public record ScrapeTarget(String scrapePool, Map<String, String> labels, String scrapeUrl, String health,
                               String lastError) {
        public boolean up() {
            return "up".equals(health);
        }

        public String label(String name) {
            return labels.getOrDefault(name, "");
        }
    }

    /** One sample of an instant vector. */
    public record Sample(Map<String, String> metric, double value) {
    }

    /** A rule of a loaded group, as /api/v1/rules lists it. */
    public record Rule(String group, String file, String name, String type, String query, String health, String lastError,
                       double forSeconds, Map<String, String> labels, Map<String, String> annotations) {
        public boolean ok() {
            return "ok".equals(health);
        }
    }

    /** What an API call gave: the value, or why there is none (no answer, an HTTP status, Prometheus' own error). */
    public record Answer<T>(T value, String problem, Http.Response exchange) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** {@code /-/ready} answered 200. */
    public boolean ready() {
        return get.apply("/-/ready").status() == 200;
    }

    public Answer<List<ScrapeTarget>> activeTargets() {
        return call("/api/v1/targets?state=active", data -> {
            List<ScrapeTarget> out = new ArrayList<>();
            for (JsonNode t : data.path("activeTargets")) {
                out.add(new ScrapeTarget(t.path("scrapePool").asText(""), strings(t.path("labels")),
                        t.path("scrapeUrl").asText(""), t.path("health").asText(""), t.path("lastError").asText("")));
            }
            return out;
        });
    }

    /** An instant query; a PromQL error is the problem, in Prometheus' words. */
    public Answer<List<Sample>> query(String promql) {
        return call("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8), data -> {
            List<Sample> out = new ArrayList<>();
            if (!"vector".equals(data.path("resultType").asText())) {
                if ("scalar".equals(data.path("resultType").asText())) {
                    out.add(new Sample(Map.of(), number(data.path("result").path(1))));
                }
                return out;
            }
            for (JsonNode s : data.path("result")) {
                out.add(new Sample(strings(s.path("metric")), number(s.path("value").path(1))));
            }
            return out;
        });
    }

    public Answer<List<Rule>> rules() {
        return call("/api/v1/rules", data -> {
            List<Rule> out = new ArrayList<>();
            for (JsonNode g : data.path("groups")) {
                for (JsonNode r : g.path("rules")) {
                    out.add(new Rule(g.path("name").asText(""), g.path("file").asText(""), r.path("name").asText(""),
                            r.path("type").asText(""), r.path("query").asText(""), r.path("health").asText(""),
                            r.path("lastError").asText(""), r.path("duration").asDouble(0),
                            strings(r.path("labels")), strings(r.path("annotations"))));
                }
            }
            return out;
        });
    }

    private <T> Answer<T> call(String path, Function<JsonNode, T> read) {
        Http.Response r = get.apply(path);
        if (!r.answered()) {
            return new Answer<>(null, "no answer from Prometheus (" + r.error() + ")", r);
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (java.io.IOException | RuntimeException e) {
            return new Answer<>(null, "HTTP " + r.status() + " from " + path + ", not Prometheus' JSON: "
                    + dev.fullchain.check.Text.firstLine(r.body()), r);
        }
        if (body == null || !"success".equals(body.path("status").asText())) {
            String error = body == null ? "" : body.path("errorType").asText("") + ": " + body.path("error").asText("");
            return new Answer<>(null, "HTTP " + r.status() + " from " + path + (error.isBlank() ? "" : ", " + error), r);
        }
        return new Answer<>(read.apply(body.path("data")), null, r);
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText("")));
        return out;
    }

    /** Prometheus sends sample values as strings ("1", "NaN", "+Inf"). */
    private static double number(JsonNode v) {
        String s = v.asText("NaN");
        return switch (s) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }
}
