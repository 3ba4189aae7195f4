package dev.fullchain.model.terraform.hcl;

import dev.fullchain.target.Location;

/**
 * Where a piece of HCL is: the file (relative to the target's root), the 1-based line and
 * column where it starts, and its character offsets in the file ([start, end)).
 */
public record SourceRange(String file, int line, int column, int start, int end) {

    public Location location() {
        return new Location(file, line);
    }

    /** A range from this one's start to the other's end. */
    public SourceRange to(SourceRange other) {
        return new SourceRange(file, line, column, start, Math.max(end, other.end));
    }

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
