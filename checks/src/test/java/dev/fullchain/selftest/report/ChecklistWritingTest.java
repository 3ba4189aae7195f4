package dev.fullchain.selftest.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.criteria.Capability;
import dev.fullchain.criteria.Catalog;
import dev.fullchain.criteria.CriterionSpec;
import dev.fullchain.report.ChecklistListener;
import dev.fullchain.report.CriterionOutcome.Status;
import dev.fullchain.report.Grade;
import dev.fullchain.report.History;
import dev.fullchain.report.Outcomes;
import dev.fullchain.selection.Selection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The checklist written from a known set of outcomes: Markdown, HTML, history, Allure's executor. */
@Tag("selftest")
class ChecklistWritingTest {

    static final Selection DAY1_STATIC = Selection.parse("1", "static");
    static final Instant WHEN = Instant.parse("2026-11-24T10:15:00Z");

    static CriterionSpec spec(String id) {
        return Catalog.get().require(id);
    }

    /** A failure message shaped like CriterionExtension's: headline, findings, hint. */
    static String failure(String id, String finding) {
        CriterionSpec s = spec(id);
        return s.headline() + "\n  1 problem\n    ✗ " + finding + "\n        found:    FROM debian\n        expected: a tag\n  hint: " + s.hint();
    }

    static ChecklistListener listener(Path reports) {
        return new ChecklistListener(reports, DAY1_STATIC, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    static void synthetic(Outcomes o) {
        o.record(spec("D1.APP.LAYOUT"), Status.PASSED, "");
        o.record(spec("D1.IMG.PINNED"), Status.FAILED, failure("D1.IMG.PINNED", "app/api/Dockerfile:1"));
        o.record(spec("D1.IMG.NONROOT"), Status.SKIPPED, "no Docker engine here; start Docker or run -Dtier=static");
    }

    @Test
    void markdownListsEverySelectedCriterionWithItsOutcome(@TempDir Path reports) throws Exception {
        ChecklistListener l = listener(reports);
        synthetic(l.outcomes());
        l.write(WHEN, "/work/learner");

        String md = Files.readString(reports.resolve("checklist.md"));
        long selected = Catalog.get().all().stream().filter(DAY1_STATIC::includes).count();
        assertThat(md)
                .contains("# fullchain checklist")
                .contains("## Day 1 — Setup + dockerised app")
                .contains("- ✅ **D1.APP.LAYOUT** — " + spec("D1.APP.LAYOUT").title())
                .contains("- ❌ **D1.IMG.PINNED** — " + spec("D1.IMG.PINNED").title() + " — **failed**")
                .contains("✗ app/api/Dockerfile:1", "found:    FROM debian")
                .contains("Hint: " + spec("D1.IMG.PINNED").hint())
                .contains("- ⏭ **D1.IMG.NONROOT** — " + spec("D1.IMG.NONROOT").title()
                        + " — skipped: no Docker engine here; start Docker or run -Dtier=static")
                .contains("- ⬜ **D1.IMG.HYGIENE** — " + spec("D1.IMG.HYGIENE").title() + " — not run: no check of this criterion ran")
                .contains("**Summary: 1 passed, 1 failed, 1 skipped, " + (selected - 3) + " not run (" + selected + " criteria selected).**")
                .contains("| " + Capability.BEST_PRACTICES.title() + " | 0 | 1 | 1 |")
                .contains("How grades are given: " + Grade.RULE)
                .doesNotContain("D1.RUN.UP", "Day 2");
        // The headline and the hint of the failure message are not repeated inside the findings.
        assertThat(md.split(java.util.regex.Pattern.quote(spec("D1.IMG.PINNED").hint()), -1)).hasSize(2);
        assertThat(md).doesNotContain("  hint: ");
    }

    @Test
    void htmlIsOneWellFormedPageWithPicturesAndNoNetwork(@TempDir Path reports) throws Exception {
        ChecklistListener l = listener(reports);
        synthetic(l.outcomes());
        l.write(WHEN, "/work/<learner> & co");

        String html = Files.readString(reports.resolve("checklist.html"));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(reports.resolve("checklist.html").toFile());
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength())
                .as("a progress picture and a trend").isEqualTo(2);
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect").getLength()).isGreaterThan(3);
        assertThat(html)
                .contains("Day 1 — Setup + dockerised app", "D1.IMG.PINNED", "Hint:", "&lt;learner&gt; &amp; co", Grade.RULE)
                .doesNotContain("<script", "src=", "href=", "url(", "@import", "<link");
    }

    @Test
    void eachRunAddsToTheHistoryAndNumbersAllureBuilds(@TempDir Path reports) throws Exception {
        for (int run = 1; run <= 2; run++) {
            ChecklistListener l = listener(reports);
            synthetic(l.outcomes());
            l.write(WHEN.plusSeconds(run), "C:\\Users\\Zoé\\week #1");
        }
        History h = History.read(reports);
        assertThat(h.runs()).extracting(History.Run::run).containsExactly(1, 2);
        assertThat(h.runs().get(1).days().get("1").failed()).isEqualTo(1);
        assertThat(Files.readString(reports.resolve("allure-results/executor.json"))).contains("\"buildOrder\" : 2");
        // Allure reads environment.properties as java.util.Properties (ISO-8859-1, backslash escapes).
        java.util.Properties env = new java.util.Properties();
        try (var in = Files.newInputStream(reports.resolve("allure-results/environment.properties"))) {
            env.load(in);
        }
        assertThat(env).containsEntry("Target", "C:\\Users\\Zoé\\week #1").containsEntry("Days", "[1]")
                .containsEntry("Tiers", "[static]").containsEntry("Run", "#2").containsKey("Java");
    }

    @Test
    void historyKeepsTheLastFiftyRunsAndKeepsCounting(@TempDir Path reports) throws Exception {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 1; i <= History.KEEP; i++) {
            runs.add(Map.of("timestamp", "2026-11-2" + (i % 7) + "T10:00:00Z", "run", i + 10, "selection", "days [1]",
                    "target", "/t", "days", Map.of("1", Map.of("passed", i % 11, "failed", 1, "skipped", 0, "notRun", 0))));
        }
        Files.writeString(reports.resolve(History.FILE), new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("runs", runs)));

        ChecklistListener l = listener(reports);
        synthetic(l.outcomes());
        l.write(WHEN, "/t");

        History h = History.read(reports);
        assertThat(h.runs()).hasSize(History.KEEP);
        assertThat(h.runs().get(0).run()).isEqualTo(12);
        assertThat(h.runs().get(History.KEEP - 1).run()).isEqualTo(61);
        String html = Files.readString(reports.resolve("checklist.html"));
        assertThat(html).contains("#61").contains("the last 50 run(s)");
    }

    @Test
    void anUnreadableHistoryStartsOverInsteadOfFailingTheRun(@TempDir Path reports) throws Exception {
        Files.writeString(reports.resolve(History.FILE), "{ not json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChecklistListener l = new ChecklistListener(reports, DAY1_STATIC, new PrintStream(out, true, StandardCharsets.UTF_8));
        l.write(WHEN, "/t");
        assertThat(History.read(reports).runs()).hasSize(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("history.json could not be read");
    }

    /**
     * A day whose deliverable is not there reads "not started", says the one reason once, and
     * lists each criterion as missing, pointing to it; a file that blocks several criteria is
     * named once too; every finding is written in full, with no HTML entity in the Markdown.
     */
    @Test
    void missingAndBlockedAreSaidOnceAndFindingsInFull(@TempDir Path reports) throws Exception {
        Selection days = Selection.parse("1-3", "static");
        ChecklistListener l = new ChecklistListener(reports, days, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String missing = "missing: no Helm chart found: looked in charts/*, helm/, anywhere in the repository."
                + " If it is elsewhere, name it with chart: in fullchain.yaml";
        Catalog.get().all().stream().filter(s -> s.day() == 3 && days.includes(s)).forEach(s ->
                l.outcomes().record(s, Status.MISSING, s.headline() + "\n  " + missing + "\n  hint: " + s.hint()));
        String blocked = "1 problem\n    ⛔ blocked by app/compose.yaml:7: not valid YAML: mapping values are not allowed here";
        for (String id : List.of("D1.COMPOSE.HEALTH", "D1.COMPOSE.VOLUME")) {
            l.outcomes().record(spec(id), Status.BLOCKED, spec(id).headline() + "\n  " + blocked + "\n  hint: " + spec(id).hint());
        }
        StringBuilder many = new StringBuilder(spec("D1.IMG.PINNED").headline()).append("\n  30 problems");
        for (int i = 1; i <= 30; i++) {
            many.append("\n    ✗ app/Dockerfile.").append(i).append(":1\n        found:    FROM <none>\n        expected: a tag");
        }
        l.outcomes().record(spec("D1.IMG.PINNED"), Status.FAILED, many.append("\n  hint: pin it").toString());
        l.write(WHEN, "/work/learner");

        String md = Files.readString(reports.resolve("checklist.md"));
        String day3 = md.substring(md.indexOf("## " + Catalog.get().dayTitle(3)), md.indexOf("## Grades"));
        assertThat(day3).contains("**Not started:**").contains("◻ 11 missing");
        assertThat(day3.split("no Helm chart found", -1)).as("the missing chart is said once").hasSize(2);
        assertThat(day3).contains("- ◻ **D3.CHART.LINT** — " + spec("D3.CHART.LINT").title() + " — **missing**: see **Note A** above");
        String day1 = md.substring(md.indexOf("## " + Catalog.get().dayTitle(1)), md.indexOf("## " + Catalog.get().dayTitle(2)));
        assertThat(day1.split("blocked by app/compose.yaml:7", -1)).as("the blocking file is said once").hasSize(2);
        assertThat(day1).contains("app/Dockerfile.30:1").contains("Hint: pin it").doesNotContain("more line(s)");
        assertThat(md).as("findings verbatim in their block").doesNotContain("&lt;", "&gt;", "&amp;").contains("found:    FROM <none>");
        assertThat(Files.readString(reports.resolve("checklist.html"))).contains("app/Dockerfile.30:1", "<details>", "Not started")
                .doesNotContain("◻ **");
    }
}
