package dev.fullchain.model.terraform;

import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Block;
import dev.fullchain.model.terraform.hcl.Expr;
import dev.fullchain.target.Location;
import java.util.Optional;

/** An {@code output} block. */
public record Output(String name, Block block, TerraformConfig config) {

    public Location location() {
        return block.location();
    }

    public Optional<Attribute> value() {
        return block.attribute("value");
    }

    public boolean sensitive() {
        return block.attribute("sensitive")
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
        return "output \"" + name + "\" at " + location();
    }
}
