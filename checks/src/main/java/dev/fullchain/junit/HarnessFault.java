package dev.fullchain.junit;

import java.util.Optional;

/**
 * The last resort: a check threw something it did not expect. That is fullchain's fault, not
 * the learner's, so the message says so, names the file being read when it happened and asks
 * for a report; it never tells the learner to fix working code and never carries a trace.
 */
final class HarnessFault {

    private HarnessFault() {
    }

    static String describe(Throwable t, Optional<String> reading) {
        String what = t instanceof StackOverflowError ? "the check ran out of stack (input nested too deeply)"
                : t instanceof OutOfMemoryError ? "the check ran out of memory"
                : t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + dev.fullchain.check.Text.firstLine(t.getMessage()));
        return "harness fault: fullchain could not finish this check (" + what + ")"
                + reading.map(f -> ", while reading " + f).orElse("")
                + ".\n  This is a fault of fullchain, not a verdict on your repository: please report it with this message.";
    }
}
