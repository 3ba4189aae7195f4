package dev.fullchain.selftest.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.criteria.Catalog;
import dev.fullchain.criteria.CriterionSpec;
import dev.fullchain.report.Checklist;
import dev.fullchain.report.CriterionOutcome.Status;
import dev.fullchain.report.JobSummary;
import dev.fullchain.report.Outcomes;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.selection.Selection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job summary a run appends to GITHUB_STEP_SUMMARY: counts per day, each failed criterion with finding and hint. */
@Tag("selftest")
class JobSummaryTest {

    static final Instant WHEN = Instant.parse("2026-11-24T10:15:00Z");

    private static CriterionSpec spec(String id) {
        return Catalog.get().require(id);
    }

    private static String failure(String id, String... findings) {
        StringBuilder b = new StringBuilder(spec(id).headline()).append("\n  ").append(findings.length)
                .append(findings.length == 1 ? " problem" : " problems");
        for (String f : findings) {
            b.append("\n    ✗ ").append(f).append("\n        found:    FROM debian\n        expected: a tag");
        }
        return b.append("\n  hint: ").append(spec(id).hint()).toString();
    }

    private static Checklist checklist() {
        Outcomes o = new Outcomes();
        o.record(spec("D1.APP.LAYOUT"), Status.PASSED, "");
        o.record(spec("D1.IMG.PINNED"), Status.FAILED, failure("D1.IMG.PINNED", "app/api/Dockerfile:1", "app/frontend/Dockerfile:3"));
        o.record(spec("D1.IMG.NONROOT"), Status.SKIPPED, "no Docker engine here");
        o.record(spec("D2.TF.BACKEND"), Status.FAILED, failure("D2.TF.BACKEND", "terraform/main.tf:4"));
        return Checklist.of(Catalog.get(), Selection.parse("1-2", "static"), o, "/work/learner", 7, WHEN);
    }

    @Test
    void countsPerDayAndEveryFailedCriterionWithItsFirstFindingAndHint() {
        String md = JobSummary.render(checklist());
        long day1 = Catalog.get().all().stream().filter(s -> s.day() == 1 && s.tier().key().equals("static")).count();
        assertThat(md)
                .startsWith("## ❌ fullchain run #7: 2 criteria not passed")
                .contains("| " + Catalog.get().dayTitle(1) + " | 1 | 1 | 0 | 0 | 1 | " + (day1 - 3) + " |")
                .contains("### Criteria not passed")
                .contains("- **D1.IMG.PINNED** — " + spec("D1.IMG.PINNED").title() + " — failed")
                .contains("  - ✗ app/api/Dockerfile:1 — found: FROM debian (and 1 more)")
                .contains("  - Hint: " + spec("D1.IMG.PINNED").hint().replaceAll("\\s*\\R\\s*", " "))
                .contains("- **D2.TF.BACKEND**", "  - ✗ terraform/main.tf:4 — found: FROM debian\n")
                .doesNotContain("D1.APP.LAYOUT", "D1.IMG.NONROOT", "app/frontend/Dockerfile:3");
    }

    @Test
    void aRunWithoutFailuresSaysSo() {
        Outcomes o = new Outcomes();
        o.record(spec("D1.APP.LAYOUT"), Status.PASSED, "");
        String md = JobSummary.render(Checklist.of(Catalog.get(), Selection.parse("1", "static"), o, "fixtures", 1, WHEN));
        assertThat(md).startsWith("## ✅ fullchain run #1: every criterion that ran passed").doesNotContain("not passed");

        Outcomes skipped = new Outcomes();
        skipped.record(spec("D4.GH.LAST_RUN"), Status.SKIPPED, "no GitHub token");
        assertThat(JobSummary.render(Checklist.of(Catalog.get(), Selection.parse("4", "live"), skipped, "fixtures", 3, WHEN)))
                .as("all skipped is not a success").startsWith("## ⏭ fullchain run #3: no criterion ran to a verdict");
    }

    @Test
    void appendsToTheFileGitHubNamesKeepingWhatOtherStepsWroteAndMasksSecrets(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("step_summary.md");
        Files.writeString(file, "# build\n\nearlier step\n");
        String secret = "summary-secret-" + System.nanoTime();
        Secrets.register(secret);
        Outcomes o = new Outcomes();
        o.record(spec("D1.IMG.PINNED"), Status.FAILED, failure("D1.IMG.PINNED", "app/api/Dockerfile:1 " + secret));
        Checklist c = Checklist.of(Catalog.get(), Selection.parse("1", "static"), o, "fixtures", 2, WHEN);

        List<String> warnings = new ArrayList<>();
        JobSummary.appendIfSet(file.toString(), c, warnings::add);
        JobSummary.appendIfSet(file.toString(), c, warnings::add);

        String text = Files.readString(file);
        assertThat(warnings).isEmpty();
        assertThat(text).startsWith("# build\n\nearlier step\n## ❌ fullchain run #2");
        assertThat(text.split("fullchain run #2", -1)).as("appended twice, never replaced").hasSize(3);
        assertThat(text).doesNotContain(secret).contains("app/api/Dockerfile:1 " + Secrets.MASK);
    }

    @Test
    void nothingIsWrittenOutsideGitHubActionsAndAProblemIsOnlyAWarning(@TempDir Path dir) {
        List<String> warnings = new ArrayList<>();
        JobSummary.appendIfSet(null, checklist(), warnings::add);
        JobSummary.appendIfSet("  ", checklist(), warnings::add);
        assertThat(warnings).isEmpty();
        assertThat(dir).isEmptyDirectory();

        JobSummary.appendIfSet(dir.resolve("no/such/dir/summary.md").toString(), checklist(), warnings::add);
        assertThat(warnings).singleElement().asString().startsWith("could not append the job summary to ");
    }
}
