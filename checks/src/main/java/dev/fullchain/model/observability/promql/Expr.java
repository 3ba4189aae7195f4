package dev.fullchain.model.observability.promql;

import java.util.List;
import java.util.Optional;

/** A parsed PromQL expression: the nodes Prometheus's parser makes, each at its offset in the text. */
public sealed interface Expr {

    /** What an expression evaluates to, as Prometheus types it. */
    enum Type {
        SCALAR("scalar"), VECTOR("instant vector"), MATRIX("range vector"), STRING("string");

        private final String words;

        Type(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    int pos();

    Type type();

    record NumberLiteral(double value, String text, int pos) implements Expr {
        public Type type() {
            return Type.SCALAR;
        }
    }

    record StringLiteral(String value, int pos) implements Expr {
        public Type type() {
            return Type.STRING;
        }
    }

    /** One label matcher: {@code status=~"5.."}. */
    record Matcher(String label, String op, String value) {
    }

    /** {@code name{matchers}}; name is empty when only matchers are given. */
    record VectorSelector(String name, List<Matcher> matchers, int pos) implements Expr {
        public Type type() {
            return Type.VECTOR;
        }

        /** The metric name, from the name or an {@code __name__="..."} matcher. */
        public Optional<String> metric() {
            if (!name.isEmpty()) {
                return Optional.of(name);
            }
            return matchers.stream().filter(m -> m.label().equals("__name__") && m.op().equals("=")).map(Matcher::value).findFirst();
        }
    }

    /** A duration as written ("5m", "$__rate_interval" substituted) and in milliseconds. */
    record Duration(String text, long millis) {
    }

    record MatrixSelector(VectorSelector selector, Duration range, int pos) implements Expr {
        public Type type() {
            return Type.MATRIX;
        }
    }

    record Subquery(Expr expr, Duration range, Optional<Duration> step, int pos) implements Expr {
        public Type type() {
            return Type.MATRIX;
        }
    }

    /** {@code offset} and {@code @} on a selector or a subquery. */
    record Modified(Expr expr, Optional<Duration> offset, Optional<String> at, int pos) implements Expr {
        public Type type() {
            return expr.type();
        }
    }

    record Call(String function, List<Expr> args, Type type, int pos) implements Expr {
    }

    record Aggregate(String op, List<String> grouping, boolean without, Optional<Expr> param, Expr expr, int pos) implements Expr {
        public Type type() {
            return Type.VECTOR;
        }
    }

    /** How a binary operation matches series: on/ignoring, group_left/group_right and their labels. */
    record VectorMatching(boolean on, List<String> labels, String group, List<String> include) {
    }

    record Binary(String op, Expr lhs, Expr rhs, boolean bool, Optional<VectorMatching> matching, Type type, int pos) implements Expr {
    }

    record Unary(String op, Expr expr, int pos) implements Expr {
        public Type type() {
            return expr.type();
        }
    }

    record Paren(Expr expr, int pos) implements Expr {
        public Type type() {
            return expr.type();
        }
    }
}
