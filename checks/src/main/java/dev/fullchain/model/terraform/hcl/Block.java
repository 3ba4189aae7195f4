package dev.fullchain.model.terraform.hcl;

import dev.fullchain.target.Location;
import java.util.List;
import java.util.Optional;

/** {@code type "label" ... { body }}, with where it starts. */
public record Block(String type, List<String> labels, Body body, SourceRange range) {

    public Location location() {
        return range.location();
    }

    public String label(int i) {
        return i < labels.size() ? labels.get(i) : "";
    }

    public Optional<Attribute> attribute(String name) {
        return body.attribute(name);
    }

    public List<Block> blocks(String blockType) {
        return body.blocks(blockType);
    }

    public Optional<Block> block(String blockType) {
        return body.blocks(blockType).stream().findFirst();
    }

    /** {@code resource "azurerm_key_vault" "this"} */
    public String header() {
        StringBuilder b = new StringBuilder(type);
        labels.forEach(l -> b.append(" \"").append(l).append('"'));
        return b.toString();
    }
}
