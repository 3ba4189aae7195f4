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
                int close = glob.indexOf(']', i + 2);
                if (close < 0) {
                    re.append("\\[");
                    i++;
                    continue;
                }
                String body = glob.substring(i + 1, close);
                if (body.startsWith("!") || body.startsWith("^")) {
                    body = "^" + body.substring(1);
                }
                re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                i = close + 1;
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
}
