package dev.fullchain.selftest.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.criteria.Tier;
import dev.fullchain.env.Environments;
import dev.fullchain.selection.Selection;
import dev.fullchain.selftest.Fixtures;
import dev.fullchain.selftest.HarnessRun;
import dev.fullchain.selftest.Outcome;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Day 4 live checks against the local fake GitHub: the reference fixtures pass against a
 * healthy repository; live off, no token, a refused token and an unknown repository skip with
 * the way to fix it; the repository comes from the target's remote origin; on every run only
 * GETs reach GitHub and the token appears in no message.
 */
@Tag("selftest")
class GitHubLiveChecksAgainstFakeTest {

    static final List<String> LIVE = List.of("D4.GH.LAST_RUN", "D4.GH.PROD_REVIEWERS");
    static final Selection DAY4_LIVE = new Selection(Set.of(4), EnumSet.of(Tier.LIVE));

    static Map<String, Outcome> run(Path target, Map<String, String> params) {
        try {
            return HarnessRun.run(target, DAY4_LIVE, params);
        } finally {
            Environments.closeFor(Target.open(target));
        }
    }

    @Test
    void referenceFixturesPassAgainstAHealthyRepository() {
        try (FakeGitHub fake = FakeGitHub.start()) {
            Map<String, Outcome> outcomes = run(Fixtures.root(), fake.params());
            assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(LIVE);
            assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.PASSED));
            assertOnlyReads(fake);
            assertThat(fake.requests()).as("every request carries the token").allMatch(FakeGitHub.Request::authorized)
                    .extracting(FakeGitHub.Request::toString)
                    .contains("GET /repos/" + FakeGitHub.REPO,
                            "GET /repos/" + FakeGitHub.REPO + "/actions/workflows?per_page=100&page=1",
                            "GET /repos/" + FakeGitHub.REPO + "/actions/workflows/" + FakeGitHub.PIPELINE_ID + "/runs?branch=main&per_page=10",
                            "GET /repos/" + FakeGitHub.REPO + "/environments/production");
            assertTokenNeverShown(outcomes, fake);
        }
    }

    @Test
    void withoutLiveGitHubTheChecksAreSkippedAndGitHubIsNotContacted() {
        try (FakeGitHub fake = FakeGitHub.start()) {
            Map<String, String> params = new HashMap<>(fake.params());
            params.put("live", "azure");
            Map<String, Outcome> outcomes = run(Fixtures.root(), params);
            assertThat(outcomes.values()).hasSize(LIVE.size()).allSatisfy(o -> {
                assertThat(o.status()).isEqualTo(Outcome.Status.SKIPPED);
                assertThat(o.message()).contains("-Dlive=github");
            });
            assertThat(fake.requests()).isEmpty();
        }
    }

    @Test
    void liveTakesAListOfProviders() {
        try (FakeGitHub fake = FakeGitHub.start()) {
            Map<String, String> params = new HashMap<>(fake.params());
            params.put("live", "azure, github");
            Map<String, Outcome> outcomes = run(Fixtures.root(), params);
            assertThat(outcomes.values()).hasSize(LIVE.size())
                    .allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.PASSED));
            assertOnlyReads(fake);
        }
    }

    @Test
    void withoutATokenEveryCheckSkipsWithHowToProvideOne() {
        try (FakeGitHub fake = FakeGitHub.start()) {
            Map<String, String> params = new HashMap<>(fake.params());
            params.remove("github.token");
            Map<String, Outcome> outcomes = run(Fixtures.root(), params);
            assertThat(outcomes.values()).hasSize(LIVE.size()).allSatisfy(o -> {
                assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.SKIPPED);
                assertThat(o.message()).startsWith("no GitHub token").contains("GITHUB_TOKEN").contains("gh auth token")
                        .contains("-Dlive=github");
            });
            assertThat(fake.requests()).as("nothing is asked without a token").isEmpty();
        }
    }

    @Test
    void aRefusedTokenSkipsAndIsNeverShown() {
        try (FakeGitHub fake = FakeGitHub.start()) {
            Map<String, String> params = new HashMap<>(fake.params());
            String wrong = "wrong-token-" + fake.token();
            params.put("github.token", wrong);
            Map<String, Outcome> outcomes = run(Fixtures.root(), params);
            assertThat(outcomes.values()).hasSize(LIVE.size()).allSatisfy(o -> {
                assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.SKIPPED);
                assertThat(o.message()).startsWith("GitHub refused the token").contains("Bad credentials").doesNotContain(wrong);
            });
            assertThat(fake.requests()).as("one read, refused, then nothing more")
                    .extracting(FakeGitHub.Request::toString).containsExactly("GET /repos/" + FakeGitHub.REPO);
        }
    }

    @Test
    void anUnknownRepositorySkipsNamingIt() {
        try (FakeGitHub fake = FakeGitHub.start()) {
            Map<String, String> params = new HashMap<>(fake.params());
            params.put("github.repo", "someone-else/not-there");
            Map<String, Outcome> outcomes = run(Fixtures.root(), params);
            assertThat(outcomes.values()).hasSize(LIVE.size()).allSatisfy(o -> {
                assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.SKIPPED);
                assertThat(o.message()).contains("repository someone-else/not-there").contains("-Dgithub.repo");
            });
            assertOnlyReads(fake);
        }
    }

    @Test
    void theRepositoryComesFromTheTargetsRemoteOrigin(@TempDir Path dir) throws IOException {
        Path target = targetWithWorkflows(dir);
        Files.createDirectories(target.resolve(".git"));
        Files.writeString(target.resolve(".git/config"), """
                [core]
                \trepositoryformatversion = 0
                \tbare = false
                [remote "upstream"]
                \turl = https://github.com/someone-else/devops-week.git
                [remote "origin"]
                \turl = git@github.com:%s.git
                \tfetch = +refs/heads/*:refs/remotes/origin/*
                [branch "main"]
                \tremote = origin
                """.formatted(FakeGitHub.REPO));
        try (FakeGitHub fake = FakeGitHub.start()) {
            Map<String, String> params = new HashMap<>(fake.params());
            params.remove("github.repo");
            Map<String, Outcome> outcomes = run(target, params);
            assertThat(outcomes.values()).hasSize(LIVE.size())
                    .allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.PASSED));
            assertOnlyReads(fake);
            assertThat(fake.requests()).extracting(FakeGitHub.Request::path).contains("/repos/" + FakeGitHub.REPO);
        }
    }

    @Test
    void aTargetWithoutARemoteSkipsAskingForTheRepository(@TempDir Path dir) throws IOException {
        Path target = targetWithWorkflows(dir);
        try (FakeGitHub fake = FakeGitHub.start()) {
            Map<String, String> params = new HashMap<>(fake.params());
            params.remove("github.repo");
            Map<String, Outcome> outcomes = run(target, params);
            assertThat(outcomes.values()).hasSize(LIVE.size()).allSatisfy(o -> {
                assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.SKIPPED);
                assertThat(o.message()).startsWith("cannot tell which GitHub repository").contains("-Dgithub.repo=<owner>/<name>");
            });
            assertThat(fake.requests()).isEmpty();
        }
    }

    /** A target holding only a copy of the fixtures' workflows. */
    private static Path targetWithWorkflows(Path dir) throws IOException {
        Path target = dir.resolve("learner");
        Path from = Fixtures.root().resolve(".github/workflows");
        Path to = Files.createDirectories(target.resolve(".github/workflows"));
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(f, to.resolve(f.getFileName().toString()));
            }
        }
        return target;
    }

    /** Only GETs reached the fake; read-only is not a promise but a fact of each run. */
    static void assertOnlyReads(FakeGitHub fake) {
        assertThat(fake.requests()).as("requests sent to the fake GitHub").isNotEmpty()
                .allSatisfy(r -> assertThat(r.method()).as("%s", r).isEqualTo("GET"));
    }

    static void assertTokenNeverShown(Map<String, Outcome> outcomes, FakeGitHub fake) {
        assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.message()).doesNotContain(fake.token()));
    }
}
