package dev.fullchain.report;

import dev.fullchain.criteria.Capability;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** reports/checklist.md: the self-assessment in plain Markdown, readable in a terminal or on GitHub. */
public final class ChecklistMarkdown {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private ChecklistMarkdown() {
    }

    public static String render(Checklist c) {
        StringBuilder md = new StringBuilder();
        md.append("# fullchain checklist\n\n");
        md.append("Run #").append(c.runNumber()).append(" · ").append(WHEN.format(c.when()))
                .append(" · ").append(MarkdownText.text(c.selection().describe())).append("  \n");
        md.append("Target: `").append(MarkdownText.code(c.target())).append("`\n\n");
        md.append("**Summary: ").append(c.total().describe()).append(" (").append(c.total().total())
                .append(" criteria selected).**\n");

        for (Map.Entry<Integer, List<CriterionOutcome>> day : c.days().entrySet()) {
            md.append("\n## ").append(MarkdownText.text(c.dayTitle(day.getKey()))).append("\n\n");
            Tally tally = c.tally(day.getKey());
            if (tally.notStarted()) {
                md.append("**Not started:** none of this day's deliverables is in the repository.\n\n");
            }
            md.append(counts(tally)).append("\n\n");
            if (day.getValue().isEmpty()) {
                md.append("_").append(Checklist.emptyDayNote(day.getKey())).append("_\n");
            }
            SharedReasons shared = SharedReasons.of(day.getValue());
            if (!shared.isEmpty()) {
                md.append("Said once for several criteria below:\n");
                for (SharedReasons.Reason r : shared.all()) {
                    md.append("\n- **").append(r.label()).append("** (").append(r.status().word()).append(", ")
                            .append(r.count()).append(" criteria)\n");
                    MarkdownText.fenced(md, r.text(), "  ");
                }
            }
            for (CriterionOutcome o : day.getValue()) {
                row(md, o, shared);
            }
        }

        md.append("\n## Grades per capability\n\n");
        md.append("| Capability | Passed | Not passed | Skipped | Not run | Grade |\n");
        md.append("|---|---:|---:|---:|---:|:---:|\n");
        for (Capability cap : Capability.values()) {
            Tally t = c.capabilities().get(cap);
            Grade g = c.grade(cap);
            md.append("| ").append(MarkdownText.cell(cap.title())).append(" | ").append(t.passed()).append(" | ").append(t.notPassed())
                    .append(" | ").append(t.skipped()).append(" | ").append(t.notRun()).append(" | **")
                    .append(g.symbol()).append("** ").append(g.meaning()).append(" |\n");
        }
        md.append("\nHow grades are given: ").append(MarkdownText.text(Grade.RULE)).append('\n');
        return md.toString();
    }

    private static void row(StringBuilder md, CriterionOutcome o, SharedReasons shared) {
        md.append("- ").append(o.status().icon()).append(" **").append(o.spec().id()).append("** — ")
                .append(MarkdownText.text(o.spec().title()));
        if (o.status() == CriterionOutcome.Status.PASSED) {
            md.append('\n');
            return;
        }
        if (!o.status().notPassed()) {
            md.append(" — ").append(o.status().word()).append(": ").append(MarkdownText.text(o.message())).append('\n');
            return;
        }
        md.append(" — **").append(o.status().word()).append("**");
        var label = shared.labelOf(o);
        if (label.isPresent()) {
            md.append(": see **").append(label.get()).append("** above\n");
            return;
        }
        md.append('\n');
        String findings = o.findings();
        if (!findings.isBlank()) {
            MarkdownText.fenced(md, findings, "  ");
        }
        if (o.status() != CriterionOutcome.Status.FAULT) {
            md.append("  Hint: ").append(MarkdownText.text(o.hint())).append("\n\n");
        }
    }

    /** "✅ 9 passed · ❌ 1 failed · ⏭ 2 skipped · ⬜ 0 not run", with missing, blocked, cannot tell and faults when there are. */
    static String counts(Tally t) {
        StringBuilder b = new StringBuilder("✅ ").append(t.passed()).append(" passed · ❌ ").append(t.failed()).append(" failed");
        if (t.missing() > 0) {
            b.append(" · ◻ ").append(t.missing()).append(" missing");
        }
        if (t.blocked() > 0) {
            b.append(" · ⛔ ").append(t.blocked()).append(" blocked");
        }
        if (t.cannotTell() > 0) {
            b.append(" · ❔ ").append(t.cannotTell()).append(" cannot tell");
        }
        if (t.faults() > 0) {
            b.append(" · ⚠ ").append(t.faults()).append(" harness fault").append(t.faults() == 1 ? "" : "s");
        }
        return b.append(" · ⏭ ").append(t.skipped()).append(" skipped · ⬜ ").append(t.notRun()).append(" not run").toString();
    }

    static String oneLine(String s) {
        return MarkdownText.oneLine(s);
    }
}
