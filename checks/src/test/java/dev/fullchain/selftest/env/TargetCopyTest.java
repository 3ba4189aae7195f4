package dev.fullchain.selftest.env;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.env.compose.TargetCopy;
import dev.fullchain.secrets.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack starts from a copy: the target is never written, and a missing .env comes from .env.example. */
@Tag("selftest")
class TargetCopyTest {

    @Test
    void copiesWhatBuildsNeedAndLeavesTheRestAndTheTargetAlone(@TempDir Path target) throws Exception {
        Files.createDirectories(target.resolve("app/api"));
        Files.writeString(target.resolve("app/api/Dockerfile"), "FROM debian:bookworm-slim\n");
        Files.createDirectories(target.resolve(".git/objects"));
        Files.writeString(target.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.createDirectories(target.resolve("app/frontend/node_modules/x"));
        Files.writeString(target.resolve("app/frontend/node_modules/x/index.js"), "");
        Files.writeString(target.resolve("app/.env.example"), "POSTGRES_PASSWORD=example-pass-123\n");

        Path outside = Files.writeString(Files.createTempFile("fullchain-outside-", ".env"), "POSTGRES_PASSWORD=outside-9f3k\n");
        Files.createSymbolicLink(target.resolve("app/leak.env"), outside);
        Files.createSymbolicLink(target.resolve("app/api/inside.txt"), target.resolve("app/.env.example"));
        java.util.List<String> notes = new java.util.ArrayList<>();
        Path copy = TargetCopy.copy(dev.fullchain.target.Target.open(target), notes::add);
        Files.delete(outside);
        try {
            assertThat(copy.resolve("app/api/Dockerfile")).hasContent("FROM debian:bookworm-slim");
            assertThat(copy.resolve("app/leak.env")).as("a link out of the repository is not copied").doesNotExist();
            assertThat(notes).singleElement().asString().contains("app/leak.env", "outside the repository").doesNotContain("outside-9f3k");
            assertThat(copy.resolve("app/api/inside.txt")).as("a link inside is copied as the file it names")
                    .hasContent("POSTGRES_PASSWORD=example-pass-123");
            assertThat(copy.resolve(".git")).doesNotExist();
            assertThat(copy.resolve("app/frontend/node_modules")).doesNotExist();

            assertThat(TargetCopy.provideEnvFile(copy.resolve("app"))).isPresent();
            assertThat(copy.resolve("app/.env")).hasContent("POSTGRES_PASSWORD=example-pass-123");
            assertThat(target.resolve("app/.env")).doesNotExist();
            // An existing .env is the learner's: kept as it is.
            Files.writeString(copy.resolve("app/.env"), "POSTGRES_PASSWORD=mine\n");
            assertThat(TargetCopy.provideEnvFile(copy.resolve("app"))).isEmpty();
            assertThat(copy.resolve("app/.env")).hasContent("POSTGRES_PASSWORD=mine");
        } finally {
            TargetCopy.delete(copy);
        }
        assertThat(copy).doesNotExist();
    }

    @Test
    void secretValuesOfTheEnvFileAreMaskedFromThenOn(@TempDir Path dir) throws Exception {
        Path env = Files.writeString(dir.resolve(".env"), """
                # comment
                POSTGRES_USER=app
                export POSTGRES_PASSWORD="pw-9f3k2-unique"
                API_TOKEN='tok-77xq-unique'
                """);
        TargetCopy.registerSecrets(env);
        assertThat(Secrets.mask("postgresql://app:pw-9f3k2-unique@db/items tok-77xq-unique"))
                .isEqualTo("postgresql://app:****@db/items ****");
        assertThat(Secrets.mask("user app")).isEqualTo("user app");
    }
}
