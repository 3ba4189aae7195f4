package dev.fullchain.model.observability.promql;

import dev.fullchain.model.observability.promql.Expr.Aggregate;
import dev.fullchain.model.observability.promql.Expr.Binary;
import dev.fullchain.model.observability.promql.Expr.Call;
import dev.fullchain.model.observability.promql.Expr.Duration;
import dev.fullchain.model.observability.promql.Expr.MatrixSelector;
import dev.fullchain.model.observability.promql.Expr.Matcher;
import dev.fullchain.model.observability.promql.Expr.Modified;
import dev.fullchain.model.observability.promql.Expr.NumberLiteral;
import dev.fullchain.model.observability.promql.Expr.Paren;
import dev.fullchain.model.observability.promql.Expr.StringLiteral;
import dev.fullchain.model.observability.promql.Expr.Subquery;
import dev.fullchain.model.observability.promql.Expr.Type;
import dev.fullchain.model.observability.promql.Expr.Unary;
import dev.fullchain.model.observability.promql.Expr.VectorMatching;
import dev.fullchain.model.observability.promql.Expr.VectorSelector;
import dev.fullchain.model.observability.promql.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A recursive-descent PromQL parser with Prometheus's precedence (or < and/unless < comparisons
 * < +,- < *,/,%,atan2 < ^, right-associative), its modifiers and its type checks; nesting is
 * bounded so a hostile expression cannot exhaust the stack.
 */
final class Parser {

    static final Set<String> AGGREGATORS = Set.of("sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk",
            "bottomk", "count_values", "quantile", "limitk", "limit_ratio");
    static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset");
    static final Set<String> SET_OR_ATAN = Set.of("and", "or", "unless", "atan2");
    private static final Set<String> WITH_PARAM = Set.of("topk", "bottomk", "count_values", "quantile", "limitk", "limit_ratio");
    private static final Set<Kind> COMPARISONS = Set.of(Kind.EQL, Kind.NEQ, Kind.LSS, Kind.LTE, Kind.GTR, Kind.GTE);
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(ms|[smhdwy])");
    private static final int POW = 6;

    private final String text;
    private final List<Token> tokens;
    private final int maxDepth;
    private int at;
    private int depth;

    Parser(String text, List<Token> tokens, int maxDepth) {
        this.text = text;
        this.tokens = tokens;
        this.maxDepth = maxDepth;
    }

    Expr parse() {
        if (peek().is(Kind.EOF)) {
            throw error(peek(), "no expression found in input");
        }
        Expr e = expr(0);
        if (!peek().is(Kind.EOF)) {
            throw unexpected(peek(), null);
        }
        return e;
    }

    // ------------------------------------------------------------------ binary operators

    private static int precedence(Token t) {
        if (t.is(Kind.IDENTIFIER)) {
            return switch (t.text()) {
                case "or" -> 1;
                case "and", "unless" -> 2;
                case "atan2" -> 5;
                default -> -1;
            };
        }
        return switch (t.kind()) {
            case EQL, NEQ, LSS, LTE, GTR, GTE -> 3;
            case ADD, SUB -> 4;
            case MUL, DIV, MOD -> 5;
            case POW -> POW;
            default -> -1;
        };
    }

    private Expr expr(int minPrecedence) {
        enter(peek());
        try {
            Expr lhs = unary();
            while (true) {
                Token op = peek();
                int p = precedence(op);
                if (p < 0 || p < minPrecedence) {
                    return lhs;
                }
                next();
                boolean bool = false;
                if (peek().isWord("bool")) {
                    if (!COMPARISONS.contains(op.kind())) {
                        throw error(peek(), "bool modifier can only be used on comparison operators");
                    }
                    next();
                    bool = true;
                }
                Optional<VectorMatching> matching = matching();
                Expr rhs = expr(p == POW ? p : p + 1);
                lhs = binary(op, lhs, rhs, bool, matching);
            }
        } finally {
            depth--;
        }
    }

    private Optional<VectorMatching> matching() {
        if (!peek().isWord("on") && !peek().isWord("ignoring")) {
            if (peek().isWord("group_left") || peek().isWord("group_right")) {
                throw unexpected(peek(), null);
            }
            return Optional.empty();
        }
        boolean on = next().text().equals("on");
        List<String> labels = labels();
        String group = "";
        List<String> include = List.of();
        if (peek().isWord("group_left") || peek().isWord("group_right")) {
            group = next().text();
            if (peek().is(Kind.LEFT_PAREN)) {
                include = labels();
            }
        }
        return Optional.of(new VectorMatching(on, labels, group, include));
    }

    private Expr binary(Token op, Expr lhs, Expr rhs, boolean bool, Optional<VectorMatching> matching) {
        String name = op.text();
        for (Expr side : List.of(lhs, rhs)) {
            if (side.type() != Type.SCALAR && side.type() != Type.VECTOR) {
                throw error(op, "binary expression must contain only scalar and instant vector types");
            }
        }
        boolean setOp = Set.of("and", "or", "unless").contains(name);
        boolean scalars = lhs.type() == Type.SCALAR && rhs.type() == Type.SCALAR;
        if (setOp && (lhs.type() == Type.SCALAR || rhs.type() == Type.SCALAR)) {
            throw error(op, "set operator \"" + name + "\" not allowed in binary scalar expression");
        }
        if (COMPARISONS.contains(op.kind()) && scalars && !bool) {
            throw error(op, "comparisons between scalars must use BOOL modifier");
        }
        if (matching.isPresent() && (lhs.type() == Type.SCALAR || rhs.type() == Type.SCALAR)) {
            throw error(op, "vector matching only allowed between instant vectors");
        }
        if (setOp && matching.filter(m -> !m.group().isEmpty()).isPresent()) {
            throw error(op, "no grouping allowed for \"" + name + "\" operation");
        }
        return new Binary(name, lhs, rhs, bool, matching, scalars ? Type.SCALAR : Type.VECTOR, op.pos());
    }

    // ------------------------------------------------------------------ unary, postfix, primary

    private Expr unary() {
        Token t = peek();
        if (t.is(Kind.ADD) || t.is(Kind.SUB)) {
            next();
            Expr e = expr(POW);
            if (e.type() != Type.SCALAR && e.type() != Type.VECTOR) {
                throw error(t, "unary expression only allowed on expressions of type scalar or instant vector, got \"" + e.type() + "\"");
            }
            if (e instanceof NumberLiteral n && t.is(Kind.SUB)) {
                return new NumberLiteral(-n.value(), "-" + n.text(), t.pos());
            }
            return new Unary(t.text(), e, t.pos());
        }
        return postfix(primary());
    }

    private Expr postfix(Expr e) {
        while (true) {
            Token t = peek();
            if (t.is(Kind.LEFT_BRACKET)) {
                next();
                Duration range = duration("range");
                if (peek().is(Kind.COLON)) {
                    next();
                    Optional<Duration> step = peek().is(Kind.RIGHT_BRACKET) ? Optional.empty() : Optional.of(duration("subquery step"));
                    expect(Kind.RIGHT_BRACKET, "subquery selector", "\"]\"");
                    if (e.type() != Type.VECTOR) {
                        throw error(t, "subquery is only allowed on instant vector, got " + e.type() + " instead");
                    }
                    e = new Subquery(e, range, step, t.pos());
                } else {
                    expect(Kind.RIGHT_BRACKET, "range selector", "\"]\"");
                    if (!(e instanceof VectorSelector vs)) {
                        throw error(t, "ranges only allowed for vector selectors");
                    }
                    e = new MatrixSelector(vs, range, t.pos());
                }
            } else if (t.isWord("offset")) {
                next();
                boolean negative = peek().is(Kind.SUB);
                if (negative) {
                    next();
                }
                Duration d = duration("offset");
                e = modify(t, e, Optional.of(negative ? new Duration("-" + d.text(), -d.millis()) : d), Optional.empty());
            } else if (t.is(Kind.AT)) {
                next();
                Token v = next();
                String when;
                if (v.is(Kind.NUMBER)) {
                    when = v.text();
                } else if ((v.isWord("start") || v.isWord("end")) && peek().is(Kind.LEFT_PAREN)) {
                    next();
                    expect(Kind.RIGHT_PAREN, "@ modifier", "\")\"");
                    when = v.text() + "()";
                } else if (v.is(Kind.SUB) && peek().is(Kind.NUMBER)) {
                    when = "-" + next().text();
                } else {
                    throw unexpected(v, "@ modifier", "a timestamp, start() or end()");
                }
                e = modify(t, e, Optional.empty(), Optional.of(when));
            } else {
                return e;
            }
        }
    }

    private Expr modify(Token t, Expr e, Optional<Duration> offset, Optional<String> when) {
        Expr base = e instanceof Modified m ? m.expr() : e;
        if (!(base instanceof VectorSelector || base instanceof MatrixSelector || base instanceof Subquery)) {
            throw error(tokenAt(e.pos()), (offset.isPresent() ? "offset" : "@") + " modifier must be preceded by an instant vector selector"
                    + " or range vector selector or a subquery");
        }
        if (e instanceof Modified m) {
            if (offset.isPresent() && m.offset().isPresent()) {
                throw error(t, "offset may not be set multiple times");
            }
            if (when.isPresent() && m.at().isPresent()) {
                throw error(t, "@ <timestamp> may not be set multiple times");
            }
            return new Modified(m.expr(), offset.or(m::offset), when.or(m::at), m.pos());
        }
        return new Modified(e, offset, when, t.pos());
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER -> {
                next();
                return new NumberLiteral(number(t), t.text(), t.pos());
            }
            case STRING -> {
                next();
                return new StringLiteral(t.text(), t.pos());
            }
            case LEFT_PAREN -> {
                next();
                Expr inner = expr(0);
                expect(Kind.RIGHT_PAREN, "paren expression", "\")\"");
                return new Paren(inner, t.pos());
            }
            case LEFT_BRACE -> {
                return selector("", t);
            }
            case IDENTIFIER -> {
                String word = t.text();
                Token after = tokens.get(Math.min(at + 1, tokens.size() - 1));
                if (AGGREGATORS.contains(word) && (after.is(Kind.LEFT_PAREN) || after.isWord("by") || after.isWord("without"))) {
                    return aggregate();
                }
                if (after.is(Kind.LEFT_PAREN)) {
                    return call();
                }
                if (KEYWORDS.contains(word) || SET_OR_ATAN.contains(word)) {
                    throw unexpected(t, null);
                }
                String lower = word.toLowerCase(Locale.ROOT);
                if (lower.equals("inf") || lower.equals("nan")) {
                    next();
                    return new NumberLiteral(lower.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN, word, t.pos());
                }
                next();
                return peek().is(Kind.LEFT_BRACE) ? selector(word, t) : new VectorSelector(word, List.of(), t.pos());
            }
            case DURATION -> throw unexpected(t, null);
            default -> throw unexpected(t, null);
        }
    }

    private Expr selector(String name, Token start) {
        expect(Kind.LEFT_BRACE, "label matching", "\"{\"");
        List<Matcher> matchers = new ArrayList<>();
        while (!peek().is(Kind.RIGHT_BRACE)) {
            Token label = next();
            if (label.is(Kind.STRING) && (peek().is(Kind.COMMA) || peek().is(Kind.RIGHT_BRACE))) {
                matchers.add(new Matcher("__name__", "=", label.text())); // a quoted metric name (Prometheus 3)
            } else {
                if (!label.is(Kind.IDENTIFIER) && !label.is(Kind.STRING)) {
                    throw unexpected(label, "label matching", "identifier or \"}\"");
                }
                Token op = next();
                if (!Set.of(Kind.ASSIGN, Kind.NEQ, Kind.EQL_REGEX, Kind.NEQ_REGEX).contains(op.kind())) {
                    throw unexpected(op, "label matching", "one of \"=\", \"!=\", \"=~\", \"!~\"");
                }
                Token value = next();
                if (!value.is(Kind.STRING)) {
                    throw unexpected(value, "label matching", "string");
                }
                if (op.is(Kind.EQL_REGEX) || op.is(Kind.NEQ_REGEX)) {
                    regex(value);
                }
                matchers.add(new Matcher(label.text(), op.text(), value.text()));
            }
            if (peek().is(Kind.COMMA)) {
                next();
            } else if (!peek().is(Kind.RIGHT_BRACE)) {
                throw unexpected(peek(), "label matching", "\",\" or \"}\"");
            }
        }
        next();
        if (!name.isEmpty() && matchers.stream().anyMatch(m -> m.label().equals("__name__"))) {
            throw error(start, "metric name must not be set twice: \"" + name + "\"");
        }
        if (name.isEmpty() && matchers.stream().allMatch(m -> matchesEmpty(m))) {
            throw error(start, "vector selector must contain at least one non-empty matcher");
        }
        return new VectorSelector(name, List.copyOf(matchers), start.pos());
    }

    private static boolean matchesEmpty(Matcher m) {
        return switch (m.op()) {
            case "=" -> m.value().isEmpty();
            case "!=" -> !m.value().isEmpty();
            case "=~" -> safeMatches(m.value(), "");
            default -> !safeMatches(m.value(), "");
        };
    }

    private static boolean safeMatches(String regex, String s) {
        try {
            return Pattern.compile(regex).matcher(s).matches();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** RE2 refuses what Java refuses here: unbalanced groups and brackets, a dangling repetition. */
    private void regex(Token value) {
        try {
            Pattern.compile(value.text());
        } catch (java.util.regex.PatternSyntaxException e) {
            String d = e.getDescription();
            if (d.startsWith("Unclosed") || d.startsWith("Unmatched") || d.startsWith("Dangling")) {
                throw error(value, "error parsing regexp: " + d.toLowerCase(Locale.ROOT) + ": `" + value.text() + "`");
            }
        }
    }

    private Expr aggregate() {
        Token op = next();
        List<String> grouping = List.of();
        boolean without = false;
        boolean grouped = false;
        if (peek().isWord("by") || peek().isWord("without")) {
            without = next().text().equals("without");
            grouping = labels();
            grouped = true;
        }
        Token open = expect(Kind.LEFT_PAREN, "aggregation", "\"(\"");
        List<Expr> args = arguments(open);
        if (!grouped && (peek().isWord("by") || peek().isWord("without"))) {
            without = next().text().equals("without");
            grouping = labels();
        }
        String name = op.text();
        int wanted = WITH_PARAM.contains(name) ? 2 : 1;
        if (args.size() != wanted) {
            throw error(op, wanted == 1 ? "wrong number of arguments for aggregate expression provided, expected 1, got " + args.size()
                    : "wrong number of arguments for aggregate expression provided, expected 2, got " + args.size());
        }
        Expr e = args.get(args.size() - 1);
        Optional<Expr> param = wanted == 2 ? Optional.of(args.get(0)) : Optional.empty();
        if (e.type() != Type.VECTOR) {
            throw error(op, "expected type instant vector in aggregation expression, got " + e.type());
        }
        if (param.isPresent()) {
            Type want = name.equals("count_values") ? Type.STRING : Type.SCALAR;
            if (param.get().type() != want) {
                throw error(op, "expected type " + want + " in aggregation parameter, got " + param.get().type());
            }
        }
        return new Aggregate(name, grouping, without, param, e, op.pos());
    }

    private Expr call() {
        Token name = next();
        Functions.Signature f = Functions.get(name.text())
                .orElseThrow(() -> error(name, "unknown function with name \"" + name.text() + "\""));
        Token open = expect(Kind.LEFT_PAREN, "function call", "\"(\"");
        List<Expr> args = arguments(open);
        int n = f.args().size();
        if (f.optional() == 0 && args.size() != n) {
            throw error(name, "expected " + n + " argument(s) in call to \"" + f.name() + "\", got " + args.size());
        }
        if (f.optional() != 0 && args.size() < n - 1) {
            throw error(name, "expected at least " + (n - 1) + " argument(s) in call to \"" + f.name() + "\", got " + args.size());
        }
        if (f.optional() > 0 && args.size() > n - 1 + f.optional()) {
            throw error(name, "expected at most " + (n - 1 + f.optional()) + " argument(s) in call to \"" + f.name() + "\", got " + args.size());
        }
        for (int i = 0; i < args.size(); i++) {
            Type want = f.args().get(Math.min(i, n - 1));
            Type got = args.get(i).type();
            if (got != want) {
                throw error(tokenAt(args.get(i).pos()), "expected type " + want + " in call to function \"" + f.name() + "\", got " + got);
            }
        }
        return new Call(f.name(), List.copyOf(args), f.returns(), name.pos());
    }

    /** The arguments of a call or an aggregation, after its "(", through the ")". */
    private List<Expr> arguments(Token open) {
        List<Expr> args = new ArrayList<>();
        while (!peek().is(Kind.RIGHT_PAREN)) {
            args.add(expr(0));
            if (peek().is(Kind.COMMA)) {
                Token comma = next();
                if (peek().is(Kind.RIGHT_PAREN)) {
                    throw error(comma, "trailing commas not allowed in function call args");
                }
            } else if (!peek().is(Kind.RIGHT_PAREN)) {
                throw unexpected(peek(), "function call", "\",\" or \")\"");
            }
        }
        next();
        return args;
    }

    private List<String> labels() {
        expect(Kind.LEFT_PAREN, "grouping opts", "\"(\"");
        List<String> out = new ArrayList<>();
        while (!peek().is(Kind.RIGHT_PAREN)) {
            Token l = next();
            if (!l.is(Kind.IDENTIFIER) && !l.is(Kind.STRING)) {
                throw unexpected(l, "grouping opts", "label");
            }
            out.add(l.text());
            if (peek().is(Kind.COMMA)) {
                next();
            } else if (!peek().is(Kind.RIGHT_PAREN)) {
                throw unexpected(peek(), "grouping opts", "\",\" or \")\"");
            }
        }
        next();
        return List.copyOf(out);
    }

    private Duration duration(String context) {
        Token t = next();
        if (t.is(Kind.NUMBER) && t.text().matches("[0-9]+")) {
            return new Duration(t.text(), Long.parseLong(t.text()) * 1000); // Prometheus 3: seconds as a number
        }
        if (!t.is(Kind.DURATION)) {
            throw unexpected(t, context, "duration");
        }
        long millis = 0;
        java.util.regex.Matcher m = DURATION_PART.matcher(t.text());
        while (m.find()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw error(t, "duration out of range");
            }
            long unit = switch (m.group(2)) {
                case "ms" -> 1L;
                case "s" -> 1000L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                case "d" -> 86_400_000L;
                case "w" -> 604_800_000L;
                default -> 31_536_000_000L;
            };
            if (n > Long.MAX_VALUE / unit) {
                throw error(t, "duration out of range");
            }
            millis += n * unit;
        }
        if (millis == 0 && !context.equals("offset")) {
            throw error(t, "duration must be greater than 0");
        }
        return new Duration(t.text(), millis);
    }

    private double number(Token t) {
        String s = t.text();
        try {
            return s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw error(t, "bad number or duration syntax: \"" + s + "\"");
        }
    }

    // ------------------------------------------------------------------ tokens

    private void enter(Token t) {
        if (++depth > maxDepth) {
            throw error(t, "expression nests deeper than " + maxDepth + " levels");
        }
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        Token t = tokens.get(at);
        if (at < tokens.size() - 1) {
            at++;
        }
        return t;
    }

    private Token tokenAt(int pos) {
        return tokens.stream().filter(t -> t.pos() == pos).findFirst().orElse(peek());
    }

    private Token expect(Kind kind, String context, String expected) {
        Token t = next();
        if (!t.is(kind)) {
            throw unexpected(t, context, expected);
        }
        return t;
    }

    private ParseError unexpected(Token t, String context) {
        return unexpected(t, context, null);
    }

    private ParseError unexpected(Token t, String context, String expected) {
        return error(t, "unexpected " + t.describe() + (context == null ? "" : " in " + context)
                + (expected == null ? "" : ", expected " + expected));
    }

    private ParseError error(Token t, String problem) {
        return new ParseError(text, t.pos(), problem);
    }
}
