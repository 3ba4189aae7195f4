package dev.fullchain.model.terraform;

import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Block;
import dev.fullchain.model.terraform.hcl.Expr;
import dev.fullchain.target.Location;
import java.util.List;
import java.util.Optional;

/** A {@code variable} block: type, description, default, validation, sensitive. */
public record Variable(String name, Block block, TerraformConfig config) {

    public Location location() {
        return block.location();
    }

    public Optional<Attribute> type() {
        return block.attribute("type");
    }

    /** The type as written ("string", "map(string)"), or empty. */
    public Optional<String> typeText() {
        return type().map(a -> config.text(a.expr().range()).trim());
    }

    /** The description, when it is a literal string. */
    public Optional<String> description() {
        return block.attribute("description").flatMap(a -> Expr.literalString(a.expr()));
    }

    public Optional<Attribute> defaultValue() {
        return block.attribute("default");
    }

    public List<dev.fullchain.model.terraform.hcl.Block> validations() {
        return block.blocks("validation");
    }

    public boolean sensitive() {
        return literalTrue("sensitive");
    }

    private boolean literalTrue(String attribute) {
        return block.attribute(attribute)
                .map(a -> a.expr() instanceof Expr.Literal l && Boolean.TRUE.equals(l.value()))
                .orElse(false);
    }

    @Override
    public boolean equals(Object o) {
        return o == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "variable \"" + name + "\" at " + location();
    }
}
