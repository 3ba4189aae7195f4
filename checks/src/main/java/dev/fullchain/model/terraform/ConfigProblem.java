package dev.fullchain.model.terraform;

import dev.fullchain.model.terraform.hcl.BrokenBlock;
import dev.fullchain.target.BadInput;

/**
 * A file of the configuration that could not be read fully, and which block that cost (when
 * known): checks report the problems that may hide what they look for, and only those.
 */
public record ConfigProblem(BadInput bad, BrokenBlock block) {

    /** Whether the lost part may be a block of this type (and first label, when not null). */
    public boolean mayBe(String blockType, String firstLabel) {
        return block == null || block.mayBe(blockType, firstLabel);
    }

    public String path() {
        return bad.location().path();
    }
}
