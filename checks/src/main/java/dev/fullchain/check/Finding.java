package dev.fullchain.check;

import dev.fullchain.target.Location;

/**
 * One thing that kept a criterion from passing: where, what was found there, what was
 * expected instead, and of which kind ({@link Verdict#FAILED}: wrong; BLOCKED: the file could
 * not be read; CANNOT_TELL: a value fullchain cannot compute).
 */
public record Finding(Location where, String found, String expected, Verdict kind) {

    public Finding(Location where, String found, String expected) {
        this(where, found, expected, Verdict.FAILED);
    }

    String render() {
        return switch (kind) {
            case BLOCKED -> "  ⛔ blocked by " + where + ": " + indent(found)
                    + (expected == null || expected.isBlank() ? "" : "\n      expected: " + indent(expected));
            case CANNOT_TELL -> "  ? " + where + ": cannot tell " + indent(found)
                    + (expected == null || expected.isBlank() ? "" : "\n      to tell:  " + indent(expected));
            default -> "  ✗ " + where + "\n      found:    " + indent(found) + "\n      expected: " + indent(expected);
        };
    }

    private static String indent(String s) {
        return s == null ? "" : s.replace("\n", "\n                ");
    }
}
