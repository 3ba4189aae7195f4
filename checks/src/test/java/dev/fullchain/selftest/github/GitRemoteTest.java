package dev.fullchain.selftest.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.env.github.GitHubSettings;
import dev.fullchain.env.github.PipelineWorkflow;
import dev.fullchain.model.git.GitRemote;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which repository and which workflow the live GitHub checks read, and where the token comes from. */
@Tag("selftest")
class GitRemoteTest {

    @Test
    void ownerAndNameFromTheUsualRemoteUrls() {
        assertThat(GitRemote.ownerAndName("https://github.com/octo-org/devops-week.git")).contains("octo-org/devops-week");
        assertThat(GitRemote.ownerAndName("https://github.com/octo-org/devops-week")).contains("octo-org/devops-week");
        assertThat(GitRemote.ownerAndName("https://github.com/octo-org/devops-week/")).contains("octo-org/devops-week");
        assertThat(GitRemote.ownerAndName("git@github.com:octo-org/devops-week.git")).contains("octo-org/devops-week");
        assertThat(GitRemote.ownerAndName("ssh://git@github.com/octo-org/devops.week.git")).contains("octo-org/devops.week");
        assertThat(GitRemote.ownerAndName("https://x-access-token:abc@github.com/octo-org/devops-week.git")).contains("octo-org/devops-week");
        assertThat(GitRemote.ownerAndName("/srv/git/devops-week.git")).isEmpty();
        assertThat(GitRemote.ownerAndName("file:///srv/git/devops-week.git")).isEmpty();
        assertThat(GitRemote.ownerAndName("devops-week")).isEmpty();
    }

    @Test
    void theNamedRemoteOfAConfigFileOnly() {
        String config = """
                [core]
                \tbare = false
                [remote "upstream"]
                \turl = https://github.com/course/devops-week.git
                [remote "origin"] ; the learner's fork
                \tfetch = +refs/heads/*:refs/remotes/origin/*
                \turl = "git@github.com:learner/devops-week.git"  # quoted
                [branch "main"]
                \turl = https://example.com/not-a-remote.git
                """;
        assertThat(GitRemote.parse(config, "origin")).contains("git@github.com:learner/devops-week.git");
        assertThat(GitRemote.parse(config, "upstream")).contains("https://github.com/course/devops-week.git");
        assertThat(GitRemote.parse(config, "fork")).isEmpty();
    }

    @Test
    void aDotGitFileLeadsToTheCommonConfigInsideTheTarget(@TempDir Path dir) throws IOException {
        // A bare clone with its worktrees beside it: .git files point into the target's own .bare.
        Path bare = Files.createDirectories(dir.resolve(".bare/worktrees/root"));
        Files.writeString(dir.resolve(".bare/config"), "[remote \"origin\"]\n\turl = https://github.com/learner/week.git\n");
        Files.writeString(bare.resolve("commondir"), "../..\n");
        Files.writeString(dir.resolve(".git"), "gitdir: ./.bare/worktrees/root\n");
        GitRemote.Lookup found = GitRemote.lookup(Target.open(dir), "origin");
        assertThat(found.remote()).isPresent();
        assertThat(found.remote().get().ownerAndName()).contains("learner/week");
        assertThat(found.remote().get().configFile()).isEqualTo(".bare/config");
    }

    @Test
    void aDotGitFilePointingOutsideIsNotFollowed(@TempDir Path dir) throws IOException {
        String marker = "outside-remote-" + System.nanoTime();
        Path main = Files.createDirectories(dir.resolve("main/.git/worktrees/day4"));
        Files.writeString(dir.resolve("main/.git/config"), "[remote \"origin\"]\n\turl = https://github.com/" + marker + "/week.git\n");
        Files.writeString(main.resolve("commondir"), "../..\n");
        Path worktree = Files.createDirectories(dir.resolve("day4"));
        Files.writeString(worktree.resolve(".git"), "gitdir: " + main + "\n");
        GitRemote.Lookup none = GitRemote.lookup(Target.open(worktree), "origin");
        assertThat(none.remote()).isEmpty();
        assertThat(none.why()).startsWith(".git: ").contains("gitdir: is outside the repository", "-Dgithub.repo").doesNotContain(marker);

        Files.writeString(worktree.resolve(".git"), "gitdir: ../main/.git\n");
        GitHubSettings s = GitHubSettings.from(k -> Optional.empty(), Map.of(), Target.open(worktree));
        assertThat(s.repo()).isEmpty();
        assertThat(s.repoSource()).contains(".git: ", "outside the repository").doesNotContain(marker);
    }

    @Test
    void aConfigLinkedOutsideIsNotRead(@TempDir Path dir) throws IOException {
        String marker = "outside-remote-" + System.nanoTime();
        Path outside = Files.writeString(Files.createDirectories(dir.resolve("outside")).resolve("config"),
                "[remote \"origin\"]\n\turl = https://github.com/" + marker + "/week.git\n");
        Path repo = Files.createDirectories(dir.resolve("repo/.git"));
        Files.createSymbolicLink(repo.resolve("config"), outside);
        GitRemote.Lookup none = GitRemote.lookup(Target.open(dir.resolve("repo")), "origin");
        assertThat(none.remote()).isEmpty();
        assertThat(none.why()).startsWith(".git/config: ").contains("symbolic link that points outside").doesNotContain(marker);
    }

    @Test
    void credentialsInARemoteUrlAreMaskedAndNotShown(@TempDir Path dir) throws IOException {
        String secret = "ghp-in-url-" + System.nanoTime();
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/config"), "[remote \"origin\"]\n\turl = https://learner:" + secret
                + "@github.com/learner/week.git\n");
        GitHubSettings s = GitHubSettings.from(k -> Optional.empty(), Map.of(), Target.open(dir));
        assertThat(s.repo()).contains("learner/week");
        assertThat(s.toString()).doesNotContain(secret).contains("https://github.com/learner/week.git");
        assertThat(Secrets.mask("x " + secret)).isEqualTo("x " + Secrets.MASK);
    }

    @Test
    void theTokenComesFromTheEnvironmentFirstSetVariableAndIsNeverPrinted(@TempDir Path dir) {
        String token = "token-value-" + System.nanoTime();
        GitHubSettings s = GitHubSettings.from(k -> Optional.empty(), Map.of("GH_TOKEN", token), Target.open(dir));
        assertThat(s.token()).contains(token);
        assertThat(s.tokenSource()).isEqualTo("GH_TOKEN");
        assertThat(s.toString()).doesNotContain(token).contains("token from GH_TOKEN");
        assertThat(Secrets.mask(token)).isEqualTo(Secrets.MASK);

        GitHubSettings both = GitHubSettings.from(k -> Optional.empty(), Map.of("GH_TOKEN", token, "GITHUB_TOKEN", token + "-2"),
                Target.open(dir));
        assertThat(both.tokenSource()).isEqualTo("GITHUB_TOKEN");
        GitHubSettings none = GitHubSettings.from(k -> Optional.empty(), Map.of(), Target.open(dir));
        assertThat(none.token()).isEmpty();
        assertThat(none.api()).isEqualTo("https://api.github.com");
        assertThat(none.branch()).isEqualTo("main");
        assertThat(none.environment()).isEqualTo("production");
    }

    @Test
    void thePipelineIsTheWorkflowThatDeploys(@TempDir Path dir) throws IOException {
        Path wf = Files.createDirectories(dir.resolve(".github/workflows"));
        Files.writeString(wf.resolve("a-lint.yml"), "on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps: [{run: make lint}]\n");
        Files.writeString(wf.resolve("ci-cd.yaml"), "on: push\njobs:\n  build: {runs-on: ubuntu-latest, steps: [{run: make}]}\n  ship:\n    name: Deploy to dev\n    runs-on: ubuntu-latest\n    steps: [{run: make deploy}]\n");
        Files.writeString(wf.resolve("notes.md"), "not a workflow");
        Files.writeString(wf.resolve("broken.yml"), "jobs: [unclosed");
        // A reusable workflow deploys, but only inside its caller's runs: never the pipeline.
        Files.writeString(wf.resolve("0-deploy-called.yml"), "on:\n  workflow_call:\n    inputs: {}\njobs:\n  deploy: {runs-on: ubuntu-latest, steps: [{run: make}]}\n");
        Target target = Target.open(dir);
        assertThat(PipelineWorkflow.choose(target, Optional.empty()).path()).contains(".github/workflows/ci-cd.yaml");

        Files.writeString(wf.resolve("b-release.yml"), "on: push\njobs:\n  deploy-prod: {runs-on: ubuntu-latest, steps: [{run: make}]}\n");
        PipelineWorkflow two = PipelineWorkflow.choose(target, Optional.empty());
        assertThat(two.path()).contains(".github/workflows/b-release.yml");
        assertThat(two.how()).contains("-Dgithub.workflow");

        assertThat(PipelineWorkflow.choose(target, Optional.of("a-lint.yml")).path()).contains(".github/workflows/a-lint.yml");
        assertThat(PipelineWorkflow.choose(target, Optional.of(".github/workflows/x.yml")).path()).contains(".github/workflows/x.yml");

        Files.delete(wf.resolve("b-release.yml"));
        Files.delete(wf.resolve("ci-cd.yaml"));
        Files.delete(wf.resolve("broken.yml"));
        Files.delete(wf.resolve("0-deploy-called.yml"));
        assertThat(PipelineWorkflow.choose(target, Optional.empty()).path()).as("the only workflow").contains(".github/workflows/a-lint.yml");
        Files.writeString(wf.resolve("z-docs.yml"), "on: push\njobs:\n  docs: {runs-on: ubuntu-latest, steps: [{run: make}]}\n");
        PipelineWorkflow none = PipelineWorkflow.choose(target, Optional.empty());
        assertThat(none.path()).isEmpty();
        assertThat(none.how()).contains("no workflow").contains("a-lint.yml");
    }
}
