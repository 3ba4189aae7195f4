package dev.fullchain.model.terraform.hcl;

import java.util.List;

/** A piece of a string template: text, ${expr}, %{if}...%{else}...%{endif}, %{for}...%{endfor}. */
public sealed interface TemplatePart {

    record Text(String text) implements TemplatePart {
    }

    record Interp(Expr expr) implements TemplatePart {
    }

    record If(Expr condition, List<TemplatePart> then, List<TemplatePart> otherwise) implements TemplatePart {
    }

    /** %{ for key, value in collection } (key is null with a single variable). */
    record Each(String key, String value, Expr collection, List<TemplatePart> body) implements TemplatePart {
    }
}
