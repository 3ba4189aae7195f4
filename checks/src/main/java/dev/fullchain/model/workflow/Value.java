package dev.fullchain.model.workflow;

import dev.fullchain.target.Location;
import java.util.List;

/**
 * A scalar of a workflow file as written (after input substitution in followed calls), where it
 * is, and its ${{ }} expressions. {@code firstTextLine} is the file line of the text's first line
 * (the line below the key for a block scalar such as run: |), so a line inside a script can be named.
 */
public record Value(String text, Location location, List<Expression> expressions, int firstTextLine) {

    public Value(String text, Location location, List<Expression> expressions) {
        this(text, location, expressions, location.line());
    }

    /** Where a fragment of the text is: the file line holding it, else the value's own line. */
    public Location locationOf(String fragment) {
        String head = fragment.strip();
        int cut = head.indexOf('\n');
        head = cut < 0 ? head : head.substring(0, cut);
        // A logical line may join continuation lines: the longest prefix found on one line will do.
        int at = -1;
        for (int len = Math.min(head.length(), 40); len >= Math.min(head.length(), 6) && len > 0 && at < 0; len--) {
            at = text.indexOf(head.substring(0, len));
        }
        if (at < 0) {
            return location;
        }
        int newlines = (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
        return new Location(location.path(), firstTextLine + newlines);
    }

    public int line() {
        return location.line();
    }

    public boolean hasExpressions() {
        return !expressions.isEmpty();
    }

    /** The first line of the text, for messages. */
    public String firstLine() {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl) + " ...";
    }

    @Override
    public String toString() {
        return text;
    }
}
