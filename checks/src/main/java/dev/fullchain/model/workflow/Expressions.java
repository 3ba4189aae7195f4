package dev.fullchain.model.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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

    /**
     * Each ${{ ... }} of the text, up to the first }} after it. A plain scan, linear: the lazy
     * regex it replaces read to the end of the text from every unclosed ${{, so a long run of
     * them took quadratic time.
     */
    public static List<Occurrence> find(String text) {
        List<Occurrence> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int open = text.indexOf("${{", from);
            if (open < 0) {
                break;
            }
            int close = text.indexOf("}}", open + 3);
            if (close < 0) {
                break; // no }} further on: none of the ${{ left closes
            }
            out.add(new Occurrence(text.substring(open + 3, close).strip(), text.substring(open, close + 2), open));
            from = close + 2;
        }
        return out;
    }

    /** The text with each ${{ ... }} (as {@link #find} reads them) replaced by what {@code with} gives for it. */
    public static String replace(String text, Function<Occurrence, String> with) {
        StringBuilder b = new StringBuilder(text.length());
        int at = 0;
        for (Occurrence o : find(text)) {
            b.append(text, at, o.offset()).append(with.apply(o));
            at = o.offset() + o.raw().length();
        }
        return b.append(text, at, text.length()).toString();
    }

    /**
     * The text with each string literal ('...', '' inside for a quote) written as '', so a
     * literal is not read as code. A plain scan: a regex with an alternation under * recurses
     * once per character in Java, and a long literal would run it out of stack.
     */
    static String blankStrings(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '\'') {
                b.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            while (j < s.length()) {
                if (s.charAt(j) == '\'' && j + 1 < s.length() && s.charAt(j + 1) == '\'') {
                    j += 2;
                } else if (s.charAt(j) == '\'') {
                    break;
                } else {
                    j++;
                }
            }
            if (j >= s.length()) { // unclosed: left as it is, like the regex did
                b.append(s, i, s.length());
                break;
            }
            b.append("''");
            i = j + 1;
        }
        return b.toString();
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
