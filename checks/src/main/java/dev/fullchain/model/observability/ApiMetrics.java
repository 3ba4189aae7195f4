package dev.fullchain.model.observability;

import dev.fullchain.target.Layout;
import java.util.List;
import java.util.Set;

/**
 * The metric names the api exposes: its request counter and latency histogram (the
 * contract's names, or those fullchain.yaml maps under api.requestsMetric and
 * api.durationMetric) with the series prometheus_client writes for them, its process and
 * runtime collectors, and the series Prometheus makes itself for every target and alert.
 */
public final class ApiMetrics {

    public static final String REQUESTS = Layout.Api.REQUESTS;
    public static final String DURATION = Layout.Api.DURATION;
    public static final String BUCKET = DURATION + "_bucket";

    private static final Set<String> PROMETHEUS = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added", "ALERTS", "ALERTS_FOR_STATE");
    private static final List<String> CLIENT_PREFIXES = List.of("process_", "python_");
    private static final ApiMetrics CONTRACT = new ApiMetrics(REQUESTS, DURATION);

    private final String requests;
    private final String duration;

    private ApiMetrics(String requests, String duration) {
        this.requests = requests;
        this.duration = duration;
    }

    /** The contract's names. */
    public static ApiMetrics contract() {
        return CONTRACT;
    }

    /** The names of this api (fullchain.yaml's api.requestsMetric and api.durationMetric, else the contract's). */
    public static ApiMetrics of(Layout.Api api) {
        return new ApiMetrics(api.requestsMetric(), api.durationMetric());
    }

    public String requests() {
        return requests;
    }

    public String bucket() {
        return duration + "_bucket";
    }

    /** Whether Prometheus has series of that name from the api: its own, its client's, Prometheus's, or recorded. */
    public boolean exposed(String name, Set<String> recorded) {
        String created = requests.endsWith("_total") ? requests.substring(0, requests.length() - "_total".length()) + "_created" : "";
        return Set.of(requests, created, bucket(), duration + "_sum", duration + "_count", duration + "_created").contains(name)
                || PROMETHEUS.contains(name) || recorded.contains(name) || CLIENT_PREFIXES.stream().anyMatch(name::startsWith);
    }

    public String describe() {
        return requests + " and " + duration + "_bucket/_sum/_count (the api " + (this == CONTRACT || (requests.equals(REQUESTS)
                && duration.equals(DURATION)) ? "contract" : "as fullchain.yaml maps it") + "), process_* and python_* (its client"
                + " library), up and ALERTS (Prometheus's own), and the names the rules record";
    }
}
