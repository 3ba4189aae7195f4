package dev.fullchain.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullchain.report.Evidence;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A small HTTP client for checks: bounded timeouts, no redirects followed, and every exchange
 * attached to the check's report (masked). A request that gets no answer is not an exception
 * but a {@link Response} with status 0 and the reason, so a check can report it as a finding.
 * It never decides pass or fail.
 */
public final class Http {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int EVIDENCE_BODY_CHARS = 8 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = newClient();

    /**
     * A client of its own, whose pooled connections die with it: for a port-forward, whose local
     * port a later forward may be given again (the shared client would reuse a dead connection).
     */
    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    private Http() {
    }

    /** One exchange. {@code status} is 0 when there was no answer ({@code error} says why). */
    public record Response(String method, String url, int status, Map<String, List<String>> headers, String body,
                           Duration took, String error) {

        public boolean answered() {
            return status > 0;
        }

        public boolean is2xx() {
            return status >= 200 && status < 300;
        }

        public Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        /** The Content-Type, or "" when there is none. */
        public String contentType() {
            return header("content-type").orElse("");
        }

        public boolean hasJsonContentType() {
            String ct = contentType().toLowerCase(Locale.ROOT);
            return ct.contains("/json") || ct.contains("+json");
        }

        /** The body parsed as JSON, or empty when it is not JSON. */
        public Optional<JsonNode> json() {
            try {
                return body.isBlank() ? Optional.empty() : Optional.ofNullable(JSON.readTree(body));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        /** "GET http://127.0.0.1:49153/healthz → 200" or "... → no answer (connection refused)". */
        public String summary() {
            return method + " " + url + " → " + (answered() ? String.valueOf(status) : "no answer (" + error + ")");
        }

        /** The first characters of the body on one line, for messages. */
        public String bodyExcerpt(int max) {
            String one = body.strip().replaceAll("\\s+", " ");
            return one.length() > max ? one.substring(0, max) + "…" : one;
        }
    }

    public static Response get(String url) {
        return get(url, Map.of());
    }

    public static Response get(String url, Map<String, String> headers) {
        return get(CLIENT, url, headers);
    }

    public static Response get(HttpClient client, String url, Map<String, String> headers) {
        return get(client, url, headers, REQUEST_TIMEOUT);
    }

    /** A GET that waits at most {@code timeout} for its answer. */
    public static Response get(HttpClient client, String url, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder b = request(url, headers).timeout(timeout).GET();
        return send(client, "GET", url, b, null);
    }

    public static Response postJson(String url, String json) {
        return postJson(url, json, Map.of());
    }

    public static Response postJson(String url, String json, Map<String, String> headers) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        HttpRequest.Builder b = request(url, all).POST(HttpRequest.BodyPublishers.ofString(json));
        return send(CLIENT, "POST", url, b, json);
    }

    public static Response delete(String url) {
        return send(CLIENT, "DELETE", url, request(url, Map.of()).DELETE(), null);
    }

    /** A JSON string literal, for building small request bodies. */
    public static String jsonString(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static HttpRequest.Builder request(String url, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, text/html;q=0.9, */*;q=0.8")
                .header("User-Agent", "fullchain");
        headers.forEach(b::header);
        return b;
    }

    private static Response send(HttpClient client, String method, String url, HttpRequest.Builder builder, String requestBody) {
        long t0 = System.nanoTime();
        Response r;
        try {
            HttpResponse<String> resp = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, List<String>> headers = new TreeMap<>();
            resp.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
            r = new Response(method, url, resp.statusCode(), headers, resp.body() == null ? "" : resp.body(),
                    Duration.ofNanos(System.nanoTime() - t0), "");
        } catch (HttpTimeoutException e) {
            r = noAnswer(method, url, t0, "no answer within " + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s");
        } catch (IOException e) {
            r = noAnswer(method, url, t0, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r = noAnswer(method, url, t0, "interrupted");
        }
        attach(r, requestBody);
        return r;
    }

    private static Response noAnswer(String method, String url, long t0, String why) {
        String reason = why.contains("Connection refused") || why.contains("ConnectException") ? "connection refused" : why;
        return new Response(method, url, 0, Map.of(), "", Duration.ofNanos(System.nanoTime() - t0), reason);
    }

    private static void attach(Response r, String requestBody) {
        StringBuilder b = new StringBuilder(r.method()).append(' ').append(r.url()).append('\n');
        if (requestBody != null) {
            b.append('\n').append(cut(requestBody)).append('\n');
        }
        b.append("\n→ ");
        if (r.answered()) {
            b.append(r.status()).append(" (").append(r.took().toMillis()).append(" ms)\n");
            r.headers().forEach((k, v) -> b.append(k).append(": ").append(String.join(", ", v)).append('\n'));
            b.append('\n').append(cut(r.body()));
        } else {
            b.append("no answer: ").append(r.error());
        }
        try {
            Evidence.text("HTTP " + r.method() + " " + URI.create(r.url()).getRawPath() + " → "
                    + (r.answered() ? r.status() : "no answer"), b.toString());
        } catch (RuntimeException e) {
            // outside a check (no report running): nothing to attach to
        }
    }

    private static String cut(String s) {
        return s.length() > EVIDENCE_BODY_CHARS ? s.substring(0, EVIDENCE_BODY_CHARS) + "\n[… " + (s.length() - EVIDENCE_BODY_CHARS) + " more characters]" : s;
    }
}
