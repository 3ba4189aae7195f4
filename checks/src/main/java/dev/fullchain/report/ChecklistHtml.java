package dev.fullchain.report;

import dev.fullchain.criteria.Capability;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * reports/checklist.html: the same checklist as one self-contained page (inline CSS and
 * SVG, no script, no network), with a progress bar per day and the trend over past runs.
 * Written as well-formed XHTML so any XML parser can read it back.
 */
public final class ChecklistHtml {

    static final String PASSED = "#2e7d32";
    static final String FAILED = "#c62828";
    static final String MISSING = "#6a1b9a";
    static final String BLOCKED = "#e65100";
    static final String SKIPPED = "#f2a900";
    static final String NOT_RUN = "#bdbdbd";
    /** Findings longer than this many lines are folded (a click opens them); the whole text is always there. */
    static final int FOLD_AFTER_LINES = 12;

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1d1d1f;line-height:1.45}
            h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
            .meta{color:#555;margin-top:0}.summary{font-size:1.1rem}
            table{border-collapse:collapse;width:100%;margin:.5rem 0}
            th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #eee}
            td.st{width:6.5rem}.badge{display:inline-block;padding:.05rem .4rem;border-radius:.7rem;font-size:.75rem;font-weight:600;color:#fff;white-space:nowrap}
            .b-passed{background:#2e7d32}.b-failed{background:#c62828}.b-missing{background:#6a1b9a}.b-blocked{background:#e65100}
            .b-cannot-tell{background:#546e7a}.b-harness-fault{background:#37474f}.b-skipped,.b-aborted{background:#f2a900;color:#222}.b-not-run{background:#bdbdbd;color:#222}
            .notstarted{font-weight:600;color:#6a1b9a}details summary{cursor:pointer;color:#555}td.id{white-space:nowrap;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9rem}
            tr.failed td{background:#fff5f5}tr.skipped td,tr.aborted td,tr.not-run td{color:#555}
            pre{background:#f6f8fa;padding:.5rem;overflow-x:auto;font-size:.85rem;margin:.3rem 0;white-space:pre-wrap}
            .hint{margin:.2rem 0;color:#333}.why{color:#666;font-size:.9rem}
            .grade{font-weight:bold;font-size:1.1rem;text-align:center}.num{text-align:right}
            .legend span{display:inline-block;margin-right:1rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
            .rule{color:#444;font-size:.9rem}svg{max-width:100%;height:auto}svg text{font-family:system-ui,sans-serif}
            """;

    private ChecklistHtml() {
    }

    public static String render(Checklist c, List<History.Run> history) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n");
        h.append("<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        h.append("<title>fullchain checklist — run #").append(c.runNumber()).append("</title>\n");
        h.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");

        h.append("<h1>fullchain checklist</h1>\n");
        h.append("<p class=\"meta\">Run #").append(c.runNumber()).append(" · ").append(esc(ChecklistMarkdown.WHEN.format(c.when())))
                .append(" · ").append(esc(c.selection().describe())).append(" · target <code>").append(esc(c.target()))
                .append("</code></p>\n");
        h.append("<p class=\"summary\"><strong>").append(esc(c.total().describe())).append("</strong> (")
                .append(c.total().total()).append(" criteria selected)</p>\n");

        h.append("<h2>Progress per day</h2>\n").append(legend()).append(progress(c));
        h.append("<h2>Over the week</h2>\n").append(trend(history));

        for (Map.Entry<Integer, List<CriterionOutcome>> day : c.days().entrySet()) {
            h.append("<h2 id=\"day").append(day.getKey()).append("\">").append(esc(c.dayTitle(day.getKey()))).append("</h2>\n");
            Tally tally = c.tally(day.getKey());
            if (tally.notStarted()) {
                h.append("<p class=\"notstarted\">Not started: none of this day's deliverables is in the repository.</p>\n");
            }
            h.append("<p>").append(esc(tally.describe())).append("</p>\n");
            if (day.getValue().isEmpty()) {
                h.append("<p class=\"why\">").append(Checklist.emptyDayNote(day.getKey())).append("</p>\n");
                continue;
            }
            SharedReasons shared = SharedReasons.of(day.getValue());
            for (SharedReasons.Reason r : shared.all()) {
                h.append("<p><strong>").append(esc(r.label())).append("</strong> (").append(esc(r.status().word())).append(", ")
                        .append(r.count()).append(" criteria)</p>").append(findingsBlock(r.text())).append('\n');
            }
            h.append("<table>\n<tr><th></th><th>Criterion</th><th>What is checked, and what was found</th></tr>\n");
            for (CriterionOutcome o : day.getValue()) {
                row(h, o, shared);
            }
            h.append("</table>\n");
        }

        h.append("<h2>Grades per capability</h2>\n<table>\n<tr><th>Capability</th><th class=\"num\">Passed</th>"
                + "<th class=\"num\">Not passed</th><th class=\"num\">Skipped</th><th class=\"num\">Not run</th><th>Grade</th></tr>\n");
        for (Capability cap : Capability.values()) {
            Tally t = c.capabilities().get(cap);
            Grade g = c.grade(cap);
            h.append("<tr><td>").append(esc(cap.title())).append("</td><td class=\"num\">").append(t.passed())
                    .append("</td><td class=\"num\">").append(t.notPassed()).append("</td><td class=\"num\">").append(t.skipped())
                    .append("</td><td class=\"num\">").append(t.notRun()).append("</td><td><span class=\"grade\">")
                    .append(esc(g.symbol())).append("</span> ").append(esc(g.meaning())).append("</td></tr>\n");
        }
        h.append("</table>\n<p class=\"rule\">How grades are given: ").append(esc(Grade.RULE)).append("</p>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, CriterionOutcome o, SharedReasons shared) {
        String cls = o.status().word().replace(' ', '-');
        h.append("<tr class=\"").append(cls).append("\"><td class=\"st\">").append(badge(o.status()))
                .append("</td><td class=\"id\">").append(esc(o.spec().id())).append("</td><td>").append(esc(o.spec().title()));
        if (o.status().notPassed()) {
            var label = shared.labelOf(o);
            if (label.isPresent()) {
                h.append("<div class=\"why\">see ").append(esc(label.get())).append(" above</div>");
            } else {
                String findings = o.findings();
                if (!findings.isBlank()) {
                    h.append(findingsBlock(findings));
                }
                if (o.status() != CriterionOutcome.Status.FAULT) {
                    h.append("<p class=\"hint\"><strong>Hint:</strong> ").append(esc(o.hint())).append("</p>");
                }
            }
        } else if (o.status() != CriterionOutcome.Status.PASSED) {
            h.append("<div class=\"why\">").append(esc(o.status().word())).append(": ")
                    .append(esc(ChecklistMarkdown.oneLine(o.message()))).append("</div>");
        }
        h.append("</td></tr>\n");
    }

    /** A status as a coloured label with its word: readable without any emoji font. */
    static String badge(CriterionOutcome.Status status) {
        return "<span class=\"badge b-" + status.word().replace(' ', '-') + "\">" + esc(status.word()) + "</span>";
    }

    /** The whole text of the findings; long ones folded behind their first lines. */
    private static String findingsBlock(String findings) {
        List<String> lines = findings.lines().toList();
        if (lines.size() <= FOLD_AFTER_LINES) {
            return "<pre>" + esc(findings) + "</pre>";
        }
        String head = String.join("\n", lines.subList(0, FOLD_AFTER_LINES));
        String rest = String.join("\n", lines.subList(FOLD_AFTER_LINES, lines.size()));
        return "<pre>" + esc(head) + "</pre><details><summary>" + (lines.size() - FOLD_AFTER_LINES)
                + " more line(s)</summary><pre>" + esc(rest) + "</pre></details>";
    }

    private static String legend() {
        String[] words = {"passed", "failed", "missing", "blocked, cannot tell or harness fault", "skipped", "not run"};
        StringBuilder b = new StringBuilder("<p class=\"legend\">");
        for (int i = 0; i < words.length; i++) {
            b.append("<span><i style=\"background:").append(COLOURS[i]).append("\"></i>").append(words[i]).append("</span>");
        }
        return b.append("</p>\n").toString();
    }

    /** One stacked bar per selected day: passed, failed, skipped, not run. */
    static String progress(Checklist c) {
        int label = 300;
        int bar = 520;
        int rowH = 30;
        int height = Math.max(1, c.days().size()) * rowH + 6;
        int width = label + bar + 110;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"progress\" role=\"img\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\">\n<title>Progress per day</title>\n");
        int y = 4;
        for (int day : c.days().keySet()) {
            Tally t = c.tally(day);
            s.append("<text x=\"0\" y=\"").append(y + 17).append("\" font-size=\"13\">").append(esc(c.dayTitle(day))).append("</text>\n");
            s.append("<g><title>").append(esc(c.dayTitle(day) + ": " + t.describe())).append("</title>\n");
            s.append("<rect x=\"").append(label).append("\" y=\"").append(y).append("\" width=\"").append(bar)
                    .append("\" height=\"22\" fill=\"#fafafa\" stroke=\"#ccc\"/>\n");
            double x = label;
            int[] counts = segments(t);
            String[] colours = COLOURS;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0 || t.total() == 0) {
                    continue;
                }
                double w = bar * (double) counts[i] / t.total();
                s.append("<rect x=\"").append(num(x)).append("\" y=\"").append(y).append("\" width=\"").append(num(w))
                        .append("\" height=\"22\" fill=\"").append(colours[i]).append("\"/>\n");
                x += w;
            }
            s.append("</g>\n<text x=\"").append(label + bar + 8).append("\" y=\"").append(y + 17).append("\" font-size=\"13\">")
                    .append(t.passed()).append(" / ").append(t.total()).append("</text>\n");
            y += rowH;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** Stacked columns, one per past run (oldest left): how many criteria passed, failed, were skipped or not run. */
    static String trend(List<History.Run> runs) {
        if (runs.isEmpty()) {
            return "<p class=\"why\">No run recorded yet.</p>\n";
        }
        int plotW = 600;
        int colW = Math.max(10, Math.min(48, plotW / runs.size()));
        int left = 36;
        int plotH = 140;
        int top = 10;
        int width = left + plotW + 20;
        int height = top + plotH + 34;
        int max = Math.max(1, runs.stream().mapToInt(r -> r.total().total()).max().orElse(1));
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend\" role=\"img\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\">\n<title>Criteria per run, the last ").append(runs.size()).append(" run(s)</title>\n");
        int base = top + plotH;
        s.append("<line x1=\"").append(left - 4).append("\" y1=\"").append(base).append("\" x2=\"").append(width - 10)
                .append("\" y2=\"").append(base).append("\" stroke=\"#999\"/>\n");
        s.append("<text x=\"").append(left - 8).append("\" y=\"").append(base).append("\" font-size=\"11\" text-anchor=\"end\">0</text>\n");
        s.append("<text x=\"").append(left - 8).append("\" y=\"").append(top + 10).append("\" font-size=\"11\" text-anchor=\"end\">")
                .append(max).append("</text>\n");
        int labelEvery = Math.max(1, (runs.size() + 11) / 12);
        for (int i = 0; i < runs.size(); i++) {
            History.Run r = runs.get(i);
            Tally t = r.total();
            int x = left + i * colW;
            s.append("<g><title>").append(esc("Run #" + r.run() + " · " + r.timestamp() + " · " + r.selection() + ": " + t.describe()))
                    .append("</title>\n");
            double y = base;
            int[] counts = segments(t);
            String[] colours = COLOURS;
            for (int k = 0; k < counts.length; k++) {
                if (counts[k] == 0) {
                    continue;
                }
                double hgt = plotH * (double) counts[k] / max;
                y -= hgt;
                s.append("<rect x=\"").append(x).append("\" y=\"").append(num(y)).append("\" width=\"").append(colW - Math.max(2, colW / 5))
                        .append("\" height=\"").append(num(hgt)).append("\" fill=\"").append(colours[k]).append("\"/>\n");
            }
            s.append("</g>\n");
            if (i % labelEvery == 0 || i == runs.size() - 1) {
                s.append("<text x=\"").append(x + (colW - Math.max(2, colW / 5)) / 2).append("\" y=\"").append(base + 14)
                        .append("\" font-size=\"10\" text-anchor=\"middle\">#").append(r.run()).append("</text>\n");
            }
        }
        s.append("<text x=\"").append(left).append("\" y=\"").append(base + 30).append("\" font-size=\"11\" fill=\"#555\">")
                .append("criteria per run (hover a column for its date, selection and counts)</text>\n");
        s.append("</svg>\n");
        return s.toString();
    }

    private static final String[] COLOURS = {PASSED, FAILED, MISSING, BLOCKED, SKIPPED, NOT_RUN};

    /** The bar segments of a tally, in the order of {@link #COLOURS}. */
    private static int[] segments(Tally t) {
        return new int[] {t.passed(), t.failed(), t.missing(), t.blocked() + t.cannotTell() + t.faults(), t.skipped(), t.notRun()};
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // Control characters are not allowed in XML; a stray one from a log must not break the page.
                    if (ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') {
                        b.append('?');
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }
}
