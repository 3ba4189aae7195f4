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
 * actions to commit SHAs and never paste untrusted input into a script. Every other Day 4
 * criterion has nothing to judge there (no app pipeline, no deployment, no Terraform, no
 * Azure login) and reads missing, never passed by default nor failed. The Day 4 static checks
 * run over a target holding a copy of the two files, as they would over a learner's repository.
 */
@Tag("selftest")
class OwnWorkflowsTest {

    static final List<String> APPLY = List.of("D4.WF.PERMISSIONS", "D4.WF.PINNED_ACTIONS", "D4.WF.INJECTION");
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

        // Nothing else applies: each other criterion says what it looked for and which key maps it.
        List<Outcome> others = outcomes.values().stream().filter(o -> !APPLY.contains(o.criterion())).toList();
        assertThat(others).extracting(Outcome::criterion).contains("D4.WF.VALID", "D4.WF.CONCURRENCY", "D4.WF.TERRAFORM");
        assertThat(others).allSatisfy(o -> assertThat(o.status()).as("%s on fullchain's own workflows:%n%s", o.criterion(), o.message())
                .isEqualTo(Outcome.Status.MISSING));
        assertThat(outcomes.get("D4.WF.VALID").message()).contains("no app pipeline", "workflows.pipeline");
        assertThat(outcomes.get("D4.WF.TERRAFORM").message()).contains("no infrastructure workflow", "workflows.infrastructure");
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
