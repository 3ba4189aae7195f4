package dev.fullchain.model.workflow;

import java.util.List;
import java.util.regex.Pattern;

/**
 * GitHub's filter patterns for branches, tags and paths: * matches anything but /, ** anything,
 * ? and + repeat the character before, [..] a class, a leading ! negates. In a list the last
 * matching pattern decides.
 */
public final class FilterPattern {

    private FilterPattern() {
    }

    /** Whether the list admits the name: the last matching pattern is a positive one. */
    public static boolean admits(List<Value> patterns, String name) {
        boolean admitted = false;
        for (Value p : patterns) {
            String text = p.text().strip();
            boolean negated = text.startsWith("!");
            if (matches(negated ? text.substring(1) : text, name)) {
                admitted = !negated;
            }
        }
        return admitted;
    }

    public static boolean matches(String pattern, String name) {
        return toRegex(pattern).matcher(name).matches();
    }

    private static Pattern toRegex(String glob) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    b.append(".*");
                    i++;
                } else {
                    b.append("[^/]*");
                }
            } else if (c == '?' || c == '+') {
                b.append(c);
            } else if (c == '[') {
                int close = glob.indexOf(']', i);
                if (close < 0) {
                    b.append("\\[");
                } else {
                    b.append(glob, i, close + 1);
                    i = close;
                }
            } else {
                b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(b.toString());
        } catch (RuntimeException e) {
            return Pattern.compile(Pattern.quote(glob));
        }
    }
}
