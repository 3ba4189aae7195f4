package dev.fullchain.model.terraform;

import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Block;
import dev.fullchain.target.Location;
import java.util.Optional;

/** A {@code resource} or {@code data} block, as declared (see ResourceInstance for its values). */
public record Resource(boolean data, String type, String name, Block block, TerraformConfig config) {

    /** "azurerm_key_vault.this", "data.azurerm_client_config.current" */
    public String address() {
        return (data ? "data." : "") + type + "." + name;
    }

    public Location location() {
        return block.location();
    }

    public Optional<Attribute> attribute(String attributeName) {
        return block.attribute(attributeName);
    }

    /** count or for_each, when the resource declares several instances. */
    public Optional<Attribute> repetition() {
        return block.attribute("for_each").or(() -> block.attribute("count"));
    }

    /** Whether {@code lifecycle { prevent_destroy = true }} is written (as a literal). */
    public Optional<Attribute> lifecycleSetting(String setting) {
        return block.block("lifecycle").flatMap(l -> l.attribute(setting));
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
        return address() + " at " + location();
    }
}
