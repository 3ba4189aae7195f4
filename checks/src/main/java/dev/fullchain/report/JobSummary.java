package dev.fullchain.report;

import dev.fullchain.secrets.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * The run's outcome as a GitHub Actions job summary: when the run happens in a workflow
 * (GITHUB_STEP_SUMMARY names a file), Markdown is appended to that file at the end of the
 * run: per day the counts, then each criterion not passed with its ID, title, outcome, first
 * finding and (for a failure) hint. GitHub shows it on the run's page. Masked of secrets like every report.
 */
public final class JobSummary {

    /** The environment variable GitHub Actions sets to the step's summary file. */
    public static final String VARIABLE = "GITHUB_STEP_SUMMARY";
    static final int MAX_LINE = 400;

    private JobSummary() {
    }

    /** Appends the summary to {@code file} when it is set (the value of GITHUB_STEP_SUMMARY); problems go to {@code warn}. */
    public static void appendIfSet(String file, Checklist checklist, Consumer<String> warn) {
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            append(Path.of(file.trim()), checklist);
        } catch (IOException | RuntimeException e) {
            warn.accept("could not append the job summary to " + file + ": " + e);
        }
    }

    /** Appends (never replaces: other steps write to the same file) the summary of {@code c} to {@code file}. */
    public static void append(Path file, Checklist c) throws IOException {
        Files.writeString(file, Secrets.mask(render(c)), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    public static String render(Checklist c) {
        StringBuilder md = new StringBuilder();
        Tally total = c.total();
        md.append("## ");
        if (total.notPassed() > 0) {
            md.append("❌ fullchain run #").append(c.runNumber()).append(": ").append(total.notPassed())
                    .append(total.notPassed() == 1 ? " criterion not passed" : " criteria not passed")
                    .append(" (").append(total.describe()).append(")");
        } else if (total.passed() == 0) {
            md.append("⏭ fullchain run #").append(c.runNumber()).append(": no criterion ran to a verdict");
        } else {
            md.append("✅ fullchain run #").append(c.runNumber()).append(": every criterion that ran passed");
        }
        md.append("\n\n");
        md.append(MarkdownText.text(c.selection().describe())).append(" · target `").append(MarkdownText.code(c.target())).append("`\n\n");
        md.append("| Day | ✅ passed | ❌ failed | ◻ missing | ⛔ blocked or cannot tell | ⏭ skipped | ⬜ not run |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (int day : c.days().keySet()) {
            Tally t = c.tally(day);
            md.append("| ").append(MarkdownText.cell(c.dayTitle(day))).append(t.notStarted() ? " (not started)" : "").append(" | ")
                    .append(t.passed()).append(" | ").append(t.failed()).append(" | ").append(t.missing()).append(" | ")
                    .append(t.blocked() + t.cannotTell() + t.faults()).append(" | ").append(t.skipped()).append(" | ")
                    .append(t.notRun()).append(" |\n");
        }
        List<CriterionOutcome> notPassed = c.days().values().stream().flatMap(List::stream)
                .filter(o -> o.status().notPassed()).toList();
        if (!notPassed.isEmpty()) {
            md.append("\n### Criteria not passed\n\n");
            java.util.Set<String> said = new java.util.HashSet<>();
            for (CriterionOutcome o : notPassed) {
                md.append("- **").append(o.spec().id()).append("** — ").append(MarkdownText.text(o.spec().title()))
                        .append(" — ").append(o.status().word()).append('\n');
                String finding = firstFinding(o);
                if (!finding.isEmpty()) {
                    // A reason shared by several criteria (a missing chart) is said once.
                    md.append("  - ").append(said.add(o.status() + finding) ? MarkdownText.text(finding) : "same reason as above").append('\n');
                }
                if (o.status() == CriterionOutcome.Status.FAILED) {
                    md.append("  - Hint: ").append(MarkdownText.text(o.hint())).append('\n');
                }
            }
        }
        md.append("\nThe full checklist (every criterion, every finding in full, skipped ones with their reason) is in the run's reports.\n\n");
        return md.toString();
    }

    /** "✗ path:line — found: …" from the failure's findings, with "(and N more)" when there are others. */
    static String firstFinding(CriterionOutcome o) {
        List<String> lines = o.findings(Integer.MAX_VALUE).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.matches("\\d+ problems?") && !l.startsWith("… ")).toList();
        if (lines.isEmpty()) {
            return "";
        }
        long problems = lines.stream().filter(l -> l.startsWith("✗")).count();
        String first = lines.get(0);
        if (first.startsWith("✗") && lines.size() > 1 && lines.get(1).startsWith("found:")) {
            first = first + " — " + lines.get(1).replaceFirst("^found:\\s*", "found: ");
        }
        if (first.length() > MAX_LINE) {
            first = first.substring(0, MAX_LINE) + "…";
        }
        return problems > 1 ? first + " (and " + (problems - 1) + " more)" : first;
    }
}
