package dev.fullchain.model.workflow;

import dev.fullchain.target.Location;
import java.util.List;

/** A scalar of a workflow file as written (after input substitution in followed calls), where it is, and its ${{ }} expressions. */
public record Value(String text, Location location, List<Expression> expressions) {

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
