package dev.fullchain.probe.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullchain.secrets.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * GitHub's REST API, read-only: this client has one verb, GET (there is no way to send
 * anything else through it), bounded timeouts, no redirects followed, and a log of what was
 * asked and answered ("GET url → status", never a header), attached to a failed check's report.
 * The token is sent as a bearer token and registered with {@link Secrets}.
 */
public final class GitHubApi {

    public static final String API_VERSION = "2022-11-28";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String token;
    private final HttpClient client;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    /** @param base the API's root (https://api.github.com, or a GitHub Enterprise /api/v3, or a fake) */
    public GitHubApi(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        Secrets.register(token);
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** One answer: the status and the body parsed as JSON (a missing node when it is not JSON). */
    public record Answer(String url, int status, JsonNode body) {

        public boolean ok() {
            return status == 200;
        }

        /** GitHub's own error text ("Not Found", "Bad credentials", ...), or the status. */
        public String message() {
            String m = body.path("message").asText("");
            return m.isEmpty() ? "HTTP " + status : m + " (HTTP " + status + ")";
        }
    }

    /** A GET of {@code pathAndQuery} ("/repos/o/n/actions/workflows?per_page=100"). No answer at all is an exception. */
    public Answer get(String pathAndQuery) {
        String url = base + pathAndQuery;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .GET()
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", "fullchain")
                .header("Authorization", "Bearer " + token)
                .build();
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            log.add("GET " + url + " → " + r.statusCode() + rateLimit(r));
            return new Answer(url, r.statusCode(), parse(r.body()));
        } catch (IOException e) {
            log.add("GET " + url + " → no answer (" + e + ")");
            throw new GitHubApiException("no answer from " + base + " to GET " + pathAndQuery + ": " + String.valueOf(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubApiException("interrupted while asking " + url, e);
        }
    }

    public String base() {
        return base;
    }

    /** Every request sent so far, in order. */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    private static String rateLimit(HttpResponse<String> r) {
        Optional<String> remaining = r.headers().firstValue("x-ratelimit-remaining");
        return remaining.filter("0"::equals).map(x -> " (rate limit exhausted)").orElse("");
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode n = body == null || body.isBlank() ? null : JSON.readTree(body);
            return n == null ? JSON.missingNode() : n;
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    /** GitHub could not be asked, or answered something other than what the reader expects. */
    public static final class GitHubApiException extends RuntimeException {
        public GitHubApiException(String message, Throwable cause) {
            super(message, cause);
        }

        public GitHubApiException(String message) {
            super(message);
        }
    }
}
