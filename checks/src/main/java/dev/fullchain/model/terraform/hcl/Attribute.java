package dev.fullchain.model.terraform.hcl;

import dev.fullchain.target.Location;

/** {@code name = expression}, with where it is. */
public record Attribute(String name, Expr expr, SourceRange range) {

    public Location location() {
        return range.location();
    }
}
