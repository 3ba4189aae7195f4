package dev.fullchain.model.terraform.hcl;

import dev.fullchain.target.Location;

/** A syntax error found while reading a file: where, and what was wrong. */
public record HclError(String file, int line, int column, String message) {

    public Location location() {
        return new Location(file, line);
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
