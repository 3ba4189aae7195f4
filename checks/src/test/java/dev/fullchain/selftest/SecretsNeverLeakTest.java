package dev.fullchain.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.criteria.Tier;
import dev.fullchain.junit.TierGate;
import dev.fullchain.report.ChecklistListener;
import dev.fullchain.selection.Selection;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.junitplatform.AllureJunitPlatform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants secrets where learners leak them (the env file, a Dockerfile ENV, the api's own
 * stdout), runs Day 1 with the reports on, and looks for them in every file written: the
 * checklist, history, Allure results and their attachments (service logs of the failing
 * runtime check). The run must fail where the secrets are, so the reports do talk about them.
 */
@Tag("selftest")
class SecretsNeverLeakTest {

    private static final String DB_PASSWORD = "pl4nted-Db-Passw0rd-7391";
    private static final String TOKEN = "pl4nted-Api-T0ken-5512";

    @Test
    void plantedSecretsAppearInNoReportFile(@TempDir Path tmp) throws IOException {
        Mutant planted = Mutant.parse("secrets/planted", """
                why: secrets planted in the env file, a Dockerfile ENV and the api's stdout
                kills: [D1.IMG.NO_SECRETS]
                edits:
                  - file: app/.env.example
                    replace: "POSTGRES_PASSWORD=change-me-local-only"
                    with: "POSTGRES_PASSWORD=%s"
                  - file: app/api/Dockerfile
                    replace: "ENV PYTHONDONTWRITEBYTECODE=1"
                    with: "ENV API_TOKEN=%s PYTHONDONTWRITEBYTECODE=1"
                  - file: app/api/app/main.py
                    replace: '    log.info("api started")'
                    with: '    print("connecting with", __import__("os").environ.get("POSTGRES_PASSWORD"), flush=True); log.info("api started")'
                """.formatted(DB_PASSWORD, TOKEN));
        Path target = planted.materialise(Fixtures.root(), tmp.resolve("work"));
        boolean docker = TierGate.availability(Tier.DOCKER).available();
        Selection day1 = new Selection(Set.of(1), docker ? EnumSet.of(Tier.STATIC, Tier.DOCKER) : EnumSet.of(Tier.STATIC));

        Path reports = tmp.resolve("reports");
        Path allureResults = reports.resolve("allure-results");
        AllureLifecycle previous = Allure.getLifecycle();
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(allureResults));
        Allure.setLifecycle(lifecycle);
        Map<String, Outcome> outcomes;
        try {
            outcomes = HarnessRun.runOnce(target, day1,
                    new ChecklistListener(reports, day1), new AllureJunitPlatform(lifecycle));
        } finally {
            Allure.setLifecycle(previous);
        }

        // The run did meet the secrets: it failed where they are, and wrote about it.
        assertThat(outcomes.get("D1.IMG.NO_SECRETS").status()).isEqualTo(Outcome.Status.FAILED);
        String checklist = Files.readString(reports.resolve("checklist.md"));
        assertThat(checklist).contains("D1.IMG.NO_SECRETS");
        if (docker) {
            assertThat(outcomes.get("D1.RUN.LOGS").status()).as("the api printed a plain line").isEqualTo(Outcome.Status.FAILED);
            assertThat(filesUnder(allureResults)).as("attachments of the failing runtime check")
                    .anyMatch(p -> p.getFileName().toString().contains("-attachment"));
        }

        for (Path file : filesUnder(reports)) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            assertThat(text).as("%s leaks the database password", file).doesNotContain(DB_PASSWORD);
            assertThat(text).as("%s leaks the token", file).doesNotContain(TOKEN);
        }
    }

    /**
     * The other half of masking: a placeholder password that is an ordinary word (here the name
     * of a service, "frontend") is not hidden, so paths, titles and hints still read as written.
     */
    @Test
    void aPasswordThatIsAServiceNameLeavesTheReportReadable(@TempDir Path tmp) throws IOException {
        Mutant weak = Mutant.parse("secrets/weak-placeholder", """
                why: the password placeholder is the word frontend, and the frontend image has a finding
                kills: [D1.IMG.PINNED]
                edits:
                  - file: app/.env.example
                    replace: "POSTGRES_PASSWORD=change-me-local-only"
                    with: "POSTGRES_PASSWORD=frontend"
                  - file: app/frontend/Dockerfile
                    replace: "FROM debian:bookworm-slim AS build"
                    with: "FROM debian AS build"
                """);
        Path target = weak.materialise(Fixtures.root(), tmp.resolve("work"));
        Selection day1 = new Selection(Set.of(1), EnumSet.of(Tier.STATIC));
        Path reports = tmp.resolve("reports");
        HarnessRun.runOnce(target, day1, new ChecklistListener(reports, day1));

        String checklist = Files.readString(reports.resolve("checklist.md"));
        assertThat(checklist).as("the frontend's path and the criteria's own text")
                .contains("app/frontend/Dockerfile", "frontend, api and db are present")
                .doesNotContain(dev.fullchain.secrets.Secrets.MASK);
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile).forEach(out::add);
            }
        }
        assertThat(out).as("files under %s", dir).isNotEmpty();
        return out;
    }
}
