package dev.fullchain.selftest.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fullchain.env.Docker;
import dev.fullchain.probe.Http;
import dev.fullchain.probe.prometheus.PrometheusApi;
import dev.fullchain.target.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A real Prometheus scraping the real fixture api (a process on 127.0.0.1, on Postgres in a
 * container), with the reference chart's alert rules: the api's own series are the
 * contract's names and rise with traffic, every rule loads healthy and ApiDown stays quiet,
 * and the api logs the X-Request-ID it is sent (what D5.RUN.LOKI looks for). Skipped, saying
 * which, without a prometheus binary, Debian's api packages or Docker.
 */
@Tag("selftest")
class RealApiScrapedTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void prometheusScrapesTheRealApiItsCounterRisesWithTrafficAndItsLogCarriesTheRequestId(@TempDir Path work) throws Exception {
        assumeTrue(PrometheusProcess.binary().isPresent(), "no prometheus on PATH (.ci/run puts Debian's there)");
        assumeTrue(RealApiProcess.runnable(), "Debian's python3 lacks the api's packages (.ci/prepare-api-runtime.sh installs them)");
        var docker = Docker.availability();
        assumeTrue(docker.available(), docker.reason());
        String rules = RealPrometheusTest.ruleFile(RealPrometheusTest.referenceRule());
        Matcher m = RealPrometheusTest.API_SELECTOR.matcher(rules);
        assertThat(m.find()).as("the ApiDown rule selects the api's job and namespace: " + rules).isTrue();
        String job = m.group(1);
        String namespace = m.group(2);
        Files.writeString(work.resolve("rules.yml"), rules);
        try (PostgreSQLContainer<?> db = RealApiProcess.database()) {
            db.start();
            try (RealApiProcess api = RealApiProcess.start(work, RealApiProcess.settings(db));
                    PrometheusProcess prometheus = PrometheusProcess.start(work, config(job, namespace, api.port()))) {
                PrometheusApi prom = new PrometheusApi(path -> Http.get(prometheus.url(path)));
                await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                        assertThat(prom.activeTargets().value()).singleElement().satisfies(t -> assertThat(t.up()).as(t.lastError()).isTrue()));

                String marker = "fullchain-real-" + UUID.randomUUID();
                for (int i = 0; i < 20; i++) {
                    assertThat(Http.get(api.url("/api/items"), Map.of("X-Request-ID", marker + "-" + i)).status()).isEqualTo(200);
                }
                String total = "sum(" + Layout.Api.REQUESTS + "{job=\"" + job + "\", route=\"/api/items\", status=\"200\"})";
                await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                        assertThat(prom.query(total).value()).singleElement().satisfies(s -> assertThat(s.value()).isGreaterThanOrEqualTo(20)));
                await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    List<PrometheusApi.Rule> loaded = prom.rules().value();
                    assertThat(loaded).extracting(PrometheusApi.Rule::name).contains("ApiDown", "Api5xxRateHigh", "ApiP95LatencyHigh");
                    assertThat(loaded).allSatisfy(r -> assertThat(r.ok()).as(r.name() + ": " + r.lastError()).isTrue());
                });
                assertThat(prom.query("ALERTS{alertname=\"ApiDown\"}").value()).as("the api is up: ApiDown does not fire").isEmpty();
                assertThat(prom.query("sum(" + Layout.Api.DURATION + "_bucket{job=\"" + job + "\"})").value())
                        .as("the latency histogram the p95 alert reads").singleElement().satisfies(s -> assertThat(s.value()).isPositive());
                assertThat(api.log()).as("the api logs the request id it is sent, as JSON")
                        .contains("\"request_id\": \"" + marker + "-0\"").contains("\"request_id\": \"" + marker + "-19\"");
            }
        }
    }

    private static String config(String job, String namespace, int port) {
        return """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [rules.yml]
                scrape_configs:
                  - job_name: %s
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                        labels: {namespace: %s}
                """.formatted(job, port, namespace);
    }
}
