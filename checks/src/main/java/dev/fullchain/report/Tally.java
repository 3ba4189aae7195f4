package dev.fullchain.report;

/**
 * How many criteria of a group (a day, a capability, a run) passed, failed, were skipped
 * (or aborted) and were selected but had no check that ran.
 */
public record Tally(int passed, int failed, int skipped, int notRun) {

    public static final Tally ZERO = new Tally(0, 0, 0, 0);

    public static Tally of(CriterionOutcome.Status status) {
        return switch (status) {
            case PASSED -> new Tally(1, 0, 0, 0);
            case FAILED -> new Tally(0, 1, 0, 0);
            case SKIPPED, ABORTED -> new Tally(0, 0, 1, 0);
            case NOT_RUN -> new Tally(0, 0, 0, 1);
        };
    }

    public Tally plus(Tally other) {
        return new Tally(passed + other.passed, failed + other.failed, skipped + other.skipped, notRun + other.notRun);
    }

    /** Criteria whose check ran to a verdict. */
    public int ran() {
        return passed + failed;
    }

    /** Criteria selected but not verified: skipped, aborted or with no check. */
    public int unverified() {
        return skipped + notRun;
    }

    public int total() {
        return ran() + unverified();
    }

    /** "9 passed, 1 failed, 8 skipped, 0 not run" */
    public String describe() {
        return passed + " passed, " + failed + " failed, " + skipped + " skipped, " + notRun + " not run";
    }
}
