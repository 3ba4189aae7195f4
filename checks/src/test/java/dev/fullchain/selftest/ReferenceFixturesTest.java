package dev.fullchain.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.criteria.Catalog;
import dev.fullchain.criteria.CriterionSpec;
import dev.fullchain.criteria.Tier;
import dev.fullchain.junit.TierGate;
import dev.fullchain.selection.Selection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The reference week passes: every catalogued criterion ran and passed, or was skipped only
 * because its tier cannot run on this machine (and then with that tier's reason, or the
 * cluster's), or because the optional tool it runs is missing or cannot work here.
 */
@Tag("selftest")
class ReferenceFixturesTest {

    @Test
    void everyCriterionPassesOnTheFixturesOrIsSkippedForItsTier() {
        Selection all = Selection.all();
        Map<String, Outcome> outcomes = HarnessRun.run(Fixtures.root(), all, ReportsOfReferenceRun.listeners(all));

        List<String> notRun = Catalog.get().all().stream().map(CriterionSpec::id)
                .filter(id -> !outcomes.containsKey(id)).toList();
        assertThat(notRun).as("catalogued criteria that did not run at all").isEmpty();

        assertThat(outcomes.values()).allSatisfy(o -> {
            CriterionSpec spec = Catalog.get().require(o.criterion());
            if (o.status() == Outcome.Status.SKIPPED) {
                if (spec.needsOptionalTool()) {
                    assertThat(o.message()).as("%s may skip only for its tool (%s)", spec.id(), spec.tool())
                            .containsAnyOf(spec.tool().split(" or "));
                    return;
                }
                assertThat(spec.tier()).as("%s is static and may never be skipped", spec.id()).isNotEqualTo(Tier.STATIC);
                boolean tierDown = !TierGate.availability(spec.tier()).available()
                        && o.message().equals(TierGate.availability(spec.tier()).reason());
                boolean liveOff = spec.tier() == Tier.LIVE && o.message().startsWith("live ");
                // The k3s cluster cannot start here (its image cannot be pulled); its reason always
                // offers your own cluster. The cluster checks pass on the mock cluster (selftest/cluster).
                boolean noCluster = spec.tier() == Tier.CLUSTER && o.message().contains("-Dcluster=kubeconfig");
                assertThat(tierDown || liveOff || noCluster).as("%s was skipped for another reason than its tier: %s", spec.id(), o.message()).isTrue();
            } else {
                assertThat(o.status()).as("%s on the reference fixtures:%n%s", spec.id(), o.message()).isEqualTo(Outcome.Status.PASSED);
            }
        });
    }
}
