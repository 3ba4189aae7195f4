package dev.fullchain.model.terraform;

import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Block;
import dev.fullchain.target.Location;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code module "name" { source = ... }} call. A local source ("./modules/acr") is resolved
 * to a directory of the target; {@code localDir} is empty for registry or git sources.
 * {@code leavesRepository}: the local source is outside the repository (through ../ or a
 * link out of it); fullchain never reads it.
 */
public record ModuleCall(String name, Block block, TerraformConfig caller, Optional<String> source,
                         Optional<String> localDir, boolean sourceExists, boolean leavesRepository) {

    private static final Set<String> META = Set.of("source", "version", "count", "for_each", "providers", "depends_on");

    public Location location() {
        return block.location();
    }

    public boolean isLocal() {
        return localDir.isPresent();
    }

    /** The inputs given to the module (every attribute but the meta-arguments). */
    public List<Attribute> inputs() {
        return block.body().attributes().stream().filter(a -> !META.contains(a.name())).toList();
    }

    public Optional<Attribute> input(String variable) {
        return META.contains(variable) ? Optional.empty() : block.attribute(variable);
    }

    public Optional<Attribute> repetition() {
        return block.attribute("for_each").or(() -> block.attribute("count"));
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
        return "module \"" + name + "\" at " + location();
    }
}
