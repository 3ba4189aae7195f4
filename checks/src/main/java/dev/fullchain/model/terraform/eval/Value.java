package dev.fullchain.model.terraform.eval;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A Terraform value as far as fullchain can compute it without Terraform: a string, number,
 * bool, null, list (tuple, list or set), map (object or map) or UNKNOWN. Unknown is a value
 * of its own, with the reason it could not be computed; it is never replaced by a guess.
 * Maps iterate in key order, as Terraform's do.
 */
public sealed interface Value {

    record Str(String value) implements Value {
    }

    record Num(BigDecimal value) implements Value {
        public Num {
            value = value.stripTrailingZeros();
        }

        public String text() {
            if (!Bounds.withinExponent(value)) {
                return value.toString(); // 1E+100000, not a hundred thousand digits
            }
            return value.scale() <= 0 ? value.toBigInteger().toString() : value.toPlainString();
        }
    }

    record Bool(boolean value) implements Value {
    }

    record Null() implements Value {
    }

    /** {@code weight}: the size of the value (see {@link #weight()}), computed here once, so that a bound on size costs nothing to check. */
    record ListV(List<Value> items, long weight) implements Value {
        public ListV {
            items = List.copyOf(items);
            long w = 1;
            for (Value v : items) {
                w += v.weight();
            }
            weight = w;
        }

        public ListV(List<Value> items) {
            this(items, 0);
        }
    }

    record MapV(SortedMap<String, Value> entries, long weight) implements Value {
        public MapV {
            entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
            long w = 1;
            for (Map.Entry<String, Value> e : entries.entrySet()) {
                w += e.getKey().length() + e.getValue().weight();
            }
            weight = w;
        }

        public MapV(SortedMap<String, Value> entries) {
            this(entries, 0);
        }
    }

    /**
     * What cannot be computed before apply (or by fullchain): {@code reason} says why, e.g.
     * "var.prefix is not set by environments/dev.tfvars and has no default".
     * {@code error}: the expression would fail in Terraform too (a wrong type, a missing key).
     */
    record Unknown(String reason, boolean error) implements Value {
    }

    Null NULL = new Null();

    /** Values larger than this are described by their size in messages, not written out. */
    int DISPLAYED = 2_000;

    static Value of(String s) {
        return new Str(s);
    }

    static Value of(long n) {
        return new Num(BigDecimal.valueOf(n));
    }

    static Value of(boolean b) {
        return new Bool(b);
    }

    static Value unknown(String reason) {
        return new Unknown(reason, false);
    }

    static Value error(String reason) {
        return new Unknown(reason, true);
    }

    static Value map(Map<String, Value> entries) {
        return new MapV(new TreeMap<>(entries));
    }

    static Value list(List<Value> items) {
        return new ListV(items);
    }

    /** The size of the value: the characters of a string, 1 for a number, bool, null or unknown, and for collections 1 plus their elements and keys. */
    default long weight() {
        if (this instanceof Str s) {
            return s.value().length();
        }
        if (this instanceof ListV l) {
            return l.weight();
        }
        if (this instanceof MapV m) {
            return m.weight();
        }
        return 1;
    }

    default boolean isKnown() {
        return !(this instanceof Unknown);
    }

    /** Known all the way down (no unknown element or entry). */
    default boolean isWhollyKnown() {
        if (this instanceof Unknown) {
            return false;
        }
        if (this instanceof ListV l) {
            return l.items().stream().allMatch(Value::isWhollyKnown);
        }
        if (this instanceof MapV m) {
            return m.entries().values().stream().allMatch(Value::isWhollyKnown);
        }
        return true;
    }

    /** The first unknown found inside (this one, or an element/entry), if any. */
    default Unknown firstUnknown() {
        if (this instanceof Unknown u) {
            return u;
        }
        if (this instanceof ListV l) {
            for (Value v : l.items()) {
                Unknown u = v.firstUnknown();
                if (u != null) {
                    return u;
                }
            }
        }
        if (this instanceof MapV m) {
            for (Value v : m.entries().values()) {
                Unknown u = v.firstUnknown();
                if (u != null) {
                    return u;
                }
            }
        }
        return null;
    }

    default boolean isNull() {
        return this instanceof Null;
    }

    /** The string, for a known string value (numbers and bools are not strings here). */
    default java.util.Optional<String> asString() {
        return this instanceof Str s ? java.util.Optional.of(s.value()) : java.util.Optional.empty();
    }

    /** True/false for a known bool, or the strings "true"/"false" (Terraform converts them). */
    default java.util.Optional<Boolean> asBool() {
        if (this instanceof Bool b) {
            return java.util.Optional.of(b.value());
        }
        if (this instanceof Str s && (s.value().equals("true") || s.value().equals("false"))) {
            return java.util.Optional.of(Boolean.parseBoolean(s.value()));
        }
        return java.util.Optional.empty();
    }

    default java.util.Optional<BigDecimal> asNumber() {
        if (this instanceof Num n) {
            return java.util.Optional.of(n.value());
        }
        if (this instanceof Str s) {
            try {
                return java.util.Optional.of(new BigDecimal(s.value().trim()));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.empty();
    }

    /** How the value reads in a message: "abc" quoted, numbers and bools bare, (unknown: reason); a very large value by its size only. */
    default String display() {
        if (weight() > DISPLAYED) {
            // never cut: a cut value could show part of a secret that masking, which matches whole values, would miss
            return this instanceof Str s ? "(a string of " + s.value().length() + " characters, not shown)"
                    : "(a " + typeName() + " of " + (this instanceof ListV l ? l.items().size() : ((MapV) this).entries().size())
                    + " elements, not shown)";
        }
        if (this instanceof Str s) {
            return '"' + s.value().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
        }
        if (this instanceof Num n) {
            return n.text();
        }
        if (this instanceof Bool b) {
            return String.valueOf(b.value());
        }
        if (this instanceof Null) {
            return "null";
        }
        if (this instanceof ListV l) {
            return l.items().stream().map(Value::display).collect(Collectors.joining(", ", "[", "]"));
        }
        if (this instanceof MapV m) {
            return m.entries().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue().display())
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return "(unknown: " + ((Unknown) this).reason() + ")";
    }

    /** The type name Terraform would print. */
    default String typeName() {
        if (this instanceof Str) {
            return "string";
        }
        if (this instanceof Num) {
            return "number";
        }
        if (this instanceof Bool) {
            return "bool";
        }
        if (this instanceof Null) {
            return "null";
        }
        if (this instanceof ListV) {
            return "list";
        }
        if (this instanceof MapV) {
            return "map";
        }
        return "unknown";
    }
}
