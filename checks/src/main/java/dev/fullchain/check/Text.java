package dev.fullchain.check;

/** Small text helpers for findings and skip reasons. */
public final class Text {

    private Text() {
    }

    /** The first non-blank line, stripped: tool output and exception messages become one line of a message. */
    public static String firstLine(String s) {
        return s == null ? "" : s.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
}
