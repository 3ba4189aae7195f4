package dev.fullchain.model.git;

import java.util.regex.Pattern;

/** Glob to regex for ignore files: '*' and '?' stay within one path segment, '**' crosses segments. */
public final class Glob {

    private Glob() {
    }

    /**
     * Translates a slash-separated glob into a regex over slash-separated paths. A leading
     * "**&#47;" matches any number of leading folders (including none), a trailing "/**"
     * anything inside, "/**&#47;" any number of folders in between.
     */
    public static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = glob.length();
        while (i < n) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < n && glob.charAt(i + 1) == '*') {
                boolean atStart = i == 0 || glob.charAt(i - 1) == '/';
                int after = i + 2;
                if (atStart && after < n && glob.charAt(after) == '/') {
                    re.append("(?:.*/)?");
                    i = after + 1;
                    continue;
                }
                if (atStart && after == n) {
                    re.append(".*");
                    i = after;
                    continue;
                }
                re.append("[^/]*");
                i = after;
            } else if (c == '*') {
                re.append("[^/]*");
                i++;
            } else if (c == '?') {
                re.append("[^/]");
                i++;
            } else if (c == '[') {
                int next = bracket(glob, i, re);
                if (next < 0) {
                    re.append("\\[");
                    i++;
                } else {
                    i = next;
                }
            } else if (c == '\\' && i + 1 < n) {
                re.append(Pattern.quote(String.valueOf(glob.charAt(i + 1))));
                i += 2;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return Pattern.compile(re.toString());
    }

    private static final java.util.Map<String, String> POSIX_CLASSES = java.util.Map.ofEntries(
            java.util.Map.entry("alnum", "\\p{Alnum}"), java.util.Map.entry("alpha", "\\p{Alpha}"),
            java.util.Map.entry("blank", "\\p{Blank}"), java.util.Map.entry("cntrl", "\\p{Cntrl}"),
            java.util.Map.entry("digit", "\\p{Digit}"), java.util.Map.entry("graph", "\\p{Graph}"),
            java.util.Map.entry("lower", "\\p{Lower}"), java.util.Map.entry("print", "\\p{Print}"),
            java.util.Map.entry("punct", "\\p{Punct}"), java.util.Map.entry("space", "\\s"),
            java.util.Map.entry("upper", "\\p{Upper}"), java.util.Map.entry("xdigit", "\\p{XDigit}"));

    /**
     * A bracket expression as git's wildmatch reads it: '!' or '^' negates, a ']' right after
     * the opening is a member, "[:alpha:]" style classes, '\' escapes, ranges with '-'; it
     * never matches '/'. Appends the regex class and returns the index after the closing ']',
     * or -1 when the bracket is not closed (then '[' is literal).
     */
    private static int bracket(String glob, int open, StringBuilder re) {
        int n = glob.length();
        int j = open + 1;
        boolean negated = j < n && (glob.charAt(j) == '!' || glob.charAt(j) == '^');
        if (negated) {
            j++;
        }
        StringBuilder body = new StringBuilder();
        boolean first = true;
        while (j < n) {
            char c = glob.charAt(j);
            if (c == ']' && !first) {
                re.append('[').append(negated ? "^" : "").append(body).append("&&[^/]]");
                return j + 1;
            }
            first = false;
            if (c == '[' && j + 1 < n && glob.charAt(j + 1) == ':') {
                int close = glob.indexOf(":]", j + 2);
                if (close < 0) {
                    return -1;
                }
                String cls = POSIX_CLASSES.get(glob.substring(j + 2, close));
                if (cls == null) {
                    return -1;
                }
                body.append(cls);
                j = close + 2;
                continue;
            }
            if (c == '\\' && j + 1 < n) {
                j++;
                c = glob.charAt(j);
            } else if (c == '-' && body.length() > 0 && j + 1 < n && glob.charAt(j + 1) != ']') {
                body.append('-');
                j++;
                continue;
            }
            body.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
            j++;
        }
        return -1;
    }
}
