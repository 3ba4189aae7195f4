package dev.fullchain.model.observability.promql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grafana's template variables replaced before a panel's query is parsed, as
 * grafana/dashboard-linter does: the interval variables by durations no one writes by hand
 * (so a range that was {@code $__rate_interval} can be told from a fixed one), any other
 * variable ($var, ${var}, ${var:format}, [[var]]) by a word that fits where it stands.
 */
public final class GrafanaVariables {

    /** What $__rate_interval becomes: dashboard-linter's own marker. */
    public static final String RATE_INTERVAL = "8869990787ms";
    public static final String INTERVAL = "4000000000ms";
    public static final String RANGE = "6000000000ms";

    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\{(\\w+)(?::[^}]*)?}|\\[\\[(\\w+)(?::[^\\]]*)?]]|\\$(\\w+)");

    private GrafanaVariables() {
    }

    public static String substitute(String expr) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            m.appendReplacement(out, Matcher.quoteReplacement(value(name)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String value(String name) {
        return switch (name) {
            case "__rate_interval", "__rate_interval_ms" -> RATE_INTERVAL;
            case "__interval", "__interval_ms" -> INTERVAL;
            case "__range", "__range_s", "__range_ms" -> RANGE;
            default -> name; // an identifier inside a selector, a word inside a string: parses as the value would
        };
    }

    /** Whether a range was $__rate_interval before substitution. */
    public static boolean isRateInterval(Expr.Duration d) {
        return d.text().equals(RATE_INTERVAL);
    }
}
