package dev.fullchain.selftest.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullchain.criteria.Catalog;
import dev.fullchain.criteria.CriterionSpec;
import dev.fullchain.report.Evidence;
import dev.fullchain.secrets.Secrets;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.util.ResultsUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Allure writes for a check, through the lifecycle listeners registered by ServiceLoader:
 * day, capability and criterion labels (skipped checks too), and no secret in the result
 * nor in its attachments.
 */
@Tag("selftest")
class AllureLabelsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes one result the way allure-junit-platform does, into dir, with an attachment made during the "test". */
    private static void writeResult(Path dir, TestResult result, Status status, String message, String evidence) {
        AllureLifecycle previous = Allure.getLifecycle();
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(dir));
        Allure.setLifecycle(lifecycle);
        try {
            lifecycle.scheduleTestCase(result);
            lifecycle.startTestCase(result.getUuid());
            if (evidence != null) {
                Evidence.text("compose logs", evidence);
            }
            lifecycle.updateTestCase(result.getUuid(), r -> r.setStatus(status)
                    .setStatusDetails(new StatusDetails().setMessage(message).setTrace("at somewhere\n" + message)));
            lifecycle.stopTestCase(result.getUuid());
            lifecycle.writeTestCase(result.getUuid());
        } finally {
            Allure.setLifecycle(previous);
        }
    }

    private static TestResult checkResult(String method, String name) {
        return new TestResult().setUuid(UUID.randomUUID().toString()).setName(name)
                .setLabels(new ArrayList<>(List.of(
                        ResultsUtils.createTestClassLabel(SyntheticChecks.class.getName()),
                        ResultsUtils.createTestMethodLabel(method))));
    }

    private static Map<String, List<String>> labels(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            Path result = files.filter(p -> p.getFileName().toString().endsWith("-result.json")).findFirst().orElseThrow();
            Map<String, List<String>> labels = new HashMap<>();
            for (JsonNode l : JSON.readTree(result.toFile()).get("labels")) {
                labels.computeIfAbsent(l.get("name").asText(), k -> new ArrayList<>()).add(l.get("value").asText());
            }
            return labels;
        }
    }

    @Test
    void aCheckIsFiledUnderItsDayCapabilityAndCriterion(@TempDir Path dir) throws IOException {
        writeResult(dir, checkResult("pinned", "D1.IMG.PINNED — pinned"), Status.FAILED, "1 problem", null);

        CriterionSpec spec = Catalog.get().require("D1.IMG.PINNED");
        Map<String, List<String>> labels = labels(dir);
        assertThat(labels.get("epic")).containsExactly("Day 1 — Setup + dockerised app");
        assertThat(labels.get("feature")).containsExactly(spec.capability().title());
        assertThat(labels.get("story")).containsExactly("D1.IMG.PINNED");
        assertThat(labels.get("tag")).contains("tier:static");
        assertThat(labels.get("parentSuite")).as("suites by day and capability, not by Java class").containsExactly("Day 1 — Setup + dockerised app");
        assertThat(labels.get("suite")).containsExactly(spec.capability().title());
        assertThat(labels.get("subSuite")).containsExactly("static tier");
        assertThat(labels.get("package")).containsExactly("D1");
    }

    @Test
    void aSkippedCheckKnownOnlyByItsFullNameIsFiledToo(@TempDir Path dir) throws IOException {
        TestResult skipped = new TestResult().setUuid(UUID.randomUUID().toString()).setName("hygiene")
                .setFullName(SyntheticChecks.class.getName() + ".hygiene");
        writeResult(dir, skipped, Status.SKIPPED, "switched off", null);

        Map<String, List<String>> labels = labels(dir);
        assertThat(labels.get("story")).containsExactly("D1.IMG.HYGIENE");
        assertThat(labels.get("epic")).containsExactly("Day 1 — Setup + dockerised app");
        try (Stream<Path> files = Files.list(dir)) {
            Path result = files.filter(p -> p.getFileName().toString().endsWith("-result.json")).findFirst().orElseThrow();
            JsonNode details = JSON.readTree(result.toFile()).get("statusDetails");
            assertThat(details.get("message").asText()).isEqualTo("switched off");
            assertThat(details.has("trace") && !details.get("trace").isNull()).as("a skip carries no stack trace").isFalse();
            assertThat(JSON.readTree(result.toFile()).get("name").asText()).startsWith("D1.IMG.HYGIENE — ");
        }
    }

    @Test
    void aTestThatIsNotACheckGetsNoCriterionLabels(@TempDir Path dir) throws IOException {
        TestResult other = new TestResult().setUuid(UUID.randomUUID().toString()).setName("plain")
                .setLabels(new ArrayList<>(List.of(ResultsUtils.createTestClassLabel(AllureLabelsTest.class.getName()),
                        ResultsUtils.createTestMethodLabel("aTestThatIsNotACheckGetsNoCriterionLabels"))));
        writeResult(dir, other, Status.PASSED, "", null);

        assertThat(labels(dir)).doesNotContainKeys("epic", "feature", "story");
    }

    @Test
    void noSecretInResultsNorAttachments(@TempDir Path dir) throws IOException {
        String secret = "tok-" + UUID.randomUUID();
        Secrets.register(secret);
        writeResult(dir, checkResult("pinned", "D1.IMG.PINNED with " + secret), Status.FAILED,
                "found password " + secret, "db_1 | POSTGRES_PASSWORD=" + secret);

        List<Path> files;
        try (Stream<Path> all = Files.list(dir)) {
            files = all.toList();
        }
        assertThat(files).anySatisfy(p -> assertThat(p.getFileName().toString()).endsWith("-attachment.txt"));
        for (Path f : files) {
            assertThat(Files.readString(f)).as(f.getFileName().toString()).doesNotContain(secret);
        }
        String attachment = Files.readString(files.stream()
                .filter(p -> p.getFileName().toString().endsWith("-attachment.txt")).findFirst().orElseThrow());
        assertThat(attachment).isEqualTo("db_1 | POSTGRES_PASSWORD=" + Secrets.MASK);
    }
}
