package dev.fullchain.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.criteria.Catalog;
import dev.fullchain.criteria.CriterionSpec;
import dev.fullchain.criteria.Tier;
import dev.fullchain.selection.Selection;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * fullchain is right on repositories its authors did not shape it to: on each correct
 * learner repository, laid out unlike the fixtures, every static criterion of the days it has
 * done passes (or skips only for its optional tool), and every criterion of a day it has not
 * started reads missing, never failed. -Dlearners.days=2 narrows to some days while working.
 */
@Tag("selftest")
class LearnerRepositoriesTest {

    private static final Set<Integer> DAYS = days(System.getProperty("learners.days", "1,2,3,4,5"));

    @TestFactory
    Stream<DynamicTest> everyStaticCriterionPassesOnEachCorrectRepository() {
        return Learners.all().stream().map(l -> DynamicTest.dynamicTest(l.name() + " (days done " + l.daysDone() + ")", () -> {
            Map<String, Outcome> outcomes = HarnessRun.run(l.root(), new Selection(DAYS, EnumSet.of(Tier.STATIC)));
            List<String> wrong = outcomes.values().stream()
                    .filter(o -> !acceptable(l, o))
                    .map(o -> "\n" + o.criterion() + " " + o.status() + "\n" + o.message())
                    .toList();
            assertThat(wrong).as("criteria of %s that a strict reviewer would not judge this way", l.name()).isEmpty();
            long expected = Catalog.get().all().stream().filter(s -> s.tier() == Tier.STATIC && DAYS.contains(s.day())).count();
            assertThat(outcomes).as("static criteria that ran on %s", l.name()).hasSize((int) expected);
        }));
    }

    private static boolean acceptable(Learners.Learner l, Outcome o) {
        CriterionSpec spec = Catalog.get().require(o.criterion());
        if (!l.daysDone().contains(spec.day())) {
            return o.status() == Outcome.Status.MISSING;
        }
        if (o.status() == Outcome.Status.SKIPPED) {
            return spec.needsOptionalTool();
        }
        return o.status() == Outcome.Status.PASSED;
    }

    private static Set<Integer> days(String s) {
        return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).map(Integer::parseInt)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
