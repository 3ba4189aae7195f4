package dev.fullchain.model.terraform.eval;

import dev.fullchain.model.terraform.hcl.Expr;
import dev.fullchain.model.terraform.hcl.Step;
import dev.fullchain.model.terraform.hcl.TemplatePart;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Evaluates the expressions learners write (references, templates, literals, collections,
 * operators, conditionals, for expressions and the common functions) the way Terraform
 * would at plan time. Whatever it cannot know is {@link Value.Unknown}, with the reason,
 * and everything computed from an unknown is unknown: it never guesses. Evaluation is
 * bounded ({@link Bounds}): past a bound the value is unknown too, with the bound.
 */
public final class Evaluator {

    /** Resolves the root names of references: var, local, module, path, terraform, resources, data... */
    public interface Scope {
        /**
         * The value of {@code root} followed by as many of the leading {@code steps} as the
         * scope understands ({@code consumed}); the evaluator applies the remaining steps.
         */
        Resolved resolve(String root, List<Step> steps, Evaluator evaluator);
    }

    public record Resolved(Value value, int consumed) {
    }

    /** A scope with no names: what .tfvars values and constants are evaluated in. */
    public static final Scope NO_REFERENCES = (root, steps, ev) ->
            new Resolved(Value.error("'" + root + "' cannot be referenced here (only literal values are allowed)"), steps.size());

    private static final MathContext MATH = MathContext.DECIMAL128;

    private final Scope scope;
    private final Map<String, Value> bindings;

    public Evaluator(Scope scope) {
        this(scope, Map.of());
    }

    /** The value of an expression that may not reference anything (backend settings, lifecycle, .tfvars). */
    public static Value constant(Expr e) {
        return new Evaluator(NO_REFERENCES).eval(e);
    }

    private Evaluator(Scope scope, Map<String, Value> bindings) {
        this.scope = scope;
        this.bindings = bindings;
    }

    /** This evaluator with one more local name (a for-expression variable, count, each). */
    public Evaluator bind(String name, Value value) {
        if (name == null) {
            return this;
        }
        Map<String, Value> b = new HashMap<>(bindings);
        b.put(name, value);
        return new Evaluator(scope, Map.copyOf(b));
    }

    public Value eval(Expr e) {
        if (e == null) {
            return Value.NULL;
        }
        Bounds bounds = Bounds.current();
        String stop = bounds.enter();
        try {
            if (stop != null) {
                return Value.unknown("fullchain stopped evaluating: " + stop + Bounds.where(e));
            }
            return Bounds.checked(evalNode(e), e);
        } catch (ArithmeticException overflow) {
            return Value.unknown("a number out of the range fullchain computes" + Bounds.where(e) + " (" + overflow.getMessage() + ")");
        } finally {
            bounds.leave();
        }
    }

    private Value evalNode(Expr e) {
        if (e instanceof Expr.Literal l) {
            return literal(l.value());
        }
        if (e instanceof Expr.Template t) {
            return template(t);
        }
        if (e instanceof Expr.Tuple t) {
            List<Value> items = new ArrayList<>();
            for (Expr i : t.items()) {
                Value v = eval(i);
                if (Bounds.current().exhausted()) {
                    return v;
                }
                items.add(v);
            }
            return Value.list(items);
        }
        if (e instanceof Expr.ObjectCons o) {
            return object(o);
        }
        if (e instanceof Expr.Traversal t) {
            return traversal(t);
        }
        if (e instanceof Expr.Relative r) {
            return applySteps(eval(r.source()), r.steps());
        }
        if (e instanceof Expr.Splat s) {
            return splat(s);
        }
        if (e instanceof Expr.Call c) {
            return call(c);
        }
        if (e instanceof Expr.Conditional c) {
            Value cond = eval(c.condition());
            if (cond instanceof Value.Unknown u) {
                return u;
            }
            return cond.asBool().map(b -> eval(b ? c.whenTrue() : c.whenFalse()))
                    .orElseGet(() -> Value.error("the condition of a ? b : c is a " + cond.typeName() + ", not a bool"));
        }
        if (e instanceof Expr.Binary b) {
            return binary(b);
        }
        if (e instanceof Expr.Unary u) {
            return unary(u);
        }
        if (e instanceof Expr.For f) {
            return forExpr(f);
        }
        if (e instanceof Expr.Paren p) {
            return eval(p.inner());
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    private static Value literal(Object v) {
        if (v == null) {
            return Value.NULL;
        }
        if (v instanceof String s) {
            return Value.of(s);
        }
        if (v instanceof BigDecimal n) {
            return new Value.Num(n);
        }
        return Value.of((Boolean) v);
    }

    // ------------------------------------------------------------------ templates

    private Value template(Expr.Template t) {
        // A template that is exactly one interpolation gives that value unconverted ("${var.list}" is a list).
        if (t.parts().size() == 1 && t.parts().get(0) instanceof TemplatePart.Interp only) {
            return eval(only.expr());
        }
        StringBuilder b = new StringBuilder();
        Value problem = render(t.parts(), this, b);
        if (b.length() > Bounds.MAX_WEIGHT) {
            return Bounds.tooLarge(t);
        }
        return problem != null ? problem : Value.of(b.toString());
    }

    /** Appends the parts to b; returns the unknown/error that stopped it, or null. */
    private static Value render(List<TemplatePart> parts, Evaluator ev, StringBuilder b) {
        for (TemplatePart p : parts) {
            if (p instanceof TemplatePart.Text text) {
                if (b.length() + text.text().length() > Bounds.MAX_WEIGHT) {
                    return Value.unknown("a template longer than " + Bounds.MAX_WEIGHT + " characters: fullchain does not compute values that large");
                }
                b.append(text.text());
            } else if (p instanceof TemplatePart.Interp i) {
                Value v = ev.eval(i.expr());
                Value s = Functions.toStringValue(v, "a template");
                if (!(s instanceof Value.Str str)) {
                    return s;
                }
                if (b.length() + str.value().length() > Bounds.MAX_WEIGHT) {
                    return Bounds.tooLarge(i.expr());
                }
                b.append(str.value());
            } else if (p instanceof TemplatePart.If i) {
                Value cond = ev.eval(i.condition());
                if (cond instanceof Value.Unknown) {
                    return cond;
                }
                var bool = cond.asBool();
                if (bool.isEmpty()) {
                    return Value.error("the condition of %{ if } is a " + cond.typeName() + ", not a bool");
                }
                Value problem = render(bool.get() ? i.then() : i.otherwise(), ev, b);
                if (problem != null) {
                    return problem;
                }
            } else if (p instanceof TemplatePart.Each f) {
                Value coll = ev.eval(f.collection());
                if (coll instanceof Value.Unknown) {
                    return coll;
                }
                for (Map.Entry<Value, Value> kv : elements(coll)) {
                    String stop = Bounds.current().step();
                    if (stop != null) {
                        return Value.unknown("fullchain stopped evaluating: " + stop + Bounds.where(f.collection()));
                    }
                    Value problem = render(f.body(), ev.bind(f.key(), kv.getKey()).bind(f.value(), kv.getValue()), b);
                    if (problem != null) {
                        return problem;
                    }
                }
                if (!(coll instanceof Value.ListV) && !(coll instanceof Value.MapV)) {
                    return Value.error("%{ for } needs a list or a map, not a " + coll.typeName());
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ collections

    private Value object(Expr.ObjectCons o) {
        Map<String, Value> entries = new LinkedHashMap<>();
        for (Expr.ObjectCons.Item item : o.items()) {
            String key;
            if (item.bareKey()) {
                key = (String) ((Expr.Literal) item.key()).value();
            } else {
                Value k = eval(item.key());
                if (k instanceof Value.Unknown u) {
                    return u;
                }
                Value ks = Functions.toStringValue(k, "an object key");
                if (!(ks instanceof Value.Str s)) {
                    return ks;
                }
                key = s.value();
            }
            Value v = eval(item.value());
            if (Bounds.current().exhausted()) {
                return v;
            }
            entries.put(key, v);
        }
        return Value.map(entries);
    }

    private Value forExpr(Expr.For f) {
        Value coll = eval(f.collection());
        if (coll instanceof Value.Unknown) {
            return coll;
        }
        if (!(coll instanceof Value.ListV) && !(coll instanceof Value.MapV)) {
            return Value.error("a for expression needs a list or a map, not a " + coll.typeName());
        }
        List<Value> items = new ArrayList<>();
        Map<String, Value> entries = new TreeMap<>();
        Map<String, List<Value>> groups = new TreeMap<>();
        for (Map.Entry<Value, Value> kv : elements(coll)) {
            if (Bounds.current().exhausted()) {
                return Value.unknown("fullchain stopped evaluating: more than " + Bounds.MAX_STEPS + " evaluation steps"
                        + Bounds.where(f));
            }
            Evaluator inner = bind(f.keyVar(), kv.getKey()).bind(f.valueVar(), kv.getValue());
            if (f.condition() != null) {
                Value cond = inner.eval(f.condition());
                if (cond instanceof Value.Unknown) {
                    return cond;
                }
                var keep = cond.asBool();
                if (keep.isEmpty()) {
                    return Value.error("the if clause of a for expression is a " + cond.typeName() + ", not a bool");
                }
                if (!keep.get()) {
                    continue;
                }
            }
            if (!f.object()) {
                items.add(inner.eval(f.valueExpr()));
                continue;
            }
            Value k = inner.eval(f.keyExpr());
            if (k instanceof Value.Unknown) {
                return k;
            }
            Value ks = Functions.toStringValue(k, "an object key");
            if (!(ks instanceof Value.Str key)) {
                return ks;
            }
            Value v = inner.eval(f.valueExpr());
            if (f.grouping()) {
                groups.computeIfAbsent(key.value(), x -> new ArrayList<>()).add(v);
            } else if (entries.put(key.value(), v) != null) {
                return Value.error("duplicate key \"" + key.value() + "\" in a for expression (add ... to group values)");
            }
        }
        if (Bounds.current().exhausted()) {
            return Value.unknown("fullchain stopped evaluating: more than " + Bounds.MAX_STEPS + " evaluation steps" + Bounds.where(f));
        }
        if (!f.object()) {
            return Value.list(items);
        }
        if (f.grouping()) {
            groups.forEach((k, v) -> entries.put(k, Value.list(v)));
        }
        return Value.map(entries);
    }

    /** (key, value) pairs of a list (index, element) or a map (key, value). */
    static List<Map.Entry<Value, Value>> elements(Value coll) {
        List<Map.Entry<Value, Value>> out = new ArrayList<>();
        if (coll instanceof Value.ListV l) {
            for (int i = 0; i < l.items().size(); i++) {
                out.add(Map.entry(Value.of(i), l.items().get(i)));
            }
        } else if (coll instanceof Value.MapV m) {
            m.entries().forEach((k, v) -> out.add(Map.entry(Value.of(k), v)));
        }
        return out;
    }

    // ------------------------------------------------------------------ references

    private Value traversal(Expr.Traversal t) {
        if (bindings.containsKey(t.root())) {
            return applySteps(bindings.get(t.root()), t.steps());
        }
        Resolved r = scope.resolve(t.root(), t.steps(), this);
        if (r.value() instanceof Value.Unknown) {
            return r.value();
        }
        return applySteps(r.value(), t.steps().subList(Math.min(r.consumed(), t.steps().size()), t.steps().size()));
    }

    public Value applySteps(Value v, List<Step> steps) {
        Value current = v;
        for (Step s : steps) {
            current = applyStep(current, s);
        }
        return current;
    }

    private Value applyStep(Value v, Step step) {
        if (v instanceof Value.Unknown) {
            return v;
        }
        if (step instanceof Step.Attr a) {
            if (v instanceof Value.MapV m) {
                Value found = m.entries().get(a.name());
                return found != null ? found : Value.error("there is no attribute \"" + a.name() + "\"");
            }
            if (v instanceof Value.Null) {
                return Value.error("cannot read attribute \"" + a.name() + "\" of a null value");
            }
            return Value.error("cannot read attribute \"" + a.name() + "\" of a " + v.typeName());
        }
        Value key = eval(((Step.Index) step).key());
        if (key instanceof Value.Unknown) {
            return key;
        }
        if (v instanceof Value.ListV l) {
            var n = key.asNumber();
            if (n.isEmpty() || n.get().stripTrailingZeros().scale() > 0) {
                return Value.error("a list index must be a whole number, not " + key.display());
            }
            int i = n.get().intValue();
            if (i < 0 || i >= l.items().size()) {
                return Value.error("index " + i + " is out of range for a list of " + l.items().size());
            }
            return l.items().get(i);
        }
        if (v instanceof Value.MapV m) {
            Value ks = Functions.toStringValue(key, "a map key");
            if (!(ks instanceof Value.Str s)) {
                return ks;
            }
            Value found = m.entries().get(s.value());
            return found != null ? found : Value.error("there is no key " + ks.display());
        }
        if (v instanceof Value.Null) {
            return Value.error("cannot index a null value");
        }
        return Value.error("cannot index a " + v.typeName());
    }

    private Value splat(Expr.Splat s) {
        Value source = eval(s.source());
        if (source instanceof Value.Unknown) {
            return source;
        }
        if (source instanceof Value.Null) {
            return Value.list(List.of());
        }
        if (source instanceof Value.ListV l) {
            List<Value> out = new ArrayList<>();
            for (Value item : l.items()) {
                out.add(applySteps(item, s.each()));
            }
            return Value.list(out);
        }
        return Value.list(List.of(applySteps(source, s.each())));
    }

    // ------------------------------------------------------------------ calls and operators

    private Value call(Expr.Call c) {
        String name = c.name();
        if (name.equals("try")) {
            for (Expr arg : c.args()) {
                Value v = eval(arg);
                if (v instanceof Value.Unknown u && u.error()) {
                    continue;
                }
                return v;
            }
            return Value.error("try(): every argument failed");
        }
        if (name.equals("can")) {
            if (c.args().size() != 1) {
                return Value.error("can() takes one argument");
            }
            Value v = eval(c.args().get(0));
            if (v instanceof Value.Unknown u) {
                return u.error() ? Value.of(false) : u;
            }
            return Value.of(true);
        }
        List<Value> args = new ArrayList<>();
        long weight = 0;
        for (Expr a : c.args()) {
            Value v = eval(a);
            weight += v.weight();
            if (weight > Bounds.MAX_WEIGHT) {
                // concat(l, l, l...) would build a value larger than any argument
                return Bounds.tooLarge(c);
            }
            args.add(v);
        }
        if (c.expandFinal() && !args.isEmpty()) {
            Value last = args.remove(args.size() - 1);
            if (last instanceof Value.Unknown) {
                return last;
            }
            if (!(last instanceof Value.ListV l)) {
                return Value.error("the argument expanded with ... must be a list, not a " + last.typeName());
            }
            args.addAll(l.items());
        }
        return Functions.call(name, args);
    }

    private Value binary(Expr.Binary b) {
        String op = b.op();
        if (op.equals("&&") || op.equals("||")) {
            boolean isAnd = op.equals("&&");
            Value l = eval(b.left());
            var lb = l.asBool();
            if (l.isKnown() && lb.isEmpty()) {
                return Value.error(op + " needs bools, not a " + l.typeName());
            }
            if (lb.isPresent() && lb.get() != isAnd) {
                return Value.of(!isAnd);
            }
            Value r = eval(b.right());
            var rb = r.asBool();
            if (r.isKnown() && rb.isEmpty()) {
                return Value.error(op + " needs bools, not a " + r.typeName());
            }
            if (rb.isPresent() && rb.get() != isAnd) {
                return Value.of(!isAnd);
            }
            if (!l.isKnown()) {
                return l;
            }
            if (!r.isKnown()) {
                return r;
            }
            return Value.of(isAnd);
        }
        Value l = eval(b.left());
        Value r = eval(b.right());
        if (op.equals("==") || op.equals("!=")) {
            Value u = l.firstUnknown() != null ? l.firstUnknown() : r.firstUnknown();
            if (u != null) {
                return u;
            }
            boolean eq = Objects.equals(l, r);
            return Value.of(op.equals("==") == eq);
        }
        Value u = firstUnknown(l, r);
        if (u != null) {
            return u;
        }
        var ln = l.asNumber();
        var rn = r.asNumber();
        if (ln.isEmpty() || rn.isEmpty()) {
            return Value.error("'" + op + "' needs numbers, not " + l.typeName() + " and " + r.typeName());
        }
        BigDecimal x = ln.get();
        BigDecimal y = rn.get();
        switch (op) {
            case "+":
                return new Value.Num(x.add(y, MATH));
            case "-":
                return new Value.Num(x.subtract(y, MATH));
            case "*":
                return new Value.Num(x.multiply(y, MATH));
            case "/":
                return y.signum() == 0 ? Value.error("division by zero") : new Value.Num(x.divide(y, MATH));
            case "%":
                return y.signum() == 0 ? Value.error("modulo by zero") : new Value.Num(x.remainder(y, MATH));
            case "<":
                return Value.of(x.compareTo(y) < 0);
            case "<=":
                return Value.of(x.compareTo(y) <= 0);
            case ">":
                return Value.of(x.compareTo(y) > 0);
            case ">=":
                return Value.of(x.compareTo(y) >= 0);
            default:
                return Value.error("unknown operator " + op);
        }
    }

    private Value unary(Expr.Unary u) {
        Value v = eval(u.operand());
        if (v instanceof Value.Unknown) {
            return v;
        }
        if (u.op().equals("!")) {
            return v.asBool().map(b -> Value.of(!b)).orElseGet(() -> Value.error("! needs a bool, not a " + v.typeName()));
        }
        return v.asNumber().map(n -> (Value) new Value.Num(n.negate()))
                .orElseGet(() -> Value.error("- needs a number, not a " + v.typeName()));
    }

    private static Value firstUnknown(Value... values) {
        for (Value v : values) {
            if (v instanceof Value.Unknown) {
                return v;
            }
        }
        return null;
    }
}
