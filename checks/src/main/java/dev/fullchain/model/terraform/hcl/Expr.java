package dev.fullchain.model.terraform.hcl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** An HCL expression, as written: nothing is evaluated here (see the eval package). */
public sealed interface Expr {

    SourceRange range();

    /** A number (BigDecimal), a bool, null, or a string with no template sequence. */
    record Literal(Object value, SourceRange range) implements Expr {
    }

    /** A quoted string or a heredoc: literal text, interpolations and directives. */
    record Template(List<TemplatePart> parts, boolean heredoc, SourceRange range) implements Expr {
    }

    record Tuple(List<Expr> items, SourceRange range) implements Expr {
    }

    record ObjectCons(List<Item> items, SourceRange range) implements Expr {
        /** {@code bareKey}: the key was a naked identifier, which HCL reads as a literal string. */
        public record Item(Expr key, Expr value, boolean bareKey) {
        }
    }

    /** A reference from a root name: var.x, local.y, module.m.out, azurerm_x.y[0].name, each.key ... */
    record Traversal(String root, List<Step> steps, SourceRange range) implements Expr {
        /** "var.prefix", "azurerm_key_vault.this.name": the root and leading attribute steps. */
        public String dotted() {
            StringBuilder b = new StringBuilder(root);
            for (Step s : steps) {
                if (s instanceof Step.Attr a) {
                    b.append('.').append(a.name());
                } else {
                    break;
                }
            }
            return b.toString();
        }
    }

    /** Attribute and index steps applied to another expression: f(x).a, (x)[0]. */
    record Relative(Expr source, List<Step> steps, SourceRange range) implements Expr {
    }

    /** {@code source[*].a.b} or {@code source.*.a}: the steps are applied to every element. */
    record Splat(Expr source, List<Step> each, SourceRange range) implements Expr {
    }

    /** {@code name(args)}; {@code expandFinal}: the last argument was written with "..." */
    record Call(String name, List<Expr> args, boolean expandFinal, SourceRange range) implements Expr {
    }

    record Conditional(Expr condition, Expr whenTrue, Expr whenFalse, SourceRange range) implements Expr {
    }

    /** op is one of + - * / % == != < <= > >= && || */
    record Binary(String op, Expr left, Expr right, SourceRange range) implements Expr {
    }

    /** op is - or ! */
    record Unary(String op, Expr operand, SourceRange range) implements Expr {
    }

    /** [for k, v in coll : value if cond] or {for k, v in coll : key => value... if cond}. */
    record For(String keyVar, String valueVar, Expr collection, Expr keyExpr, Expr valueExpr, Expr condition,
               boolean grouping, boolean object, SourceRange range) implements Expr {
    }

    record Paren(Expr inner, SourceRange range) implements Expr {
    }

    // ------------------------------------------------------------------ helpers

    /** The string this expression is when it holds no reference or sequence: "abc", abc written as a literal. */
    static Optional<String> literalString(Expr e) {
        if (e instanceof Literal l && l.value() instanceof String s) {
            return Optional.of(s);
        }
        if (e instanceof Template t) {
            StringBuilder b = new StringBuilder();
            for (TemplatePart p : t.parts()) {
                if (p instanceof TemplatePart.Text text) {
                    b.append(text.text());
                } else {
                    return Optional.empty();
                }
            }
            return Optional.of(b.toString());
        }
        return Optional.empty();
    }

    /** Whether this is a constant: literals, and tuples/objects/templates of constants, no reference or call. */
    static boolean isConstant(Expr e) {
        return references(e).isEmpty() && calls(e).isEmpty() && !(e instanceof For);
    }

    /** Every traversal in the expression (var.x, local.y, module.m.o, resource refs), in order. */
    static List<Traversal> references(Expr e) {
        List<Traversal> out = new ArrayList<>();
        walk(e, x -> {
            if (x instanceof Traversal t) {
                out.add(t);
            }
        });
        return out;
    }

    /** The names of the functions called anywhere in the expression. */
    static Set<String> calls(Expr e) {
        Set<String> out = new LinkedHashSet<>();
        walk(e, x -> {
            if (x instanceof Call c) {
                out.add(c.name());
            }
        });
        return out;
    }

    /** Visits the expression and every sub-expression (templates and steps included). */
    static void walk(Expr e, java.util.function.Consumer<Expr> visitor) {
        if (e == null) {
            return;
        }
        visitor.accept(e);
        if (e instanceof Template t) {
            t.parts().forEach(p -> walkPart(p, visitor));
        } else if (e instanceof Tuple t) {
            t.items().forEach(i -> walk(i, visitor));
        } else if (e instanceof ObjectCons o) {
            o.items().forEach(i -> {
                walk(i.key(), visitor);
                walk(i.value(), visitor);
            });
        } else if (e instanceof Traversal t) {
            walkSteps(t.steps(), visitor);
        } else if (e instanceof Relative r) {
            walk(r.source(), visitor);
            walkSteps(r.steps(), visitor);
        } else if (e instanceof Splat s) {
            walk(s.source(), visitor);
            walkSteps(s.each(), visitor);
        } else if (e instanceof Call c) {
            c.args().forEach(a -> walk(a, visitor));
        } else if (e instanceof Conditional c) {
            walk(c.condition(), visitor);
            walk(c.whenTrue(), visitor);
            walk(c.whenFalse(), visitor);
        } else if (e instanceof Binary b) {
            walk(b.left(), visitor);
            walk(b.right(), visitor);
        } else if (e instanceof Unary u) {
            walk(u.operand(), visitor);
        } else if (e instanceof For f) {
            walk(f.collection(), visitor);
            walk(f.keyExpr(), visitor);
            walk(f.valueExpr(), visitor);
            walk(f.condition(), visitor);
        } else if (e instanceof Paren p) {
            walk(p.inner(), visitor);
        }
    }

    private static void walkSteps(List<Step> steps, java.util.function.Consumer<Expr> visitor) {
        for (Step s : steps) {
            if (s instanceof Step.Index i) {
                walk(i.key(), visitor);
            }
        }
    }

    private static void walkPart(TemplatePart p, java.util.function.Consumer<Expr> visitor) {
        if (p instanceof TemplatePart.Interp i) {
            walk(i.expr(), visitor);
        } else if (p instanceof TemplatePart.If i) {
            walk(i.condition(), visitor);
            i.then().forEach(x -> walkPart(x, visitor));
            i.otherwise().forEach(x -> walkPart(x, visitor));
        } else if (p instanceof TemplatePart.Each f) {
            walk(f.collection(), visitor);
            f.body().forEach(x -> walkPart(x, visitor));
        }
    }
}
