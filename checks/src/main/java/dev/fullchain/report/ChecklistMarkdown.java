package dev.fullchain.report;

import dev.fullchain.criteria.Capability;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** reports/checklist.md: the self-assessment in plain Markdown, readable in a terminal or on GitHub. */
public final class ChecklistMarkdown {

    static final int MAX_FINDING_LINES = 12;
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private ChecklistMarkdown() {
    }

    public static String render(Checklist c) {
        StringBuilder md = new StringBuilder();
        md.append("# fullchain checklist\n\n");
        md.append("Run #").append(c.runNumber()).append(" · ").append(WHEN.format(c.when()))
                .append(" · ").append(c.selection().describe()).append("  \n");
        md.append("Target: `").append(code(c.target())).append("`\n\n");
        md.append("**Summary: ").append(c.total().describe()).append(" (").append(c.total().total())
                .append(" criteria selected).**\n");

        for (Map.Entry<Integer, List<CriterionOutcome>> day : c.days().entrySet()) {
            md.append("\n## ").append(text(c.dayTitle(day.getKey()))).append("\n\n");
            md.append(counts(c.tally(day.getKey()))).append("\n\n");
            if (day.getValue().isEmpty()) {
                md.append("_").append(Checklist.emptyDayNote(day.getKey())).append("_\n");
            }
            for (CriterionOutcome o : day.getValue()) {
                row(md, o);
            }
        }

        md.append("\n## Grades per capability\n\n");
        md.append("| Capability | Passed | Failed | Skipped | Not run | Grade |\n");
        md.append("|---|---:|---:|---:|---:|:---:|\n");
        for (Capability cap : Capability.values()) {
            Tally t = c.capabilities().get(cap);
            Grade g = c.grade(cap);
            md.append("| ").append(cell(cap.title())).append(" | ").append(t.passed()).append(" | ").append(t.failed())
                    .append(" | ").append(t.skipped()).append(" | ").append(t.notRun()).append(" | **")
                    .append(g.symbol()).append("** ").append(g.meaning()).append(" |\n");
        }
        md.append("\nHow grades are given: ").append(Grade.RULE).append('\n');
        return md.toString();
    }

    private static void row(StringBuilder md, CriterionOutcome o) {
        md.append("- ").append(o.status().icon()).append(" **").append(o.spec().id()).append("** — ")
                .append(text(o.spec().title()));
        switch (o.status()) {
            case PASSED -> md.append('\n');
            case FAILED -> {
                md.append(" — **failed**\n");
                String findings = o.findings(MAX_FINDING_LINES);
                if (!findings.isBlank()) {
                    md.append("\n  ```text\n");
                    findings.lines().forEach(l -> md.append("  ").append(l.replace("```", "ˋˋˋ")).append('\n'));
                    md.append("  ```\n\n");
                }
                md.append("  Hint: ").append(text(o.spec().hint())).append("\n\n");
            }
            case SKIPPED, ABORTED, NOT_RUN -> md.append(" — ").append(o.status().word()).append(": ")
                    .append(text(oneLine(o.message()))).append('\n');
        }
    }

    static String counts(Tally t) {
        return "✅ " + t.passed() + " passed · ❌ " + t.failed() + " failed · ⏭ " + t.skipped() + " skipped · ⬜ "
                + t.notRun() + " not run";
    }

    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Text in running Markdown: no accidental HTML or emphasis from a message. */
    private static String text(String s) {
        return oneLine(s).replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cell(String s) {
        return text(s).replace("|", "\\|");
    }

    private static String code(String s) {
        return oneLine(s).replace("`", "'");
    }
}
