package dev.fullchain.model.terraform;

import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.target.Location;

/** One entry of a {@code locals} block. */
public record LocalValue(String name, Attribute attribute) {

    public Location location() {
        return attribute.location();
    }
}
