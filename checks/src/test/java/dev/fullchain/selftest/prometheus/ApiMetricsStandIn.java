package dev.fullchain.selftest.prometheus;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the api's /metrics on 127.0.0.1: the series the fixture api exposes
 * (fixtures/app/api/app/observability.py: http_requests_total and the
 * http_request_duration_seconds histogram, by method, route and status), in Prometheus'
 * text format, counting the requests a test makes with {@link #request}.
 */
public final class ApiMetricsStandIn implements AutoCloseable {

    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};

    private final HttpServer server;
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public ApiMetricsStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", x -> {
            byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** One request handled by the api: counted in the series, 5xx when {@code status} is. */
    public void request(int status) {
        (status >= 500 ? failed : ok).incrementAndGet();
    }

    private String exposition() {
        StringBuilder s = new StringBuilder();
        s.append("# HELP http_requests_total HTTP requests handled, by method, route template and status code.\n");
        s.append("# TYPE http_requests_total counter\n");
        s.append("http_requests_total{method=\"GET\",route=\"/api/items\",status=\"200\"} ").append(ok.get()).append('\n');
        s.append("http_requests_total{method=\"GET\",route=\"/api/items\",status=\"500\"} ").append(failed.get()).append('\n');
        s.append("# HELP http_request_duration_seconds HTTP request duration in seconds.\n");
        s.append("# TYPE http_request_duration_seconds histogram\n");
        long n = ok.get();
        for (double b : BUCKETS) {
            s.append("http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/items\",status=\"200\",le=\"")
                    .append(b).append("\"} ").append(b >= 0.025 ? n : 0).append('\n');
        }
        s.append("http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/items\",status=\"200\",le=\"+Inf\"} ").append(n).append('\n');
        s.append("http_request_duration_seconds_sum{method=\"GET\",route=\"/api/items\",status=\"200\"} ").append(n * 0.02).append('\n');
        s.append("http_request_duration_seconds_count{method=\"GET\",route=\"/api/items\",status=\"200\"} ").append(n).append('\n');
        return s.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
