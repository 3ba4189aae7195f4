package dev.fullchain.model.workflow;

import dev.fullchain.target.Location;
import java.util.ArrayList;
import java.util.List;

/** One {@code ${{ body }}} occurrence: its body, its raw text and the line it is on. */
public record Expression(String body, String raw, Location location) {

    /**
     * Context references such as github.event.issue.title or github.event.commits[0].message
     * (an index written as .*), string literals left out. A plain scan, linear in the body: the
     * regex this replaces recursed once per segment and ran out of stack on a long a.b.c... chain.
     */
    public List<String> references() {
        String s = Expressions.blankStrings(body);
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            if (!isStart(s.charAt(i)) || (i > 0 && isBefore(s.charAt(i - 1)))) {
                i++;
                continue;
            }
            int end = word(s, i + 1);
            StringBuilder ref = new StringBuilder(s.substring(i, end));
            int segments = 0;
            while (true) {
                int j = spaces(s, end);
                if (j < s.length() && s.charAt(j) == '.') {
                    int k = spaces(s, j + 1);
                    if (k >= s.length() || !(isStart(s.charAt(k)) || s.charAt(k) == '*')) {
                        break;
                    }
                    int e = word(s, k + 1);
                    ref.append('.').append(s, k, e);
                    end = e;
                } else if (j < s.length() && s.charAt(j) == '[') {
                    int close = s.indexOf(']', j);
                    if (close < 0) {
                        break;
                    }
                    ref.append(".*");
                    end = close + 1;
                } else {
                    break;
                }
                segments++;
            }
            if (segments > 0) {
                out.add(ref.toString());
            }
            i = end;
        }
        return out;
    }

    private static boolean isStart(char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isWord(char c) {
        return isStart(c) || (c >= '0' && c <= '9') || c == '-';
    }

    /** What may not stand right before a reference (it would be part of something else). */
    private static boolean isBefore(char c) {
        return isWord(c) || c == '.' || c == '\'' || c == '"';
    }

    private static int word(String s, int from) {
        int i = from;
        while (i < s.length() && isWord(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int spaces(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
