package dev.fullchain.model.terraform.hcl;

/** One step of a traversal: .name, or [key] (legacy .0 indexes become [0]). */
public sealed interface Step {

    record Attr(String name) implements Step {
    }

    record Index(Expr key) implements Step {
    }
}
