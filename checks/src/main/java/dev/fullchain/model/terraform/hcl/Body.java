package dev.fullchain.model.terraform.hcl;

import java.util.List;
import java.util.Optional;

/** The inside of a file or a block: attributes and nested blocks, in source order. */
public record Body(List<Attribute> attributes, List<Block> blocks) {

    public Optional<Attribute> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public List<Block> blocks(String type) {
        return blocks.stream().filter(b -> b.type().equals(type)).toList();
    }
}
