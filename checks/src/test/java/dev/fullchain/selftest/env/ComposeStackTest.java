package dev.fullchain.selftest.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fullchain.check.CheckFailure;
import dev.fullchain.env.Availability;
import dev.fullchain.env.ComposeStack;
import dev.fullchain.env.Docker;
import dev.fullchain.env.compose.ExecResult;
import dev.fullchain.env.compose.StackFailure;
import dev.fullchain.secrets.SecretPositions;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.target.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ComposeStack against the local engine, on tiny projects made of the base image only (no
 * build, no network): a failing start is recorded precisely and quickly, and the API checks
 * rely on (ports, exec, processes, restart, down/up keeping volumes) works.
 */
@Tag("selftest")
class ComposeStackTest {

    private static final String IMAGE = "debian:bookworm-slim";
    private String previousTimeout;

    @BeforeEach
    void shortTimeout() {
        previousTimeout = System.getProperty(ComposeStack.TIMEOUT_PROPERTY);
        System.setProperty(ComposeStack.TIMEOUT_PROPERTY, "60");
    }

    @AfterEach
    void restoreTimeout() {
        if (previousTimeout == null) {
            System.clearProperty(ComposeStack.TIMEOUT_PROPERTY);
        } else {
            System.setProperty(ComposeStack.TIMEOUT_PROPERTY, previousTimeout);
        }
    }

    private static void requireDocker() {
        Availability docker = Docker.availability();
        assumeTrue(docker.available(), docker.reason());
    }

    @Test
    @Timeout(30)
    void aTargetWithoutComposeFileIsAFailureThatSaysWhereItLooked(@TempDir Path target) {
        requireDocker();
        try (ComposeStack stack = ComposeStack.start(Target.open(target))) {
            StackFailure f = stack.upResult().failure().orElseThrow();
            assertThat(f.service()).isEmpty();
            assertThat(f.oneLine()).startsWith("no compose file (compose.yaml").contains("looked in the repository root, app/, anywhere")
                    .contains("compose: in fullchain.yaml");
            assertThatThrownBy(stack::requireUp).isInstanceOf(CheckFailure.class)
                    .hasMessageStartingWith("the stack is not up (see D1.RUN.UP): no compose file (compose.yaml");
        }
    }

    @Test
    @Timeout(90)
    void aServiceWhoseHealthcheckFailsIsNamedWithItsStateAndLogsInSeconds(@TempDir Path target) throws Exception {
        requireDocker();
        Files.writeString(target.resolve("compose.yaml"), """
                services:
                  db:
                    image: %s
                    command: ["sh", "-c", "echo db is starting; echo db-password-42x9 is never shown; exec sleep infinity"]
                    init: true
                    environment:
                      POSTGRES_PASSWORD: db-password-42x9
                    healthcheck:
                      test: ["CMD", "sh", "-c", "echo no database here; exit 1"]
                      interval: 1s
                      retries: 2
                  api:
                    image: %s
                    command: ["sleep", "infinity"]
                    init: true
                    depends_on:
                      db: {condition: service_healthy}
                """.formatted(IMAGE, IMAGE));
        long t0 = System.nanoTime();
        try (ComposeStack stack = ComposeStack.start(Target.open(target))) {
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            StackFailure f = stack.upResult().failure().orElseThrow();
            assertThat(f.service()).isEqualTo("db");
            assertThat(f.problem()).contains("unhealthy").contains("no database here");
            assertThat(f.describe()).contains("db is starting");
            // masking happens where text leaves fullchain: the password, in a secret position of
            // compose.yaml, is registered before any check, so every report shows it masked
            SecretPositions.registerFrom(Target.open(target));
            assertThat(Secrets.mask(f.describe())).doesNotContain("db-password-42x9").contains("****");
            assertThat(took).as("fails as soon as db is unhealthy, not at the timeout").isLessThan(Duration.ofSeconds(45));
            assertThatThrownBy(() -> stack.url("api", 8000)).isInstanceOf(CheckFailure.class)
                    .hasMessageContaining("see D1.RUN.UP").hasMessageContaining("service db: running (unhealthy");
        }
    }

    @Test
    @Timeout(150)
    void checksReachServicesOnLoopbackRunCommandsAndKeepVolumesAcrossDownUp(@TempDir Path target) throws Exception {
        requireDocker();
        Files.writeString(target.resolve("compose.yaml"), """
                services:
                  frontend:
                    image: %s
                    command: ["sleep", "infinity"]
                    init: true
                    ports: ["8080:8080"]
                  api:
                    image: %s
                    command: ["sh", "-c", "echo api up; exec sleep infinity"]
                    init: true
                    volumes: [data:/data]
                    healthcheck:
                      test: ["CMD", "true"]
                      interval: 1s
                    depends_on:
                      migrate: {condition: service_completed_successfully}
                  migrate:
                    image: %s
                    command: ["sh", "-c", "echo migrated"]
                volumes:
                  data:
                """.formatted(IMAGE, IMAGE, IMAGE));
        Files.writeString(target.resolve(".env.example"), "EXAMPLE_PASSWORD=not-written-back\n");
        try (ComposeStack stack = ComposeStack.start(Target.open(target))) {
            assertThat(stack.upResult().failure()).isEmpty();
            stack.requireUp();
            assertThat(stack.serviceHealth("api").describe()).isEqualTo("running (healthy)");
            assertThat(stack.serviceHealth("frontend").describe()).isEqualTo("running");
            // 8000 is published for the checks although the file does not; 8080 moved to an ephemeral port.
            assertThat(stack.url("api", 8000)).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(stack.url("frontend", 8080)).matches("http://127\\.0\\.0\\.1:\\d+").isNotEqualTo("http://127.0.0.1:8080");
            assertThat(stack.processes("api")).anyMatch(p -> p.command().contains("sleep infinity"));
            assertThat(stack.stdoutLogs("api")).contains("api up");
            assertThat(stack.serviceLocation("api").toString()).isEqualTo("compose.yaml:7");
            // A job others wait for is done when it exits 0: the stack is up.
            assertThat(stack.serviceHealth("migrate").describe()).isEqualTo("exited (code 0)");

            ExecResult write = stack.exec("api", "sh", "-c", "echo kept > /data/marker");
            assertThat(write.ok()).as(write.stderr()).isTrue();
            stack.restart("api");
            stack.downKeepingVolumes();
            stack.up();
            assertThat(stack.exec("api", "cat", "/data/marker").stdout()).isEqualTo("kept\n");

            stack.stop("frontend");
            stack.requireUp(); // brings it back
            assertThat(stack.serviceHealth("frontend").running()).isTrue();
            assertThatThrownBy(() -> stack.url("web", 80)).isInstanceOf(CheckFailure.class)
                    .hasMessageContaining("defines no service `web`").hasMessageContaining("fullchain.yaml");
        }
        // The stack ran from a copy: nothing was written to the target.
        assertThat(target.resolve(".env")).doesNotExist();
        assertThat(target.resolve("compose.fullchain.yaml")).doesNotExist();
    }
}
