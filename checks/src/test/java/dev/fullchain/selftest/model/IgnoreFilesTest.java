package dev.fullchain.selftest.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.model.app.DockerIgnore;
import dev.fullchain.model.git.GitIgnore;
import dev.fullchain.model.git.GitIgnores;
import dev.fullchain.target.SourceFile;
import java.util.List;
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
