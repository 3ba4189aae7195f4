package dev.fullchain.report;

/**
 * The seed's A/B/C self-assessment per capability, measured instead of guessed. The rule
 * lives here only: the checklist footer prints {@link #RULE}.
 */
public enum Grade {
    A("A", "you can do it on your own"),
    B("B", "mostly there, with help"),
    C("C", "not yet"),
    NONE("—", "nothing measured");

    /** The rule in words, printed under every checklist. Keep it in step with {@link #of(Tally)}. */
    public static final String RULE =
            "A: every criterion of the capability that ran passed, and at most a fifth of its selected criteria"
            + " were skipped or not run. B: at least two thirds of those that ran passed. C: fewer than two thirds"
            + " passed. —: none of its criteria ran (all skipped, not run or not selected)."
            + " Missing, blocked, cannot-tell, skipped and not-run criteria never count as passed.";

    private final String symbol;
    private final String meaning;

    Grade(String symbol, String meaning) {
        this.symbol = symbol;
        this.meaning = meaning;
    }

    public String symbol() {
        return symbol;
    }

    public String meaning() {
        return meaning;
    }

    public static Grade of(Tally t) {
        if (t.ran() == 0) {
            return NONE;
        }
        // Integer arithmetic: "at most a fifth" and "at least two thirds" without rounding surprises.
        if (t.notPassed() == 0 && t.unverified() * 5 <= t.total()) {
            return A;
        }
        if (t.passed() * 3 >= t.ran() * 2) {
            return B;
        }
        return C;
    }
}
