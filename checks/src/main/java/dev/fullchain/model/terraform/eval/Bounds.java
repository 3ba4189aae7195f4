package dev.fullchain.model.terraform.eval;

import dev.fullchain.model.terraform.hcl.Expr;
import java.math.BigDecimal;

/**
 * The bounds of one evaluation, so that no configuration can make fullchain run out of
 * memory or stack, or run without end: how deep evaluations nest, how many steps one
 * evaluation takes, how large a value may grow, how large a number may be. Past a bound the
 * value is unknown, with the bound and the place in the reason: never a guess.
 * The counters belong to the thread; the outermost evaluation on it starts them afresh.
 */
final class Bounds {

    /**
     * Nested evaluations: the depth of an expression plus the references followed from it
     * (a local reading a local, a module's input read from its caller). Real code needs a few
     * dozen. A reference followed costs about ten stack frames (a few kB before the JIT compiles
     * them), so 200 stays within half of a default 1 MiB thread stack.
     */
    static final int MAX_DEPTH = 200;

    /** Steps (expressions evaluated) of one outermost evaluation. A real value takes a few hundred; 250,000 take well under a second. */
    static final long MAX_STEPS = 250_000;

    /**
     * The size of any value: the characters of its strings plus its elements and keys. A name,
     * a tag or a policy is a few kilobytes; 1 Mi characters keeps every value a few MB at most.
     */
    static final long MAX_WEIGHT = 1L << 20;

    /** Numbers of more than 1000 digits, or beyond 10^±1000, are not computed: written out they could take gigabytes. */
    static final int MAX_EXPONENT = 1_000;

    private static final ThreadLocal<Bounds> CURRENT = ThreadLocal.withInitial(Bounds::new);

    private int depth;
    private long steps;

    private Bounds() {
    }

    static Bounds current() {
        return CURRENT.get();
    }

    /** Enters one evaluation: null, or why it must not go on. Always paired with {@link #leave}. */
    String enter() {
        if (depth++ == 0) {
            steps = 0;
        }
        if (depth > MAX_DEPTH) {
            return "expressions and references nested deeper than " + MAX_DEPTH + " levels";
        }
        if (++steps > MAX_STEPS) {
            return "more than " + MAX_STEPS + " evaluation steps";
        }
        return null;
    }

    void leave() {
        depth--;
    }

    /** Whether the steps of this evaluation are used up: loops stop at once rather than fill a collection with unknowns. */
    boolean exhausted() {
        return steps > MAX_STEPS;
    }

    /** One more step of a loop that evaluates nothing itself (a template's %{ for }): null, or why it must stop. */
    String step() {
        return ++steps > MAX_STEPS ? "more than " + MAX_STEPS + " evaluation steps" : null;
    }

    /** The value, or unknown when it is larger than the bounds allow. */
    static Value checked(Value v, Expr at) {
        if (v.weight() > MAX_WEIGHT) {
            return tooLarge(at);
        }
        if (v instanceof Value.Num n && !withinExponent(n.value())) {
            return Value.unknown("a number of more than " + MAX_EXPONENT + " digits, or with an exponent beyond ±" + MAX_EXPONENT
                    + where(at) + ": fullchain does not compute numbers that large");
        }
        return v;
    }

    static Value tooLarge(Expr at) {
        return Value.unknown("a value larger than " + MAX_WEIGHT + " characters and elements" + where(at)
                + ": fullchain does not compute values that large");
    }

    static boolean withinExponent(BigDecimal n) {
        return n.precision() <= MAX_EXPONENT && Math.abs((long) n.scale()) <= MAX_EXPONENT;
    }

    static String where(Expr at) {
        return at == null || at.range() == null ? "" : " (at " + at.range().location() + ")";
    }
}
