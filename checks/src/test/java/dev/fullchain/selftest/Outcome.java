package dev.fullchain.selftest;

import java.util.Locale;

/** How one criterion ended in a nested harness run. */
public record Outcome(String criterion, Status status, String message) {

    public enum Status {
        PASSED, FAILED, MISSING, BLOCKED, CANNOT_TELL, FAULT, SKIPPED;

        /** A mutant's `outcome:` word: failed, missing, blocked, cannot tell. */
        static Status parse(String mutant, String word) {
            try {
                Status s = valueOf(word.strip().replace(' ', '_').toUpperCase(Locale.ROOT));
                if (s == PASSED || s == SKIPPED || s == FAULT) {
                    throw new IllegalArgumentException();
                }
                return s;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(mutant + ": outcome: " + word + " is not one of failed, missing, blocked, cannot tell");
            }
        }
    }

    /** The check found something wrong. */
    public boolean failed() {
        return status == Status.FAILED;
    }

    /** Ran and did not pass, for whatever reason (failed, missing, blocked, cannot tell, harness fault). */
    public boolean notPassed() {
        return status != Status.PASSED && status != Status.SKIPPED;
    }

    @Override
    public String toString() {
        String first = message == null ? "" : message.lines().limit(6).reduce((a, b) -> a + "\n      " + b).orElse("");
        return criterion + " " + status + (first.isEmpty() ? "" : ": " + first);
    }
}
