package dev.fullchain.model.observability.promql;

import dev.fullchain.model.observability.promql.Expr.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** PromQL's functions with their argument types (Prometheus's promql/parser/functions.go), for the parser's type check. */
final class Functions {

    /** {@code optional}: how many trailing arguments may be left out; -1 repeats the last one without bound. */
    record Signature(String name, List<Type> args, int optional, Type returns) {
    }

    private static final Type S = Type.SCALAR;
    private static final Type V = Type.VECTOR;
    private static final Type M = Type.MATRIX;
    private static final Type STR = Type.STRING;
    private static final Map<String, Signature> ALL = new HashMap<>();

    static {
        for (String f : List.of("abs", "ceil", "exp", "floor", "ln", "log2", "log10", "sqrt", "sgn", "sort", "sort_desc", "timestamp",
                "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh", "deg", "rad",
                "histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev", "histogram_stdvar", "absent")) {
            add(f, List.of(V), 0, V);
        }
        for (String f : List.of("absent_over_time", "avg_over_time", "changes", "count_over_time", "delta", "deriv", "idelta",
                "increase", "irate", "last_over_time", "mad_over_time", "max_over_time", "min_over_time", "present_over_time",
                "rate", "resets", "stddev_over_time", "stdvar_over_time", "sum_over_time", "ts_of_max_over_time",
                "ts_of_min_over_time", "ts_of_last_over_time")) {
            add(f, List.of(M), 0, V);
        }
        for (String f : List.of("day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year")) {
            add(f, List.of(V), 1, V);
        }
        add("clamp", List.of(V, S, S), 0, V);
        add("clamp_max", List.of(V, S), 0, V);
        add("clamp_min", List.of(V, S), 0, V);
        add("histogram_quantile", List.of(S, V), 0, V);
        add("histogram_fraction", List.of(S, S, V), 0, V);
        add("holt_winters", List.of(M, S, S), 0, V);
        add("double_exponential_smoothing", List.of(M, S, S), 0, V);
        add("label_replace", List.of(V, STR, STR, STR, STR), 0, V);
        add("label_join", List.of(V, STR, STR, STR), -1, V);
        add("predict_linear", List.of(M, S), 0, V);
        add("quantile_over_time", List.of(S, M), 0, V);
        add("round", List.of(V, S), 1, V);
        add("scalar", List.of(V), 0, S);
        add("vector", List.of(S), 0, V);
        add("time", List.of(), 0, S);
        add("pi", List.of(), 0, S);
        add("sort_by_label", List.of(V, STR), -1, V);
        add("sort_by_label_desc", List.of(V, STR), -1, V);
        add("info", List.of(V, V), 1, V);
    }

    private Functions() {
    }

    private static void add(String name, List<Type> args, int optional, Type returns) {
        ALL.put(name, new Signature(name, args, optional, returns));
    }

    static Optional<Signature> get(String name) {
        return Optional.ofNullable(ALL.get(name));
    }
}
