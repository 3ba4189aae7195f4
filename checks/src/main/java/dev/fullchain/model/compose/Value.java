package dev.fullchain.model.compose;

import dev.fullchain.target.Location;

/** A scalar of a compose file as written, the file and line that set it, and whether it uses ${VAR} interpolation. */
public record Value(String raw, String file, int line, boolean interpolated) {

    public static Value of(String raw, String file, int line) {
        return new Value(raw, file, line, Interpolation.isInterpolated(raw));
    }

    /** Written out in the file: not empty and not taken from a variable. */
    public boolean isLiteral() {
        return !interpolated && !raw.isBlank();
    }

    /** Where the value is set. */
    public Location at() {
        return new Location(file, line);
    }

    @Override
    public String toString() {
        return raw;
    }
}
