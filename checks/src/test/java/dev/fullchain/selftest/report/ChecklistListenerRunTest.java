package dev.fullchain.selftest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.fullchain.report.AllureRunFiles;
import dev.fullchain.report.ChecklistListener;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.selection.Selection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The listener in a real (nested) JUnit run over {@link SyntheticChecks}: outcomes as JUnit
 * reports them, a class whose setup fails, a disabled class, secrets masked in every file and on stdout.
 */
@Tag("selftest")
class ChecklistListenerRunTest {

    private final String secret = "pw-" + UUID.randomUUID();

    @BeforeEach
    void arm() {
        Secrets.register(secret);
        SyntheticChecks.secret = secret;
        SyntheticChecks.armed = true;
    }

    @AfterEach
    void disarm() {
        SyntheticChecks.armed = false;
    }

    private String run(Path reports, Path target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChecklistListener listener = new ChecklistListener(reports, Selection.parse("1", "static"),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        LauncherFactory.create(LauncherConfig.builder()
                        .enableTestExecutionListenerAutoRegistration(false)
                        .enablePostDiscoveryFilterAutoRegistration(false)
                        .addTestExecutionListeners(listener)
                        .build())
                .execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(SyntheticChecks.class), selectClass(SyntheticChecks.BrokenSetup.class),
                                selectClass(SyntheticChecks.DisabledClass.class))
                        .configurationParameter("target", target.toString())
                        .build());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void recordsWhatJUnitReportsAndWritesTheChecklist(@TempDir Path reports, @TempDir Path target) throws IOException {
        String stdout = run(reports, target);

        String md = Files.readString(reports.resolve("checklist.md"));
        assertThat(md)
                .contains("- ✅ **D1.APP.LAYOUT**")
                .contains("- ❌ **D1.IMG.PINNED**", "✗ app/api/Dockerfile:1")
                .contains("- ⏭ **D1.IMG.NONROOT**", "aborted: the engine went away")
                .contains("- ⏭ **D1.IMG.HYGIENE**", "skipped: switched off for this self-test")
                .contains("- ⚠ **D1.COMPOSE.SERVICES**", "**harness fault**", "the setup broke")
                .contains("- ⏭ **D1.COMPOSE.HEALTH**", "skipped: the whole class is off")
                .contains("- ⬜ **D1.IMG.MULTISTAGE**")
                .contains("Target: `" + target.toAbsolutePath().normalize() + "`");
        assertThat(stdout).contains("fullchain run #1", "Day 1 — Setup + dockerised app: 1 passed, 1 failed, 1 harness fault, 3 skipped",
                reports.toAbsolutePath().normalize().resolve("checklist.md").toString());
        assertThat(Files.readString(reports.resolve("allure-results/executor.json"))).contains("\"buildOrder\" : 1");
    }

    @Test
    void noSecretReachesAnyReportFileNorTheSummary(@TempDir Path reports, @TempDir Path parent) throws IOException {
        // Even a target path holding a secret value is masked.
        Path target = Files.createDirectories(parent.resolve(secret));
        String stdout = run(reports, target);
        run(reports, target);

        List<Path> files;
        try (Stream<Path> all = Files.walk(reports)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("checklist.md", "checklist.html", "history.json", "executor.json", "environment.properties");
        for (Path f : files) {
            assertThat(Files.readString(f)).as(f.toString()).doesNotContain(secret);
        }
        assertThat(Files.readString(reports.resolve("checklist.md"))).contains("password " + Secrets.MASK, "token " + Secrets.MASK);
        assertThat(stdout).doesNotContain(secret).contains(Secrets.MASK);
    }

    @Test
    void reportsOffWritesNothing() {
        assertThat(ChecklistListener.reportsFromProperty("off")).isNull();
        assertThat(ChecklistListener.reportsFromProperty("NONE")).isNull();
        assertThat(ChecklistListener.reportsFromProperty(null)).isEqualTo(Path.of("reports"));
        assertThat(ChecklistListener.reportsFromProperty("/tmp/r1")).isEqualTo(Path.of("/tmp/r1"));
    }

    @Test
    void eachRunStartsFromCleanResultsCarryingTheLastReportsHistory(@TempDir Path reports) throws IOException {
        Path results = Files.createDirectories(reports.resolve("allure-results/old"));
        Files.writeString(results.resolve("stale-result.json"), "{}");
        Files.writeString(reports.resolve("allure-results/stale-attachment.txt"), "x");
        Path history = Files.createDirectories(reports.resolve("allure-report/history"));
        Files.writeString(history.resolve("history-trend.json"), "[{\"buildOrder\":1}]");

        AllureRunFiles.prepare(reports);

        try (Stream<Path> left = Files.walk(reports.resolve("allure-results"))) {
            assertThat(left.filter(Files::isRegularFile).map(p -> reports.relativize(p).toString().replace('\\', '/')).toList())
                    .containsExactly("allure-results/history/history-trend.json");
        }
        assertThat(Files.readString(reports.resolve("allure-results/history/history-trend.json"))).contains("buildOrder");
    }
}
