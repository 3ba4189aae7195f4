package dev.fullchain.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.fullchain.criteria.Catalog;
import dev.fullchain.criteria.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Proves every criterion can fail: each mutant (fixtures + one defect) is checked by a
 * nested run of its day, which must fail exactly the criteria it declares it kills (plus
 * any declared collateral) and pass or skip everything else. Static mutants run first.
 */
@Tag("selftest")
class MutantsTest {

    @TestFactory
    Stream<DynamicTest> everyMutantKillsItsCriteria() {
        // -Dmutants=d3 (a substring of the name, e.g. "day3/") runs a subset while working on a day.
        String only = System.getProperty("mutants", "");
        return Fixtures.allMutants().stream()
                .filter(m -> m.name().contains(only))
                .sorted(Comparator.comparing((Mutant m) -> m.selection().tiers().stream().max(Comparator.naturalOrder()).orElse(Tier.STATIC))
                        .thenComparing(Mutant::name))
                .map(m -> DynamicTest.dynamicTest(m.name() + " — " + m.why() + " → kills " + m.kills(), () -> judge(m)));
    }

    static void judge(Mutant mutant) throws IOException {
        Path work = Files.createTempDirectory("fullchain-mutant-");
        try {
            Path target = mutant.materialise(Fixtures.root(), work);
            Map<String, Outcome> outcomes = HarnessRun.runOnce(target, mutant.selection());
            for (String id : mutant.kills()) {
                Outcome o = outcomes.get(id);
                assertThat(o).as("%s: no check of %s ran", mutant.name(), id).isNotNull();
                var spec = Catalog.get().require(id);
                assumeFalse(o.status() == Outcome.Status.SKIPPED && (spec.tier() != Tier.STATIC || spec.needsOptionalTool()),
                        () -> id + " could not run here: " + o.message());
                assertThat(o.status()).as("%s should make %s read %s, but it %s: %s", mutant.name(), id, mutant.outcome(), o.status(), o.message())
                        .isEqualTo(mutant.outcome());
                assertThat(o.message()).as("the failure message of %s", id).contains(id);
                for (String needle : mutant.mentions()) {
                    assertThat(o.message()).as("the failure message of %s should name %s", id, needle).contains(needle);
                }
            }
            List<Outcome> collateral = outcomes.values().stream()
                    .filter(Outcome::notPassed)
                    .filter(o -> !mutant.kills().contains(o.criterion()) && !mutant.also().contains(o.criterion()))
                    .toList();
            assertThat(collateral).as("%s fails criteria it does not declare (kills/also)", mutant.name()).isEmpty();
        } finally {
            Mutant.deleteTree(work);
        }
    }
}
