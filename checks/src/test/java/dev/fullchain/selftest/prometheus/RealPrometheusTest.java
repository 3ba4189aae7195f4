package dev.fullchain.selftest.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fullchain.model.helm.HelmChart;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.RenderedObject;
import dev.fullchain.probe.Http;
import dev.fullchain.probe.prometheus.PrometheusApi;
import dev.fullchain.selftest.Fixtures;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * fullchain's Prometheus client against a real Prometheus (Debian's 2.42, put on PATH by
 * .ci/run), scraping a stand-in of the api's /metrics on 127.0.0.1 and loading the reference
 * chart's PrometheusRule, rendered with the helmfile's dev values and converted to a rule file
 * as the Prometheus Operator does. Skipped, saying so, where no prometheus binary is on PATH.
 */
@Tag("selftest")
class RealPrometheusTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    static final Pattern API_SELECTOR = Pattern.compile("up\\{job=\"([^\"]+)\", namespace=\"([^\"]+)\"}");

    @BeforeAll
    static void needsPrometheus() {
        assumeTrue(PrometheusProcess.binary().isPresent(), "no prometheus on PATH (.ci/run puts Debian's there)");
    }

    /** The reference chart's PrometheusRule for the dev environment, as the helmfile installs it. */
    static GenericKubernetesResource referenceRule() {
        HelmChart chart = HelmCharts.load(Target.open(Fixtures.root())).chart();
        List<RenderedObject> rules = chart.render(chart.values("dev").orElseThrow()).objects().stream()
                .filter(o -> o.kind().equals("PrometheusRule")).toList();
        assertThat(rules).as("the dev render has the api's PrometheusRule").hasSize(1);
        return (GenericKubernetesResource) rules.get(0).object();
    }

    /** A PrometheusRule's spec is a rule file's content: its groups. */
    @SuppressWarnings("unchecked")
    static String ruleFile(GenericKubernetesResource rule) {
        Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
        return new Yaml().dump(Map.of("groups", spec.get("groups")));
    }

    private static String config(String job, String namespace, int port, boolean rules) {
        return """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                %s
                scrape_configs:
                  - job_name: %s
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                        labels: {namespace: %s}
                """.formatted(rules ? "rule_files: [rules.yml]" : "", job, port, namespace);
    }

    private static PrometheusApi api(PrometheusProcess p) {
        return new PrometheusApi(path -> Http.get(p.url(path)));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theApiTargetIsUpItsRequestRateShowsAfterTrafficAndTheReferenceRulesLoad(@TempDir Path work) throws Exception {
        GenericKubernetesResource rule = referenceRule();
        String rules = ruleFile(rule);
        Matcher m = API_SELECTOR.matcher(rules);
        assertThat(m.find()).as("the ApiDown rule selects the api's job and namespace: " + rules).isTrue();
        String job = m.group(1);
        String namespace = m.group(2);
        Files.writeString(work.resolve("rules.yml"), rules);
        try (ApiMetricsStandIn standIn = new ApiMetricsStandIn();
                PrometheusProcess prometheus = PrometheusProcess.start(work, config(job, namespace, standIn.port(), true))) {
            PrometheusApi api = api(prometheus);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                PrometheusApi.Answer<List<PrometheusApi.ScrapeTarget>> targets = api.activeTargets();
                assertThat(targets.ok()).as(String.valueOf(targets.problem())).isTrue();
                assertThat(targets.value()).singleElement().satisfies(t -> {
                    assertThat(t.up()).as(t.lastError()).isTrue();
                    assertThat(t.label("job")).isEqualTo(job);
                });
            });
            String rate = "sum(rate(http_requests_total{job=\"" + job + "\"}[10s]))";
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                for (int i = 0; i < 5; i++) {
                    standIn.request(200);
                }
                PrometheusApi.Answer<List<PrometheusApi.Sample>> q = api.query(rate);
                assertThat(q.ok()).as(String.valueOf(q.problem())).isTrue();
                assertThat(q.value()).singleElement().satisfies(s -> assertThat(s.value()).isPositive());
            });
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                PrometheusApi.Answer<List<PrometheusApi.Rule>> loaded = api.rules();
                assertThat(loaded.ok()).as(String.valueOf(loaded.problem())).isTrue();
                assertThat(loaded.value()).extracting(PrometheusApi.Rule::name)
                        .containsExactlyInAnyOrder("ApiDown", "Api5xxRateHigh", "ApiP95LatencyHigh");
                assertThat(loaded.value()).allSatisfy(r -> {
                    assertThat(r.ok()).as(r.name() + ": " + r.lastError()).isTrue();
                    assertThat(r.forSeconds()).as(r.name() + " for:").isPositive();
                    assertThat(r.labels()).containsKey("severity");
                    assertThat(r.annotations()).containsKey("summary");
                });
            });
            // the api is up and answering: ApiDown must not fire
            PrometheusApi.Answer<List<PrometheusApi.Sample>> down = api.query("ALERTS{alertname=\"ApiDown\"}");
            assertThat(down.ok()).isTrue();
            assertThat(down.value()).isEmpty();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aTargetThatIsDownCarriesItsLastErrorAndABadQueryItsParseError(@TempDir Path work) throws Exception {
        int closed = PrometheusProcess.freePort();
        try (PrometheusProcess prometheus = PrometheusProcess.start(work, config("api", "fullchain-dev", closed, false))) {
            PrometheusApi api = api(prometheus);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                List<PrometheusApi.ScrapeTarget> targets = api.activeTargets().value();
                assertThat(targets).singleElement().satisfies(t -> {
                    assertThat(t.up()).isFalse();
                    assertThat(t.health()).isEqualTo("down");
                    assertThat(t.lastError()).contains("connection refused");
                });
            });
            PrometheusApi.Answer<List<PrometheusApi.Sample>> bad = api.query("sum(rate(http_requests_total[5m])");
            assertThat(bad.ok()).isFalse();
            assertThat(bad.problem()).contains("HTTP 400").contains("bad_data").contains("parse error");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void promtoolAcceptsTheReferenceRulesAndRefusesABrokenExpression(@TempDir Path work) throws Exception {
        Path promtool = PrometheusProcess.which("promtool").orElse(null);
        assumeTrue(promtool != null, "no promtool on PATH");
        String rules = ruleFile(referenceRule());
        Path good = Files.writeString(work.resolve("good.yml"), rules);
        Path bad = Files.writeString(work.resolve("bad.yml"), rules.replaceFirst("histogram_quantile\\(0.95,", "histogram_quantile(0.95,,"));
        assertThat(promtool(promtool, good)).startsWith("0:").contains("SUCCESS: 3 rules found");
        assertThat(promtool(promtool, bad)).startsWith("1:").contains("parse error");
    }

    private static String promtool(Path promtool, Path file) throws Exception {
        Process p = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("promtool ends").isTrue();
        return p.exitValue() + ": " + new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
