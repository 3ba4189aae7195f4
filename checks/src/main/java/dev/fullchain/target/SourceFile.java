package dev.fullchain.target;

import java.util.List;

/** A text file of the target, read once, with its lines for messages. */
public record SourceFile(String path, String text) {

    public List<String> lines() {
        return text.lines().toList();
    }

    public Location location() {
        return Location.of(path);
    }

    public Location at(int line) {
        return new Location(path, line);
    }

    /** The 1-based line of the first occurrence of needle, or 0. */
    public int lineOf(String needle) {
        int i = text.indexOf(needle);
        if (i < 0) {
            return 0;
        }
        return (int) text.substring(0, i).chars().filter(c -> c == '\n').count() + 1;
    }
}
