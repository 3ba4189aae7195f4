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

    /**
     * Whether the whole file could not be read (too big, binary, a link out of the repository,
     * a special file): nothing of it is known, so no claim about its content can be made.
     */
    public boolean unreadable() {
        return block == null;
    }

    public String path() {
        return bad.location().path();
    }
}
