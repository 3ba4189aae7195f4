package dev.fullchain.selftest.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.env.Availability;
import dev.fullchain.env.Docker;
import dev.fullchain.env.Environments;
import dev.fullchain.selftest.Fixtures;
import dev.fullchain.selftest.HarnessRun;
import dev.fullchain.selftest.Outcome;
import dev.fullchain.target.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The k3s path, run as far as it can go without a registry: the image cannot be had, and
 * every cluster check is skipped at once with one line naming the image and the ways around
 * it (a mirror, or your own cluster). Without a Docker engine, the line says that instead.
 */
@Tag("selftest")
class K3sUnavailableTest {

    /** A registry name that cannot resolve, so the one pull attempt fails at once. */
    static final String IMAGE = "registry.fullchain.invalid/rancher/k3s:v1.33.1-k3s1";

    @Test
    void anImageThatCannotBePulledSkipsEveryClusterCheckWithOneLineNamingItAndAMirror() {
        Path target = Fixtures.root();
        Availability docker = Docker.availability();
        long t0 = System.nanoTime();
        Map<String, Outcome> outcomes;
        try {
            outcomes = HarnessRun.run(target, MockCluster.DAY3_CLUSTER, Map.of("cluster", "k3s", "k3s.image", IMAGE));
        } finally {
            Environments.closeFor(Target.open(target));
        }
        assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(ClusterChecksAgainstMockTest.RUN);
        assertThat(outcomes.values()).allSatisfy(o -> {
            assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.SKIPPED);
            assertThat(o.message()).as("one line").doesNotContain("\n").contains("-Dcluster=kubeconfig");
            if (docker.available()) {
                assertThat(o.message()).startsWith("cannot pull the k3s image " + IMAGE).contains("-Dk3s.image=<mirror>/");
            }
        });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("one attempt, remembered for every check").isLessThan(Duration.ofSeconds(60));
    }
}
