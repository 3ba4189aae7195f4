package dev.fullchain.selftest.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.criteria.Tier;
import dev.fullchain.selection.Selection;
import dev.fullchain.selftest.Fixtures;
import dev.fullchain.selftest.HarnessRun;
import dev.fullchain.selftest.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fullchain's own workflows (its CI and the reusable gate for learners) meet the Day 4
 * criteria that apply to workflows that deploy nothing: they grant least privilege, pin
 * actions to commit SHAs, never paste untrusted input into a script, and do not overlap; and
 * they parse, with the right triggers. The Day 4 static checks run over a target holding a
 * copy of the two files, as they would over a learner's repository.
 */
@Tag("selftest")
class OwnWorkflowsTest {

    static final List<String> APPLY = List.of("D4.WF.PERMISSIONS", "D4.WF.PINNED_ACTIONS", "D4.WF.INJECTION", "D4.WF.CONCURRENCY");
    static final List<String> OWN = List.of("ci.yml", "fullchain-gate.yml");

    @Test
    void fullchainsOwnWorkflowsPassTheDay4CriteriaThatApplyToThem(@TempDir Path dir) throws IOException {
        Path repo = Fixtures.root().getParent();
        Path workflows = Files.createDirectories(dir.resolve(".github/workflows"));
        for (String f : OWN) {
            Files.copy(repo.resolve(".github/workflows").resolve(f), workflows.resolve(f));
        }
        Map<String, Outcome> outcomes = HarnessRun.runOnce(dir, new Selection(Set.of(4), EnumSet.of(Tier.STATIC)));
        assertThat(outcomes.keySet()).as("Day 4 static checks that ran").containsAll(APPLY).contains("D4.WF.VALID");
        assertThat(APPLY.stream().map(outcomes::get).toList()).allSatisfy(o ->
                assertThat(o.status()).as("%s on fullchain's own workflows:%n%s", o.criterion(), o.message()).isEqualTo(Outcome.Status.PASSED));

        // D4.WF.VALID also asks for the app's pipeline (build, test, deploy of a learner's app),
        // which fullchain has not: that finding is expected; any other one (a file that does not
        // parse, a trigger problem) would name one of the two files.
        Outcome valid = outcomes.get("D4.WF.VALID");
        if (valid.status() != Outcome.Status.PASSED) {
            assertThat(valid.message()).as("D4.WF.VALID on fullchain's own workflows").contains("1 problem", "✗ .github/workflows\n")
                    .doesNotContain(OWN.toArray(String[]::new));
        }
    }

    /** D4.WF.PINNED_ACTIONS lets GitHub's own actions (actions/*) float; fullchain pins them too, with the release named. */
    @Test
    void everyActionFullchainUsesIsPinnedToACommitShaWithItsRelease() throws IOException {
        Path workflows = Fixtures.root().getParent().resolve(".github/workflows");
        for (String f : OWN) {
            List<String> uses = Files.readAllLines(workflows.resolve(f)).stream()
                    .filter(l -> l.strip().matches("(- )?uses: .*")).toList();
            assertThat(uses).as("uses: lines of %s", f).isNotEmpty()
                    .allSatisfy(l -> assertThat(l).as(f).matches("\\s*(- )?uses: [\\w.-]+/[\\w./-]+@[0-9a-f]{40} # v\\d+(\\.\\d+)*"));
        }
    }
}
