package dev.fullchain.model.observability;

import java.util.List;
import java.util.Set;

/**
 * The metric names the api exposes under the contract (a request counter and a latency
 * histogram, with the series prometheus_client writes for them and its process and runtime
 * collectors), and the series Prometheus makes itself for every target and alert.
 */
public final class ApiMetrics {

    public static final String REQUESTS = "http_requests_total";
    public static final String DURATION = "http_request_duration_seconds";
    public static final String BUCKET = DURATION + "_bucket";

    private static final Set<String> CONTRACT = Set.of(REQUESTS, "http_requests_created", BUCKET, DURATION + "_sum",
            DURATION + "_count", DURATION + "_created");
    private static final Set<String> PROMETHEUS = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added", "ALERTS", "ALERTS_FOR_STATE");
    private static final List<String> CLIENT_PREFIXES = List.of("process_", "python_");

    private ApiMetrics() {
    }

    /** Whether Prometheus has series of that name from the api: the contract's, the client's own, Prometheus's, or recorded. */
    public static boolean exposed(String name, Set<String> recorded) {
        return CONTRACT.contains(name) || PROMETHEUS.contains(name) || recorded.contains(name)
                || CLIENT_PREFIXES.stream().anyMatch(name::startsWith);
    }

    public static String describe() {
        return REQUESTS + " and " + DURATION + "_bucket/_sum/_count (the api contract), process_* and python_* (its client library),"
                + " up and ALERTS (Prometheus's own), and the names the rules record";
    }
}
