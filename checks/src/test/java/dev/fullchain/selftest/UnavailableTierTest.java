package dev.fullchain.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.criteria.Tier;
import dev.fullchain.env.Availability;
import dev.fullchain.env.Docker;
import dev.fullchain.junit.TierGate;
import dev.fullchain.selection.Selection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A tier that cannot run here skips its checks with the reason and the way to enable it, never passes them. */
@Tag("selftest")
class UnavailableTierTest {

    @Test
    void noDockerEngineSkipsEveryDockerCheckWithTheReason() {
        String reason = "no Docker engine answered: start Docker or run -Dtier=static";
        TierGate.register(Tier.DOCKER, () -> Availability.no(reason));
        try {
            Map<String, Outcome> outcomes = HarnessRun.run(Fixtures.root(),
                    new Selection(Set.of(1), EnumSet.of(Tier.DOCKER)));
            assertThat(outcomes).hasSize(8);
            assertThat(outcomes.values()).allSatisfy(o -> {
                assertThat(o.status()).as(o.criterion()).isEqualTo(Outcome.Status.SKIPPED);
                assertThat(o.message()).isEqualTo(reason);
            });
        } finally {
            TierGate.register(Tier.DOCKER, Docker::availability);
        }
    }
}
