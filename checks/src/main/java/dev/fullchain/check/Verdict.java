package dev.fullchain.check;

/**
 * Why a check did not pass. Only a passed check counts as passed; the others are told apart
 * because "your file is wrong", "your file is not there", "your file could not be read" and
 * "fullchain cannot compute this" call for different actions by the learner.
 */
public enum Verdict {
    /** What was found is wrong. */
    FAILED("failed"),
    /** The deliverable the criterion judges is not in the repository. */
    MISSING("missing"),
    /** A file the criterion needs could not be read (malformed, too big, outside the repository). */
    BLOCKED("blocked"),
    /** fullchain cannot compute a value the criterion depends on, and never guesses it. */
    CANNOT_TELL("cannot tell"),
    /** The check itself broke: a fault of fullchain, not of the learner's repository. */
    HARNESS_FAULT("harness fault");

    private final String word;

    Verdict(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
