package dev.fullchain.selftest.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.probe.PrometheusText;
import dev.fullchain.probe.PrometheusText.Family;
import dev.fullchain.probe.PrometheusText.Metrics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("selftest")
class PrometheusTextTest {

    /** As python prometheus_client writes it (counter family named with _total, _created samples). */
    private static final String TEXT = """
            # HELP python_gc_objects_collected_total Objects collected during gc
            # TYPE python_gc_objects_collected_total counter
            python_gc_objects_collected_total{generation="0"} 312.0
            # HELP http_requests_total HTTP requests handled, by method, route template and status code.
            # TYPE http_requests_total counter
            http_requests_total{method="GET",route="/api/items/{item_id}",status="200"} 3.0
            http_requests_total{method="POST",route="/api/items",status="201"} 1.0
            http_requests_created{method="GET",route="/api/items/{item_id}",status="200"} 1.7e+09
            # HELP http_request_duration_seconds HTTP request duration in seconds.
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/items",status="200"} 1.0
            http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/items",status="200"} 2.0
            http_request_duration_seconds_count{method="GET",route="/api/items",status="200"} 2.0
            http_request_duration_seconds_sum{method="GET",route="/api/items",status="200"} 0.0123
            # A comment that is neither HELP nor TYPE
            process_open_fds 7
            weird_label{path="a \\"quoted\\" \\\\ value\\nnext",empty=""} NaN 1700000000000
            this is not a sample
            """;

    @Test
    void familiesKeepTheirTypeHelpAndSamples() {
        Metrics m = PrometheusText.parse(TEXT);
        Family counter = m.family("http_requests_total").orElseThrow();
        assertThat(counter.type()).isEqualTo("counter");
        assertThat(counter.help()).startsWith("HTTP requests handled");
        assertThat(counter.samples()).hasSize(3);
        assertThat(counter.samples("")).hasSize(2);
        assertThat(counter.samples("_created")).hasSize(1);
        assertThat(counter.labelNames()).containsExactly("method", "route", "status");
        assertThat(counter.samples().get(0).label("route")).contains("/api/items/{item_id}");
        assertThat(counter.samples().get(0).value()).isEqualTo(3.0);
        assertThat(m.ofType("counter")).extracting(Family::name)
                .containsExactly("python_gc_objects_collected_total", "http_requests_total");
    }

    @Test
    void histogramsGroupBucketsSumAndCount() {
        Family h = PrometheusText.parse(TEXT).family("http_request_duration_seconds").orElseThrow();
        assertThat(h.type()).isEqualTo("histogram");
        assertThat(h.samples("_bucket")).hasSize(2);
        assertThat(h.samples("_bucket").get(1).value()).isEqualTo(2.0);
        assertThat(h.samples("_bucket").get(1).label("le")).contains("+Inf");
        assertThat(h.samples("_count")).hasSize(1);
        assertThat(h.samples("_sum").get(0).value()).isEqualTo(0.0123);
    }

    @Test
    void untypedSamplesEscapesAndUnreadableLines() {
        Metrics m = PrometheusText.parse(TEXT);
        assertThat(m.family("process_open_fds").orElseThrow().type()).isEqualTo("untyped");
        var weird = m.family("weird_label").orElseThrow().samples().get(0);
        assertThat(weird.labels()).containsEntry("path", "a \"quoted\" \\ value\nnext").containsEntry("empty", "");
        assertThat(weird.value()).isNaN();
        assertThat(m.unreadable()).containsExactly("this is not a sample");
    }
}
