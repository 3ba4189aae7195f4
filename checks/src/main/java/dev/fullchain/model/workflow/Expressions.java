package dev.fullchain.model.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the {@code ${{ ... }}} expressions of a text. */
public final class Expressions {

    static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{(.*?)}}", Pattern.DOTALL);

    private Expressions() {
    }

    /** An occurrence in a text: body (trimmed), raw text and offset. */
    public record Occurrence(String body, String raw, int offset) {
    }

    public static List<Occurrence> find(String text) {
        List<Occurrence> out = new ArrayList<>();
        Matcher m = EXPRESSION.matcher(text);
        while (m.find()) {
            out.add(new Occurrence(m.group(1).strip(), m.group(), m.start()));
        }
        return out;
    }

    /** The expression an if: holds, with or without its ${{ }} wrapper. */
    public static String conditionBody(String condition) {
        String t = condition.strip();
        Matcher m = EXPRESSION.matcher(t);
        if (m.matches()) {
            return m.group(1).strip();
        }
        return t;
    }
}
