package dev.fullchain.selftest.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fullchain.selftest.Fixtures;
import dev.fullchain.selftest.Mutant;
import dev.fullchain.selftest.Outcome;
import dev.fullchain.selftest.cluster.ClusterMutants.ClusterMutant;
import dev.fullchain.selftest.prometheus.PrometheusProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Proves each Day 5 cluster criterion can fail: a mutant (cluster-mutants-day5/*.yaml) edits
 * the fixtures or breaks the mock cluster's stack; the Day 5 cluster checks run over it
 * against a real Prometheus and the fakes of Loki and Grafana. The killed criteria fail,
 * naming what the mutant says, and the others pass unless declared under {@code also}
 * (TRACES always skips: nothing traces here). -Dmutants=SUBSTRING selects.
 */
@Tag("selftest")
class Day5ClusterMutantsTest {

    /** Seconds a failing wait lasts: a healthy target is up, and a line in Loki, within 3 s here. */
    private static final int TIMEOUT_SECONDS = 10;

    @TestFactory
    Stream<DynamicTest> everyDay5ClusterMutantKillsItsCriteria() {
        assumeTrue(PrometheusProcess.binary().isPresent(), "no prometheus on PATH (.ci/run puts Debian's there)");
        String only = System.getProperty("mutants", "");
        List<ClusterMutant> all = ClusterMutants.day5();
        assertThat(all).as("cluster mutants under cluster-mutants-day5/").hasSizeGreaterThanOrEqualTo(10);
        return all.stream().filter(m -> m.mutant().name().contains(only)).map(m -> DynamicTest.dynamicTest(
                m.mutant().name() + " — " + m.mutant().why() + " → kills " + m.mutant().kills(), () -> judge(m)));
    }

    @Test
    void everyDay5ClusterCriterionButTracesHasAMutant() {
        assertThat(ClusterMutants.day5().stream().flatMap(m -> m.mutant().kills().stream()).distinct().toList())
                .containsAll(Day5ClusterAgainstMockTest.RUN.stream().filter(id -> !id.equals("D5.RUN.TRACES")).toList());
    }

    private static void judge(ClusterMutant cm) throws IOException {
        Mutant mutant = cm.mutant();
        Path work = Files.createTempDirectory("fullchain-day5-cluster-mutant-");
        try {
            Path target = mutant.materialise(Fixtures.root(), work);
            Map<String, Outcome> outcomes;
            try (MockCluster cluster = MockCluster.start(target, cm.faults())) {
                outcomes = cluster.run(target, MockCluster.DAY5_CLUSTER, TIMEOUT_SECONDS, Map.of());
            }
            assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(Day5ClusterAgainstMockTest.RUN);
            String login = java.util.Base64.getEncoder().encodeToString(("admin:" + FakeStack.GRAFANA_PASSWORD)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(outcomes.values()).as("Grafana's admin password, plain or in its Basic login, is in no message")
                    .allSatisfy(o -> assertThat(o.message()).doesNotContain(FakeStack.GRAFANA_PASSWORD).doesNotContain(login));
            for (String id : mutant.kills()) {
                Outcome o = outcomes.get(id);
                assertThat(o.status()).as("%s should make %s %s, but it %s: %s", mutant.name(), id, mutant.outcome(), o.status(), o.message())
                        .isEqualTo(mutant.outcome());
                assertThat(o.message()).as("the failure message of %s", id).contains(id).contains("hint:");
                for (String needle : mutant.mentions()) {
                    assertThat(o.message()).as("the failure message of %s should name %s", id, needle).contains(needle);
                }
            }
            assertThat(outcomes.values()).filteredOn(o -> !mutant.kills().contains(o.criterion()) && !mutant.also().contains(o.criterion())
                            && !o.criterion().equals("D5.RUN.TRACES"))
                    .as("%s: the other Day 5 cluster criteria pass", mutant.name())
                    .allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.PASSED));
        } finally {
            Mutant.deleteTree(work);
        }
    }
}
