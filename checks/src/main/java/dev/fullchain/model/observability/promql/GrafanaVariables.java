package dev.fullchain.model.observability.promql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grafana's template variables replaced before a panel's query is parsed, as
 * grafana/dashboard-linter does: the interval variables by durations no one writes by hand
 * (so a range that was {@code $__rate_interval} can be told from a fixed one), any other
 * variable ($var, ${var}, ${var:format}, [[var]]) by a word that fits where it stands: a
 * duration inside a range's brackets, its own name elsewhere (a label value, a label, a name).
 */
public final class GrafanaVariables {

    /** What $__rate_interval becomes: dashboard-linter's own marker. */
    public static final String RATE_INTERVAL = "8869990787ms";
    public static final String INTERVAL = "4000000000ms";
    public static final String RANGE = "6000000000ms";
    /** What a dashboard's own variable becomes inside a range's brackets. */
    public static final String VARIABLE_RANGE = "7777777777ms";

    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\{(\\w+)(?::[^}]*)?}|\\[\\[(\\w+)(?::[^\\]]*)?]]|\\$(\\w+)");

    private GrafanaVariables() {
    }

    public static String substitute(String expr) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            m.appendReplacement(out, Matcher.quoteReplacement(value(name, inRange(expr, m.start()))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Whether the query uses one of the dashboard's own variables outside a string: its value decides what the query is. */
    public static boolean dependsOnVariables(String expr) {
        Matcher m = VARIABLE.matcher(expr);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            if (!name.startsWith("__") && !inString(expr, m.start())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the metric name is written in the query itself, not made by a variable's value. */
    public static boolean writtenIn(String expr, String metric) {
        return Pattern.compile("(?<![\\w$:{\\[])" + Pattern.quote(metric) + "(?![\\w:])").matcher(expr).find();
    }

    private static String value(String name, boolean inRange) {
        return switch (name) {
            case "__rate_interval", "__rate_interval_ms" -> RATE_INTERVAL;
            case "__interval", "__interval_ms" -> INTERVAL;
            case "__range", "__range_s", "__range_ms" -> RANGE;
            default -> inRange ? VARIABLE_RANGE : name;
        };
    }

    /** Inside [ ... ] (a range or a subquery), outside any string. */
    private static boolean inRange(String expr, int at) {
        int[] state = scan(expr, at);
        return state[0] > 0 && state[1] == 0;
    }

    private static boolean inString(String expr, int at) {
        return scan(expr, at)[1] != 0;
    }

    /** Reads the expression up to {@code at}: the depth of [ ... ] open there, and the quote open there (0: none). */
    private static int[] scan(String expr, int at) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < at; i++) {
            char c = expr.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '[' && !(i + 1 < expr.length() && expr.charAt(i + 1) == '[')) {
                depth++;
            } else if (c == ']' && depth > 0) {
                depth--;
            }
        }
        return new int[] {depth, quote};
    }

    /** Whether a range was $__rate_interval before substitution. */
    public static boolean isRateInterval(Expr.Duration d) {
        return d.text().equals(RATE_INTERVAL);
    }
}
