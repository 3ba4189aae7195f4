package dev.fullchain.model.terraform.hcl;

import java.util.List;

/**
 * A parsed file: what could be read (every complete top-level block and attribute), the
 * syntax errors, and the blocks they broke. A file with errors still gives its other blocks.
 */
public record HclFile(String path, String text, Body body, List<HclError> errors, List<BrokenBlock> broken) {

    public boolean ok() {
        return errors.isEmpty();
    }

    /** The source text of an expression or block, as written. */
    public String textOf(SourceRange r) {
        return text.substring(Math.max(0, r.start()), Math.min(text.length(), r.end()));
    }
}
