package dev.fullchain.model.helm;

/**
 * {@code helm template} renders {@code lookup} as an empty map and never calls a cluster.
 * helm-java's template runs Helm's install in a dry-run mode that does call one for lookup
 * (the kubeconfig's server, or localhost:8080), so the templates Helm renders here get each
 * {@code lookup} call replaced by {@code omit (dict)}: the same empty map, for the same four
 * string arguments, with no cluster. Only the function name inside template actions is
 * replaced; strings, comments, fields ({@code .lookup}) and variables ({@code $lookup}) are
 * left alone, and no line moves, so Helm's messages keep their lines.
 */
public final class EmptyLookup {

    static final String FUNCTION = "lookup";
    private static final String EMPTY_MAP = "omit (dict)";

    private EmptyLookup() {
    }

    /** Whether a template calls lookup (a cheap first test; {@link #rewrite} is exact). */
    static boolean mayCall(String template) {
        return template.contains(FUNCTION);
    }

    public static String rewrite(String template) {
        StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("{{", i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, open);
            int close = actionEnd(template, open + 2);
            out.append(rewriteAction(template.substring(open, close)));
            i = close;
        }
        return out.toString();
    }

    /** The index just after the action's closing braces (or the end of the text), skipping strings and comments. */
    private static int actionEnd(String s, int from) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '`' || c == '\'') {
                i = quoteEnd(s, i);
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
            } else if (s.startsWith("}}", i)) {
                return i + 2;
            } else {
                i++;
            }
        }
        return s.length();
    }

    private static int quoteEnd(String s, int open) {
        char q = s.charAt(open);
        int i = open + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && q != '`') {
                i += 2;
            } else if (c == q) {
                return i + 1;
            } else {
                i++;
            }
        }
        return s.length();
    }

    private static String rewriteAction(String action) {
        StringBuilder out = new StringBuilder(action.length());
        int i = 0;
        while (i < action.length()) {
            char c = action.charAt(i);
            if (c == '"' || c == '`' || c == '\'') {
                int end = quoteEnd(action, i);
                out.append(action, i, end);
                i = end;
            } else if (action.startsWith("/*", i)) {
                int end = action.indexOf("*/", i + 2);
                end = end < 0 ? action.length() : end + 2;
                out.append(action, i, end);
                i = end;
            } else if (action.startsWith(FUNCTION, i) && isCall(action, i)) {
                out.append(EMPTY_MAP);
                i += FUNCTION.length();
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isCall(String action, int at) {
        char before = at == 0 ? ' ' : action.charAt(at - 1);
        int after = at + FUNCTION.length();
        char next = after < action.length() ? action.charAt(after) : ' ';
        return !isIdentifier(before) && before != '.' && before != '$' && !isIdentifier(next);
    }

    private static boolean isIdentifier(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
