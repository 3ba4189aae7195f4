package dev.fullchain.report;

import dev.fullchain.criteria.CriterionSpec;

/**
 * How one criterion ended in a run: its check passed, failed (message = headline, findings,
 * hint), was skipped or aborted (message = the reason), or no check of it ran.
 */
public record CriterionOutcome(CriterionSpec spec, Status status, String message) {

    public enum Status {
        PASSED("✅", "passed"),
        FAILED("❌", "failed"),
        MISSING("◻", "missing"),
        BLOCKED("⛔", "blocked"),
        CANNOT_TELL("❔", "cannot tell"),
        FAULT("⚠", "harness fault"),
        SKIPPED("⏭", "skipped"),
        ABORTED("⏭", "aborted"),
        NOT_RUN("⬜", "not run");

        private final String icon;
        private final String word;

        Status(String icon, String word) {
            this.icon = icon;
            this.word = word;
        }

        public String icon() {
            return icon;
        }

        public String word() {
            return word;
        }

        /** The status a check's verdict gives. */
        public static Status of(dev.fullchain.check.Verdict v) {
            return switch (v) {
                case FAILED -> FAILED;
                case MISSING -> MISSING;
                case BLOCKED -> BLOCKED;
                case CANNOT_TELL -> CANNOT_TELL;
                case HARNESS_FAULT -> FAULT;
            };
        }

        /** Ran to a verdict that is not a pass. */
        public boolean notPassed() {
            return this == FAILED || this == MISSING || this == BLOCKED || this == CANNOT_TELL || this == FAULT;
        }

        /** When a criterion has several checks, the worst one speaks for it. */
        int severity() {
            return switch (this) {
                case FAULT -> 8;
                case FAILED -> 7;
                case BLOCKED -> 6;
                case MISSING -> 5;
                case CANNOT_TELL -> 4;
                case ABORTED -> 3;
                case SKIPPED -> 2;
                case PASSED -> 1;
                case NOT_RUN -> 0;
            };
        }
    }

    public CriterionOutcome {
        message = message == null ? "" : message;
    }

    public static CriterionOutcome notRun(CriterionSpec spec) {
        return new CriterionOutcome(spec, Status.NOT_RUN, "no check of this criterion ran");
    }

    /** Two checks of one criterion: the worse status wins; failure messages are kept together. */
    CriterionOutcome merge(CriterionOutcome other) {
        if (status == other.status && status.notPassed() && !message.equals(other.message)) {
            return new CriterionOutcome(spec, Status.FAILED, message + "\n" + other.message);
        }
        return other.status.severity() > status.severity() ? other : this;
    }

    /** Every finding of a failure, in full (headline and hint left out: the checklist prints them itself). */
    public String findings() {
        return findings(Integer.MAX_VALUE);
    }

    /** The hint the check gave: the one for this finding when the check gave one, else the catalog's. */
    public String hint() {
        String found = null;
        for (String l : message.lines().toList()) {
            if (l.strip().startsWith("hint: ")) {
                found = l.strip().substring("hint: ".length());
            }
        }
        return found == null || found.isBlank() ? spec.hint() : found;
    }

    /**
     * The findings of a failure without the headline and the hint the checklist prints
     * anyway: the lines between "ID — title" and "hint: ...", at most {@code maxLines}.
     */
    public String findings(int maxLines) {
        java.util.List<String> lines = new java.util.ArrayList<>(message.strip().lines().toList());
        if (!lines.isEmpty() && lines.get(0).strip().equals(spec.headline())) {
            lines.remove(0);
        }
        int hint = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith("hint: ")) {
                hint = i;
                break;
            }
        }
        if (hint >= 0) {
            lines = lines.subList(0, hint);
        }
        java.util.List<String> kept = lines.stream().map(String::stripTrailing).filter(l -> !l.isBlank()).toList();
        String indent = commonIndent(kept);
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < kept.size() && i < maxLines; i++) {
            out.add(kept.get(i).substring(indent.length()));
        }
        if (kept.size() > maxLines) {
            out.add("… " + (kept.size() - maxLines) + " more line(s): see the test report");
        }
        return String.join("\n", out);
    }

    private static String commonIndent(java.util.List<String> lines) {
        int n = Integer.MAX_VALUE;
        for (String l : lines) {
            int i = 0;
            while (i < l.length() && l.charAt(i) == ' ') {
                i++;
            }
            n = Math.min(n, i);
        }
        return lines.isEmpty() ? "" : " ".repeat(n);
    }
}
