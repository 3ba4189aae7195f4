package dev.fullchain.model.compose;

/** A scalar of the compose file as written, its line, and whether it uses ${VAR} interpolation. */
public record Value(String raw, int line, boolean interpolated) {

    public static Value of(String raw, int line) {
        return new Value(raw, line, Interpolation.isInterpolated(raw));
    }

    /** Written out in the file: not empty and not taken from a variable. */
    public boolean isLiteral() {
        return !interpolated && !raw.isBlank();
    }

    @Override
    public String toString() {
        return raw;
    }
}
