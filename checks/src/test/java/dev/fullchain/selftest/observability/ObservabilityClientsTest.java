package dev.fullchain.selftest.observability;

import static dev.fullchain.selftest.observability.CannedAnswers.answer;
import static dev.fullchain.selftest.observability.CannedAnswers.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.probe.grafana.GrafanaApi;
import dev.fullchain.probe.loki.LokiApi;
import dev.fullchain.probe.prometheus.PrometheusApi;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The read-only clients of Prometheus, Loki and Grafana on the answers those servers really
 * give (recorded from Prometheus 2.53 and Loki 3.6.7; Grafana's documented shapes): what the
 * Day 5 cluster checks will read through the service proxy.
 */
@Tag("selftest")
class ObservabilityClientsTest {

    @Test
    void prometheusTargetsCarryHealthAndTheScrapesLastError() {
        PrometheusApi api = new PrometheusApi(new CannedAnswers(p -> answer(200, sample("prometheus-2.53-targets.json"))));
        PrometheusApi.Answer<java.util.List<PrometheusApi.ScrapeTarget>> targets = api.activeTargets();
        assertThat(targets.ok()).isTrue();
        assertThat(targets.value()).anySatisfy(t -> {
            assertThat(t.label("job")).isEqualTo("down");
            assertThat(t.up()).isFalse();
            assertThat(t.lastError()).contains("connection refused");
        }).anySatisfy(t -> assertThat(t.up()).isTrue());
    }

    @Test
    void prometheusQueryValuesAndErrorsAreRead() {
        PrometheusApi up = new PrometheusApi(new CannedAnswers(p -> answer(200, sample("prometheus-2.53-query-up.json"))));
        assertThat(up.query("up").value()).extracting(PrometheusApi.Sample::value).contains(1.0, 0.0);
        PrometheusApi bad = new PrometheusApi(new CannedAnswers(p -> answer(400, sample("prometheus-2.53-query-error.json"))));
        assertThat(bad.query("sum(up").problem()).contains("HTTP 400").contains("bad_data").contains("1:5: parse error: unclosed left parenthesis");
    }

    @Test
    void prometheusRulesCarryTheirHealthForLabelsAndAnnotations() {
        PrometheusApi api = new PrometheusApi(new CannedAnswers(p -> answer(200, sample("prometheus-2.53-rules.json"))));
        assertThat(api.rules().value()).anySatisfy(r -> {
            assertThat(r.name()).isEqualTo("HighErrorRate");
            assertThat(r.type()).isEqualTo("alerting");
            assertThat(r.ok()).isTrue();
            assertThat(r.forSeconds()).isEqualTo(300);
            assertThat(r.labels()).containsEntry("severity", "warning");
            assertThat(r.annotations()).containsKey("summary");
        });
    }

    @Test
    void lokiStreamsCarryTheLabelsLokiAddsAndNanosecondTimes() {
        CannedAnswers loki = new CannedAnswers(p -> answer(200, sample("loki-3.6.7-query_range-streams.json")));
        LokiApi.Answer a = new LokiApi(loki).queryRange("{namespace=\"demo\"} |= \"FULLCHAIN-MARKER-42\"",
                Instant.ofEpochSecond(1796315800, 5), Instant.ofEpochSecond(1796315900), 100);
        assertThat(a.ok()).isTrue();
        assertThat(a.lines()).containsExactly("FULLCHAIN-MARKER-42 hello");
        assertThat(a.streams().get(0).labels()).containsKeys("service_name", "detected_level").containsEntry("namespace", "demo");
        assertThat(a.streams().get(0).entries().get(0).nanos()).isEqualTo(1796315835176356591L);
        assertThat(loki.asked).singleElement().satisfies(p -> assertThat(p)
                .startsWith("/loki/api/v1/query_range?query=%7Bnamespace%3D%22demo%22%7D")
                .contains("&start=1796315800000000005&end=1796315900000000000&limit=100"));
    }

    @Test
    void lokiSaysItsPlainTextParseErrorsAndWhenItIsBusy() {
        String parseError = sample("loki-3.6.7-query_range-parse-error.txt").lines().findFirst().orElseThrow();
        LokiApi.Answer bad = new LokiApi(new CannedAnswers(p -> answer(400, parseError))).queryRange("{app=", Instant.EPOCH, Instant.EPOCH, 1);
        assertThat(bad.ok()).isFalse();
        assertThat(bad.problem()).isEqualTo("HTTP 400 from Loki: parse error at line 1, col 17: syntax error: unexpected $end, expecting } or ,");
        LokiApi.Answer busy = new LokiApi(new CannedAnswers(p -> answer(429, "too many outstanding requests\n"))).queryRange("{a=\"b\"}", Instant.EPOCH, Instant.EPOCH, 1);
        assertThat(busy.busy()).isTrue();
        assertThat(busy.problem()).contains("429").contains("too many outstanding requests");
        LokiApi.Answer matrix = new LokiApi(new CannedAnswers(p -> answer(200, sample("loki-3.6.7-query_range-matrix.json"))))
                .queryRange("count_over_time({a=\"b\"}[1m])", Instant.EPOCH, Instant.EPOCH, 1);
        assertThat(matrix.problem()).contains("resultType matrix");
    }

    @Test
    void grafanaHealthDataSourceChecksAndSearchAreRead() {
        GrafanaApi api = new GrafanaApi(new CannedAnswers(p -> switch (p) {
            case "/api/health" -> answer(200, "{\"commit\":\"abc123\",\"database\":\"ok\",\"version\":\"11.3.0\"}");
            case "/api/datasources/uid/prometheus/health" -> answer(200, "{\"status\":\"OK\",\"message\":\"Successfully queried the Prometheus API.\"}");
            case "/api/datasources/uid/loki/health" -> answer(400, "{\"status\":\"ERROR\",\"message\":\"Unable to connect with Loki. Please check the server logs for more details.\"}");
            case "/api/search?type=dash-db&query=fullchain" -> answer(200, "[{\"uid\":\"fullchain-api\",\"title\":\"fullchain api\",\"type\":\"dash-db\",\"folderTitle\":\"General\"}]");
            default -> answer(404, "{\"message\":\"Not found\"}");
        }));
        assertThat(api.health().value().ok()).isTrue();
        assertThat(api.dataSourceHealth("prometheus").value().ok()).isTrue();
        GrafanaApi.Answer<GrafanaApi.SourceHealth> loki = api.dataSourceHealth("loki");
        assertThat(loki.ok()).as("the check answered").isTrue();
        assertThat(loki.value().ok()).isFalse();
        assertThat(loki.value().message()).contains("Unable to connect with Loki");
        assertThat(api.searchDashboards("fullchain").value()).extracting(GrafanaApi.Dashboard::title).containsExactly("fullchain api");
        assertThat(api.dataSourceHealth("nope").problem()).isEqualTo("HTTP 404 from Grafana: {\"message\":\"Not found\"}");
    }
}
