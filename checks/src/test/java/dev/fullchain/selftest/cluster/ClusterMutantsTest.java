package dev.fullchain.selftest.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.selftest.Fixtures;
import dev.fullchain.selftest.Mutant;
import dev.fullchain.selftest.Outcome;
import dev.fullchain.selftest.cluster.ClusterMutants.ClusterMutant;
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
 * Proves each cluster criterion can fail. A cluster mutant (cluster-mutants/*.yaml) runs the
 * Day 3 cluster checks over a mutated copy of the fixtures, against a mock cluster with the
 * mutant's faults: the killed criteria fail, naming what the mutant says, and every other
 * cluster criterion passes unless declared under {@code also}. -Dmutants=SUBSTRING selects.
 */
@Tag("selftest")
class ClusterMutantsTest {

    @TestFactory
    Stream<DynamicTest> everyClusterMutantKillsItsCriteria() {
        String only = System.getProperty("mutants", "");
        List<ClusterMutant> all = ClusterMutants.all();
        assertThat(all).as("cluster mutants under cluster-mutants/").hasSizeGreaterThanOrEqualTo(5);
        return all.stream().filter(m -> m.mutant().name().contains(only)).map(m -> DynamicTest.dynamicTest(
                m.mutant().name() + " — " + m.mutant().why() + " → kills " + m.mutant().kills(), () -> judge(m)));
    }

    @Test
    void everyClusterCriterionHasAClusterMutant() {
        assertThat(ClusterMutants.all().stream().flatMap(m -> m.mutant().kills().stream()).distinct().toList())
                .containsAll(ClusterChecksAgainstMockTest.RUN);
    }

    static void judge(ClusterMutant cm) throws IOException {
        Mutant mutant = cm.mutant();
        Path work = Files.createTempDirectory("fullchain-cluster-mutant-");
        try {
            Path target = mutant.materialise(Fixtures.root(), work);
            Map<String, Outcome> outcomes;
            try (MockCluster cluster = MockCluster.start(target, cm.faults())) {
                outcomes = cluster.runDay3(target, Map.of());
                // Checks and diagnostics poll; they never watch (a failing pod's log must not wait for it to be ready).
                assertThat(cluster.api.requests()).as("watch requests").noneMatch(r -> r.path().contains("watch=true"));
            }
            assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(ClusterChecksAgainstMockTest.RUN);
            for (String id : mutant.kills()) {
                Outcome o = outcomes.get(id);
                assertThat(o.status()).as("%s should make %s fail, but it %s: %s", mutant.name(), id, o.status(), o.message())
                        .isEqualTo(mutant.outcome());
                assertThat(o.message()).as("the failure message of %s", id).contains(id).contains("hint:");
                for (String needle : mutant.mentions()) {
                    assertThat(o.message()).as("the failure message of %s should name %s", id, needle).contains(needle);
                }
            }
            assertThat(outcomes.values()).filteredOn(o -> !mutant.kills().contains(o.criterion()) && !mutant.also().contains(o.criterion()))
                    .as("%s: the other cluster criteria pass", mutant.name())
                    .allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.PASSED));
        } finally {
            Mutant.deleteTree(work);
        }
    }

}
