package dev.fullchain.probe.loki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullchain.check.Text;
import dev.fullchain.probe.Http;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Loki's query API, read-only ({@code /loki/api/v1/query_range}, {@code /ready}), over any
 * transport that can GET a path (the service proxy, a port-forward). Read as Loki 3 answers:
 * streams whose labels include those Loki adds itself ({@code service_name},
 * {@code detected_level}), nanosecond timestamps as strings, and a LogQL error as a
 * plain-text 400, not JSON. A 429 ("too many outstanding requests") is a problem of its own,
 * so a check can wait and say so.
 */
public final class LokiApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, Http.Response> get;

    public LokiApi(Function<String, Http.Response> get) {
        this.get = get;
    }

    /** One log line, at its time in nanoseconds since the epoch. */
    public record Entry(long nanos, String line) {
    }

    public record Stream(Map<String, String> labels, List<Entry> entries) {
    }

    /** The streams, or why there are none; {@code busy} when Loki answered 429. */
    public record Answer(List<Stream> streams, String problem, boolean busy, Http.Response exchange) {
        public boolean ok() {
            return problem == null;
        }

        /** Every line of every stream. */
        public List<String> lines() {
            return streams == null ? List.of() : streams.stream().flatMap(s -> s.entries().stream()).map(Entry::line).toList();
        }
    }

    public boolean ready() {
        Http.Response r = get.apply("/ready");
        return r.status() == 200 && r.body().strip().equals("ready");
    }

    /** A log query over [start, end], newest first, at most {@code limit} lines. */
    public Answer queryRange(String logql, Instant start, Instant end, int limit) {
        String path = "/loki/api/v1/query_range?query=" + URLEncoder.encode(logql, StandardCharsets.UTF_8)
                + "&start=" + nanos(start) + "&end=" + nanos(end) + "&limit=" + limit + "&direction=backward";
        Http.Response r = get.apply(path);
        if (!r.answered()) {
            return new Answer(null, "no answer from Loki (" + r.error() + ")", false, r);
        }
        if (r.status() == 429) {
            return new Answer(null, "HTTP 429 from Loki: " + Text.firstLine(r.body()), true, r);
        }
        if (r.status() != 200) {
            return new Answer(null, "HTTP " + r.status() + " from Loki: " + Text.firstLine(r.body()), false, r);
        }
        try {
            JsonNode body = JSON.readTree(r.body());
            if (!"success".equals(body.path("status").asText()) || !"streams".equals(body.path("data").path("resultType").asText())) {
                return new Answer(null, "Loki answered with no streams (resultType "
                        + body.path("data").path("resultType").asText("none") + ")", false, r);
            }
            List<Stream> streams = new ArrayList<>();
            for (JsonNode s : body.path("data").path("result")) {
                Map<String, String> labels = new LinkedHashMap<>();
                s.path("stream").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText("")));
                List<Entry> entries = new ArrayList<>();
                for (JsonNode v : s.path("values")) {
                    entries.add(new Entry(parseNanos(v.path(0).asText("0")), v.path(1).asText("")));
                }
                streams.add(new Stream(labels, entries));
            }
            return new Answer(streams, null, false, r);
        } catch (java.io.IOException | RuntimeException e) {
            return new Answer(null, "HTTP 200 from Loki, not its JSON: " + Text.firstLine(r.body()), false, r);
        }
    }

    private static String nanos(Instant t) {
        return t.getEpochSecond() + String.format("%09d", t.getNano());
    }

    private static long parseNanos(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
