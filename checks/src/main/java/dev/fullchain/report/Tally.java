package dev.fullchain.report;

/**
 * How many criteria of a group (a day, a capability, a run) passed, failed, were missing,
 * blocked by an unreadable file, could not be told, hit a harness fault, were skipped (or
 * aborted), and were selected but had no check that ran. Only passed counts as passed.
 */
public record Tally(int passed, int failed, int missing, int blocked, int cannotTell, int faults, int skipped, int notRun) {

    public static final Tally ZERO = new Tally(0, 0, 0, 0, 0, 0, 0, 0);

    public static Tally of(CriterionOutcome.Status status) {
        return switch (status) {
            case PASSED -> new Tally(1, 0, 0, 0, 0, 0, 0, 0);
            case FAILED -> new Tally(0, 1, 0, 0, 0, 0, 0, 0);
            case MISSING -> new Tally(0, 0, 1, 0, 0, 0, 0, 0);
            case BLOCKED -> new Tally(0, 0, 0, 1, 0, 0, 0, 0);
            case CANNOT_TELL -> new Tally(0, 0, 0, 0, 1, 0, 0, 0);
            case FAULT -> new Tally(0, 0, 0, 0, 0, 1, 0, 0);
            case SKIPPED, ABORTED -> new Tally(0, 0, 0, 0, 0, 0, 1, 0);
            case NOT_RUN -> new Tally(0, 0, 0, 0, 0, 0, 0, 1);
        };
    }

    public Tally plus(Tally o) {
        return new Tally(passed + o.passed, failed + o.failed, missing + o.missing, blocked + o.blocked,
                cannotTell + o.cannotTell, faults + o.faults, skipped + o.skipped, notRun + o.notRun);
    }

    /** Criteria whose check ran to a verdict: passed, or not passed for a reason the learner can act on. */
    public int ran() {
        return passed + notPassed();
    }

    /** Ran and did not pass: failed, missing, blocked, cannot tell or harness fault. */
    public int notPassed() {
        return failed + missing + blocked + cannotTell + faults;
    }

    /** Criteria selected but not verified: skipped, aborted or with no check. */
    public int unverified() {
        return skipped + notRun;
    }

    public int total() {
        return ran() + unverified();
    }

    /** Nothing of the day's deliverable is there: every criterion that ran reads missing. */
    public boolean notStarted() {
        return missing > 0 && missing == ran();
    }

    /** "9 passed, 1 failed, 2 missing, 8 skipped, 0 not run": the rarer outcomes only when they occur. */
    public String describe() {
        StringBuilder b = new StringBuilder().append(passed).append(" passed, ").append(failed).append(" failed");
        if (missing > 0) {
            b.append(", ").append(missing).append(" missing");
        }
        if (blocked > 0) {
            b.append(", ").append(blocked).append(" blocked");
        }
        if (cannotTell > 0) {
            b.append(", ").append(cannotTell).append(" cannot tell");
        }
        if (faults > 0) {
            b.append(", ").append(faults).append(faults == 1 ? " harness fault" : " harness faults");
        }
        return b.append(", ").append(skipped).append(" skipped, ").append(notRun).append(" not run").toString();
    }
}
