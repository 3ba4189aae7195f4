package dev.fullchain.model.observability.promql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * PromQL, parsed in-process: what alert rules and dashboards use (selectors and matchers,
 * ranges, subqueries, offset and @, functions, aggregations, binary operators with their
 * precedence and matching, literals, comments), with Prometheus's type checks and its error
 * messages ({@code 1:15: parse error: unexpected <op:*>}). Bounded: at most
 * {@value #MAX_CHARS} characters, {@value #MAX_TOKENS} tokens and {@value #MAX_DEPTH} levels of nesting.
 */
public final class PromQL {

    public static final int MAX_CHARS = 64 * 1024;
    public static final int MAX_TOKENS = 20_000;
    public static final int MAX_DEPTH = 128;

    private PromQL() {
    }

    /** The expression's tree; a ParseError (with line and column) when Prometheus would refuse it. */
    public static Expr parse(String text) {
        if (text.length() > MAX_CHARS) {
            throw new ParseError(text, MAX_CHARS, "expression longer than " + MAX_CHARS + " characters: not parsed");
        }
        return new Parser(text, Lexer.tokens(text, MAX_TOKENS), MAX_DEPTH).parse();
    }

    /** Every node, parents before children. */
    public static void walk(Expr e, Consumer<Expr> visit) {
        List<Expr> stack = new ArrayList<>(List.of(e));
        while (!stack.isEmpty()) {
            Expr x = stack.remove(stack.size() - 1);
            visit.accept(x);
            List<Expr> children = children(x);
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.add(children.get(i));
            }
        }
    }

    public static List<Expr> children(Expr e) {
        if (e instanceof Expr.MatrixSelector m) {
            return List.of(m.selector());
        } else if (e instanceof Expr.Subquery s) {
            return List.of(s.expr());
        } else if (e instanceof Expr.Modified m) {
            return List.of(m.expr());
        } else if (e instanceof Expr.Call c) {
            return c.args();
        } else if (e instanceof Expr.Aggregate a) {
            return a.param().isPresent() ? List.of(a.param().get(), a.expr()) : List.of(a.expr());
        } else if (e instanceof Expr.Binary b) {
            return List.of(b.lhs(), b.rhs());
        } else if (e instanceof Expr.Unary u) {
            return List.of(u.expr());
        } else if (e instanceof Expr.Paren p) {
            return List.of(p.expr());
        }
        return List.of();
    }

    /** The metric names the expression reads, in order of appearance (by name or {@code __name__="..."}). */
    public static Set<String> metricNames(Expr e) {
        Set<String> out = new LinkedHashSet<>();
        walk(e, x -> {
            if (x instanceof Expr.VectorSelector vs) {
                vs.metric().ifPresent(out::add);
            }
        });
        return out;
    }

    /** The selectors of the expression. */
    public static List<Expr.VectorSelector> selectors(Expr e) {
        List<Expr.VectorSelector> out = new ArrayList<>();
        walk(e, x -> {
            if (x instanceof Expr.VectorSelector vs) {
                out.add(vs);
            }
        });
        return out;
    }

    /** The calls of a function in the expression. */
    public static List<Expr.Call> calls(Expr e, String function) {
        List<Expr.Call> out = new ArrayList<>();
        walk(e, x -> {
            if (x instanceof Expr.Call c && c.function().equals(function)) {
                out.add(c);
            }
        });
        return out;
    }
}
