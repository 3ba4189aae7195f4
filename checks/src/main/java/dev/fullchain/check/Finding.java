package dev.fullchain.check;

import dev.fullchain.target.Location;

/** One thing wrong: where, what was found there, what was expected instead. */
public record Finding(Location where, String found, String expected) {

    String render() {
        StringBuilder b = new StringBuilder("  ✗ ").append(where);
        b.append("\n      found:    ").append(indent(found));
        b.append("\n      expected: ").append(indent(expected));
        return b.toString();
    }

    private static String indent(String s) {
        return s == null ? "" : s.replace("\n", "\n                ");
    }
}
