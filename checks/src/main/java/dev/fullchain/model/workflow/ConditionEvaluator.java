package dev.fullchain.model.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Evaluates a GitHub Actions expression (an {@code if:}) in a {@link Scenario}, in three-valued
 * logic: what depends on github.ref, github.event_name and friends is decided; vars, inputs,
 * secrets, outputs and the like are UNKNOWN. Comparisons ignore case, as GitHub's do. Text that
 * does not parse is UNKNOWN, never an exception. Bounded like the HCL evaluator: at most
 * {@value #MAX_NESTING} levels of parentheses, function calls and ! (the parser recurses once
 * per level), and {@value #MAX_STEPS} steps of the parser, so a hostile if: ends fast;
 * {@link #beyondBounds} says which bound a condition passes, for a finding at parse time.
 */
public final class ConditionEvaluator {

    public static final int MAX_NESTING = 128;
    public static final int MAX_STEPS = 250_000;

    /** A bound passed: never a verdict, the caller says so (or reads UNKNOWN). */
    private static final class Beyond extends RuntimeException {
        Beyond(String problem) {
            super(problem, null, false, false);
        }
    }

    /** Marks a value that cannot be known from the files. */
    private static final Object UNKNOWN = new Object() {
        @Override
        public String toString() {
            return "<unknown>";
        }
    };

    private final String text;
    private final Scenario scenario;
    private final Truth needsSucceeded;
    private int pos;
    private int depth;
    private int steps;

    private ConditionEvaluator(String text, Scenario scenario, Truth needsSucceeded) {
        this.text = text;
        this.scenario = scenario;
        this.needsSucceeded = needsSucceeded;
    }

    /**
     * The truth of {@code condition} (with or without ${{ }}) in the scenario. {@code needsSucceeded}
     * is what success() means there: whether the job's needs ran and passed.
     */
    public static Truth evaluate(String condition, Scenario scenario, Truth needsSucceeded) {
        ConditionEvaluator e = new ConditionEvaluator(Expressions.conditionBody(condition), scenario, needsSucceeded);
        try {
            Object v = e.or();
            e.skipSpaces();
            if (e.pos < e.text.length()) {
                return Truth.UNKNOWN;
            }
            return truth(v);
        } catch (RuntimeException malformed) { // Beyond included: past a bound nothing is decided
            return Truth.UNKNOWN;
        }
    }

    /**
     * The bound a condition passes ("nests deeper than 128 levels ..."), or empty when it stays
     * within them (malformed text included: that reads UNKNOWN, not a bound). The parser's path
     * does not depend on the scenario, so one parse tells.
     */
    public static Optional<String> beyondBounds(String condition) {
        ConditionEvaluator e = new ConditionEvaluator(Expressions.conditionBody(condition), Scenario.PUSH_MAIN, Truth.UNKNOWN);
        try {
            e.or();
        } catch (Beyond b) {
            return Optional.of(b.getMessage());
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether a condition uses a status function, which replaces the implicit success(). */
    public static boolean hasStatusFunction(String condition) {
        String b = Expressions.blankStrings(Expressions.conditionBody(condition)).toLowerCase(Locale.ROOT);
        return b.matches("(?s).*\\b(always|success|failure|cancelled)\\s*\\(.*");
    }

    // ------------------------------------------------------------------ grammar: or > and > not > comparison > primary

    private Object or() {
        enter();
        Object left = and();
        while (eat("||")) {
            Object right = and();
            left = value(truth(left).or(truth(right)));
        }
        depth--;
        return left;
    }

    /** One level deeper (a parenthesis, a function argument, a !): refused past the bound, before the stack runs out. */
    private void enter() {
        if (++depth > MAX_NESTING) {
            throw new Beyond("nests deeper than " + MAX_NESTING + " levels (parentheses, function calls and ! counted)");
        }
    }

    private Object and() {
        Object left = not();
        while (eat("&&")) {
            Object right = not();
            left = value(truth(left).and(truth(right)));
        }
        return left;
    }

    private Object not() {
        if (peek("!") && !peek("!=")) {
            pos++;
            enter();
            Object v = value(truth(not()).not());
            depth--;
            return v;
        }
        return comparison();
    }

    private Object comparison() {
        Object left = primary();
        for (String op : List.of("==", "!=", "<=", ">=", "<", ">")) {
            if (eat(op)) {
                Object right = primary();
                if (left == UNKNOWN || right == UNKNOWN) {
                    return UNKNOWN;
                }
                return switch (op) {
                    case "==" -> looselyEqual(left, right);
                    case "!=" -> !looselyEqual(left, right);
                    default -> compare(op, number(left), number(right));
                };
            }
        }
        return left;
    }

    private Object primary() {
        skipSpaces();
        if (eat("(")) {
            Object v = or();
            expect(")");
            return v;
        }
        char c = text.charAt(pos);
        if (c == '\'') {
            return string();
        }
        if (Character.isDigit(c) || c == '-' || c == '.') {
            int start = pos;
            while (pos < text.length() && "0123456789.-+eExXabcdefABCDEF".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            return Double.valueOf(text.substring(start, pos));
        }
        String name = identifier();
        skipSpaces();
        if (peek("(")) {
            pos++;
            List<Object> args = new ArrayList<>();
            skipSpaces();
            if (!eat(")")) {
                do {
                    args.add(or());
                } while (eat(","));
                expect(")");
            }
            return call(name.toLowerCase(Locale.ROOT), args);
        }
        return switch (name) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            default -> context(name + path());
        };
    }

    /** .a.b[*] or ['x'] after a context name; indexes make the value unknown. */
    private String path() {
        StringBuilder b = new StringBuilder();
        while (pos < text.length()) {
            skipSpaces();
            if (peek(".")) {
                pos++;
                skipSpaces();
                if (peek("*")) {
                    pos++;
                    b.append(".*");
                } else {
                    b.append('.').append(identifier());
                }
            } else if (peek("[")) {
                int close = text.indexOf(']', pos);
                String index = text.substring(pos + 1, close).strip();
                pos = close + 1;
                b.append(index.startsWith("'") ? "." + index.replace("'", "") : ".*");
            } else {
                break;
            }
        }
        return b.toString();
    }

    private Object context(String ref) {
        String r = ref.toLowerCase(Locale.ROOT);
        return switch (r) {
            case "github.ref" -> scenario.ref();
            case "github.ref_name" -> scenario.refName();
            case "github.ref_type" -> scenario.isTag() ? "tag" : "branch";
            case "github.event_name" -> scenario.event();
            case "github.head_ref" -> scenario.headRef();
            case "github.base_ref" -> scenario.baseRef();
            case "github.event.repository.default_branch" -> Scenario.DEFAULT_BRANCH;
            default -> UNKNOWN;
        };
    }

    private Object call(String function, List<Object> args) {
        switch (function) {
            case "success":
                return value(needsSucceeded);
            case "always":
                return Boolean.TRUE;
            case "cancelled":
                return Boolean.FALSE;
            case "failure":
                return needsSucceeded == Truth.TRUE ? Boolean.FALSE : UNKNOWN;
            default:
                break;
        }
        if (args.contains(UNKNOWN)) {
            return UNKNOWN;
        }
        return switch (function) {
            case "startswith" -> text(args.get(0)).toLowerCase(Locale.ROOT).startsWith(text(args.get(1)).toLowerCase(Locale.ROOT));
            case "endswith" -> text(args.get(0)).toLowerCase(Locale.ROOT).endsWith(text(args.get(1)).toLowerCase(Locale.ROOT));
            case "contains" -> text(args.get(0)).toLowerCase(Locale.ROOT).contains(text(args.get(1)).toLowerCase(Locale.ROOT));
            case "format" -> format(args);
            default -> UNKNOWN;
        };
    }

    private static String format(List<Object> args) {
        String f = text(args.get(0));
        for (int i = 1; i < args.size(); i++) {
            f = f.replace("{" + (i - 1) + "}", text(args.get(i)));
        }
        return f.replace("{{", "{").replace("}}", "}");
    }

    // ------------------------------------------------------------------ values

    private static Object value(Truth t) {
        return t == Truth.UNKNOWN ? UNKNOWN : Boolean.valueOf(t == Truth.TRUE);
    }

    private static Truth truth(Object v) {
        if (v == UNKNOWN) {
            return Truth.UNKNOWN;
        }
        if (v == null) {
            return Truth.FALSE;
        }
        if (v instanceof Boolean b) {
            return Truth.of(b);
        }
        if (v instanceof Double d) {
            return Truth.of(d != 0 && !d.isNaN());
        }
        return Truth.of(!v.toString().isEmpty());
    }

    private static boolean looselyEqual(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return x.equalsIgnoreCase(y);
        }
        if (a == null || b == null) {
            return a == b;
        }
        return number(a) == number(b);
    }

    private static double number(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v == null) {
            return 0;
        }
        try {
            return v.toString().isBlank() ? 0 : Double.parseDouble(v.toString().strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static boolean compare(String op, double a, double b) {
        return switch (op) {
            case "<" -> a < b;
            case ">" -> a > b;
            case "<=" -> a <= b;
            default -> a >= b;
        };
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) ? Long.toString(d.longValue()) : d.toString();
        }
        return v.toString();
    }

    // ------------------------------------------------------------------ lexing

    private String string() {
        StringBuilder b = new StringBuilder();
        pos++;
        while (true) {
            char c = text.charAt(pos++);
            if (c == '\'') {
                if (pos < text.length() && text.charAt(pos) == '\'') {
                    b.append('\'');
                    pos++;
                    continue;
                }
                return b.toString();
            }
            b.append(c);
        }
    }

    private String identifier() {
        skipSpaces();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_' || text.charAt(pos) == '-')) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalStateException("identifier expected at " + pos);
        }
        return text.substring(start, pos);
    }

    private void skipSpaces() {
        // Every step of the parser skips spaces first: counting here bounds the whole parse.
        if (++steps > MAX_STEPS) {
            throw new Beyond("takes more than " + MAX_STEPS + " steps to read");
        }
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean peek(String s) {
        skipSpaces();
        return text.startsWith(s, pos);
    }

    private boolean eat(String s) {
        if (peek(s)) {
            pos += s.length();
            return true;
        }
        return false;
    }

    private void expect(String s) {
        if (!eat(s)) {
            throw new IllegalStateException("'" + s + "' expected at " + pos);
        }
    }
}
