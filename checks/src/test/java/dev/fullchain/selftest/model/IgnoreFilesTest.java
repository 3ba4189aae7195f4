package dev.fullchain.selftest.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.model.app.DockerIgnore;
import dev.fullchain.model.git.GitIgnore;
import dev.fullchain.model.git.GitIgnores;
import dev.fullchain.target.SourceFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("selftest")
class IgnoreFilesTest {

    private static GitIgnores git(String... pathAndText) {
        List<GitIgnore> files = new java.util.ArrayList<>();
        for (int i = 0; i < pathAndText.length; i += 2) {
            files.add(GitIgnore.parse(new SourceFile(pathAndText[i], pathAndText[i + 1])));
        }
        return new GitIgnores(files);
    }

    @Test
    void aNameWithoutSlashMatchesAtAnyDepth() {
        GitIgnores g = git(".gitignore", ".env\n");
        assertThat(g.isIgnored(".env")).isTrue();
        assertThat(g.isIgnored("app/.env")).isTrue();
        assertThat(g.isIgnored("app/.env.example")).isFalse();
        assertThat(g.isIgnored("app/my.env")).isFalse();
    }

    @Test
    void aLeadingSlashAnchorsToTheFilesFolder() {
        GitIgnores g = git(".gitignore", "/.env\n");
        assertThat(g.isIgnored(".env")).isTrue();
        assertThat(g.isIgnored("app/.env")).isFalse();
        GitIgnores nested = git("app/.gitignore", "/.env\n");
        assertThat(nested.isIgnored("app/.env")).isTrue();
        assertThat(nested.isIgnored(".env")).isFalse();
    }

    @Test
    void wildcardsAndDoubleStars() {
        assertThat(git(".gitignore", "*.env\n").isIgnored("app/.env")).isTrue();
        assertThat(git(".gitignore", "*.env\n").isIgnored("app/prod.env")).isTrue();
        assertThat(git(".gitignore", "**/.env\n").isIgnored("a/b/.env")).isTrue();
        assertThat(git(".gitignore", "**/.env\n").isIgnored(".env")).isTrue();
        assertThat(git(".gitignore", "app/**/secret.txt\n").isIgnored("app/x/y/secret.txt")).isTrue();
        assertThat(git(".gitignore", "app/**/secret.txt\n").isIgnored("app/secret.txt")).isTrue();
        assertThat(git(".gitignore", ".env*\n").isIgnored("app/.env")).isTrue();
        assertThat(git(".gitignore", ".env.[a-z]*\n").isIgnored(".env.local")).isTrue();
        assertThat(git(".gitignore", "app/*.env\n").isIgnored("app/x/a.env")).isFalse();
    }

    @Test
    void negationReincludesButNotInsideAnIgnoredFolder() {
        GitIgnores g = git(".gitignore", ".env*\n!.env.example\n");
        assertThat(g.isIgnored("app/.env")).isTrue();
        assertThat(g.isIgnored("app/.env.example")).isFalse();
        GitIgnores folder = git(".gitignore", "app/\n!app/.env.example\n");
        assertThat(folder.isIgnored("app/.env.example")).isTrue();
        GitIgnores order = git(".gitignore", "!.env\n.env\n");
        assertThat(order.isIgnored(".env")).isTrue();
    }

    @Test
    void folderPatternsMatchFoldersOnly() {
        GitIgnores g = git(".gitignore", "secrets/\n");
        assertThat(g.isIgnored("secrets/key.pem")).isTrue();
        assertThat(g.isIgnored("app/secrets/key.pem")).isTrue();
        assertThat(g.isIgnored("secrets")).isFalse();
        assertThat(g.isIgnored(".env/")).isFalse();
        assertThat(git(".gitignore", ".env/\n").isIgnored("app/.env")).isFalse();
    }

    @Test
    void aDeeperFileOverridesAShallowerOne() {
        GitIgnores g = git(".gitignore", ".env\n", "app/.gitignore", "!.env\n");
        assertThat(g.isIgnored("app/.env")).isFalse();
        assertThat(g.isIgnored(".env")).isTrue();
        assertThat(g.ignoredBy("other/.env")).contains(".gitignore:1 (.env)");
    }

    @Test
    void commentsBlankLinesAndEscapes() {
        GitIgnores g = git(".gitignore", "# .env\n\n\\#notes\n  \n");
        assertThat(g.isIgnored(".env")).isFalse();
        assertThat(g.isIgnored("#notes")).isTrue();
    }

    @Test
    void gitHubsTerraformLineIgnoresWhatTerraformWritesInDotTerraform() {
        GitIgnores g = git("infra/.gitignore", "**/.terraform/*\n");
        assertThat(g.isIgnored("infra/.terraform", true)).as("the folder itself, as git check-ignore says").isFalse();
        assertThat(g.isIgnored("infra/.terraform/providers", true)).isTrue();
        assertThat(g.isIgnored("infra/live/.terraform/terraform.tfstate", false)).isTrue();
        assertThat(dev.fullchain.model.terraform.StateArtifacts.terraformDirIgnored(g, "infra/live/.terraform")).isTrue();
        assertThat(dev.fullchain.model.terraform.StateArtifacts.terraformDirIgnored(git(".gitignore", "*.tfstate\n"), ".terraform"))
                .isFalse();
    }

    /** One repository layout for git: its ignore files, and the paths to ask about (a trailing '/' marks a folder). */
    private record Case(Map<String, String> ignoreFiles, List<String> paths) {
    }

    private static final List<Case> AGAINST_GIT = List.of(
            new Case(Map.of(".gitignore", """
                    # Local .terraform directories
                    **/.terraform/*
                    *.tfstate
                    *.tfstate.*
                    crash.log
                    crash.*.log
                    override.tf
                    *_override.tf
                    .terraform.tfstate.lock.info
                    *tfplan*
                    """), List.of(".terraform/", ".terraform/providers/", ".terraform/terraform.tfstate", "infra/.terraform/modules/",
                    "infra/live/.terraform/environment", "terraform.tfstate", "a/b/prod.tfstate", "x.tfstate.backup", "crash.log",
                    "logs/crash.1.log", "override.tf", "live/main_override.tf", "main.tf", ".terraform.lock.hcl", "dev.tfplan",
                    "plans/tfplan")),
            new Case(Map.of(".gitignore", """
                    /build
                    docs/*.md
                    foo/bar
                    **/logs
                    logs2/**
                    a/**/b
                    deep/**/
                    """), List.of("build", "src/build", "docs/x.md", "docs/sub/x.md", "foo/bar", "x/foo/bar", "logs/a", "deep/logs/a",
                    "logs2/x", "logs2/", "a/b", "a/x/y/b", "a/xb", "deep/file", "deep/sub/", "deep/sub/file")),
            new Case(Map.of(".gitignore", "cache/\n*.tmp/\n"), List.of("cache", "dir/cache/x", "sub/cache/", "y.tmp", "z.tmp/",
                    "z.tmp/inner")),
            new Case(Map.of(".gitignore", """
                    *.log
                    !keep.log
                    out/
                    !out/keep.txt
                    /secret/*
                    !/secret/public
                    """), List.of("a.log", "keep.log", "sub/keep.log", "out/keep.txt", "out/x", "secret/x", "secret/public/y",
                    "secret/public/")),
            new Case(Map.of(".gitignore", "\\#hash\n\\!bang\ntrail   \nesc\\ \n# comment\n !lead\n"),
                    List.of("#hash", "!bang", "trail", "esc ", "esc", "comment", "# comment", " !lead", "lead")),
            new Case(Map.of(".gitignore", "file[0-9].txt\n[!a]x\n*.[oa]\n[[:upper:]]*.cfg\n[]z]q\n"),
                    List.of("file1.txt", "filea.txt", "bx", "ax", "m.o", "m.a", "m.c", "Big.cfg", "small.cfg", "]q", "zq", "yq")),
            new Case(Map.of(".gitignore", "*.env\nlocal\n", "sub/.gitignore", "!prod.env\n/local\n!/local\n"),
                    List.of("a.env", "sub/prod.env", "sub/x/prod.env", "sub/dev.env", "sub/local", "local", "sub/x/local")));

    @Test
    void theMatcherAnswersAsGitCheckIgnoreDoes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(gitAvailable(), "git is not installed: this test compares with git check-ignore");
        int compared = 0;
        List<String> disagreements = new java.util.ArrayList<>();
        for (int k = 0; k < AGAINST_GIT.size(); k++) {
            Case c = AGAINST_GIT.get(k);
            java.nio.file.Path repo = java.nio.file.Files.createDirectories(dir.resolve("case" + k));
            run(repo, "git", "init", "-q");
            List<GitIgnore> files = new java.util.ArrayList<>();
            for (Map.Entry<String, String> f : c.ignoreFiles().entrySet()) {
                java.nio.file.Path p = repo.resolve(f.getKey());
                java.nio.file.Files.createDirectories(p.getParent());
                java.nio.file.Files.writeString(p, f.getValue());
                files.add(GitIgnore.parse(new SourceFile(f.getKey(), f.getValue())));
            }
            GitIgnores ours = new GitIgnores(files);
            for (String path : c.paths()) {
                boolean folder = path.endsWith("/");
                String rel = folder ? path.substring(0, path.length() - 1) : path;
                java.nio.file.Path p = repo.resolve(rel);
                java.nio.file.Files.createDirectories(p.getParent());
                if (folder) {
                    java.nio.file.Files.createDirectories(p);
                } else if (!java.nio.file.Files.exists(p)) {
                    java.nio.file.Files.writeString(p, "x");
                }
                boolean gitSays = run(repo, "git", "check-ignore", "--no-index", "-q", rel) == 0;
                boolean weSay = ours.isIgnored(rel, folder);
                compared++;
                if (gitSays != weSay) {
                    disagreements.add(path + " with " + c.ignoreFiles() + ": git " + (gitSays ? "ignores" : "keeps") + " it");
                }
            }
        }
        assertThat(disagreements).as("paths where the matcher and git check-ignore disagree").isEmpty();
        assertThat(compared).isGreaterThanOrEqualTo(40);
    }

    private static boolean gitAvailable() {
        try {
            return new ProcessBuilder("git", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int run(java.nio.file.Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 30 s");
        }
        return p.exitValue();
    }

    private static DockerIgnore docker(String text) {
        return DockerIgnore.parse(new SourceFile("app/api/.dockerignore", text));
    }

    @Test
    void dockerignorePatternsAreAnchoredAtTheContextRoot() {
        DockerIgnore d = docker(".git\nnode_modules/\n/.env\n");
        assertThat(d.excludes(".git/HEAD")).isTrue();
        assertThat(d.excludes("node_modules/x/package.json")).isTrue();
        assertThat(d.excludes(".env")).isTrue();
        // Unlike git, a bare name does not match deeper down.
        assertThat(d.excludes("src/node_modules/x")).isFalse();
        assertThat(docker("**/__pycache__\n").excludes("app/__pycache__/m.pyc")).isTrue();
        assertThat(docker("**/__pycache__\n").excludes("__pycache__/m.pyc")).isTrue();
        assertThat(docker("__pycache__\n").excludes("app/__pycache__/m.pyc")).isFalse();
        assertThat(docker("**/*.pyc\n").excludes("app/__pycache__/m.cpython-311.pyc")).isTrue();
    }

    @Test
    void dockerignoreExceptionsAndAllowLists() {
        DockerIgnore allow = docker("*\n!app\n!requirements.txt\n");
        assertThat(allow.excludes(".git/HEAD")).isTrue();
        assertThat(allow.excludes(".env")).isTrue();
        assertThat(allow.excludes("app/main.py")).isFalse();
        DockerIgnore reinclude = docker(".env*\n!.env\n");
        assertThat(reinclude.excludes(".env")).isFalse();
        assertThat(reinclude.excludes(".env.local")).isTrue();
        assertThat(docker("# .git\n\n").excludes(".git/HEAD")).isFalse();
        assertThat(docker(".git/\n").excludes(".git/HEAD")).isTrue();
        assertThat(docker("./.git\n").excludes(".git/HEAD")).isTrue();
    }
}
