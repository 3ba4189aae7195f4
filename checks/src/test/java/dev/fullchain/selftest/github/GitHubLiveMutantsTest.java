package dev.fullchain.selftest.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.selftest.Fixtures;
import dev.fullchain.selftest.Mutant;
import dev.fullchain.selftest.Outcome;
import dev.fullchain.selftest.azure.LiveMutants.LiveMutant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Proves each live GitHub criterion can fail. A GitHub live mutant (github-live-mutants/*.yaml)
 * is a mutant in the usual format plus {@code fake:}, edits of the fake GitHub's canned state
 * ({@code runs.1.conclusion: failure}; null removes: {@code environments.production: null}).
 * The Day 4 live checks run against the mutated copy and that fake: the killed criteria fail
 * naming what the mutant says, the other live criterion passes, only GETs reach the fake and
 * the token is in no message.
 */
@Tag("selftest")
class GitHubLiveMutantsTest {

    @TestFactory
    Stream<DynamicTest> everyGitHubLiveMutantKillsItsCriteria() {
        List<LiveMutant> all = GitHubLiveMutants.all();
        assertThat(all).as("mutants under github-live-mutants/").hasSizeGreaterThanOrEqualTo(5);
        return all.stream().map(m -> DynamicTest.dynamicTest(m.mutant().name() + " — " + m.mutant().why()
                + " → kills " + m.mutant().kills(), () -> judge(m)));
    }

    @Test
    void everyLiveGitHubCriterionHasAMutant() {
        assertThat(GitHubLiveMutants.all().stream().flatMap(m -> m.mutant().kills().stream()).distinct().toList())
                .containsAll(GitHubLiveChecksAgainstFakeTest.LIVE);
    }

    static void judge(LiveMutant live) throws IOException {
        Mutant mutant = live.mutant();
        Path work = Files.createTempDirectory("fullchain-github-mutant-");
        try (FakeGitHub fake = FakeGitHub.start()) {
            live.fake().forEach(fake::set);
            Path target = mutant.materialise(Fixtures.root(), work);
            Map<String, Outcome> outcomes = GitHubLiveChecksAgainstFakeTest.run(target, fake.params());
            assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(GitHubLiveChecksAgainstFakeTest.LIVE);
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
                    .as("%s: the other live criteria pass", mutant.name())
                    .allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.PASSED));
            GitHubLiveChecksAgainstFakeTest.assertOnlyReads(fake);
            GitHubLiveChecksAgainstFakeTest.assertTokenNeverShown(outcomes, fake);
        } finally {
            try (var walk = Files.walk(work)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
