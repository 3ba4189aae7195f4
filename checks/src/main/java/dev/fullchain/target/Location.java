package dev.fullchain.target;

/** A place in the target repository: a path relative to its root, and a 1-based line (0 when unknown). */
public record Location(String path, int line) {

    public static Location of(String path) {
        return new Location(path, 0);
    }

    public Location atLine(int newLine) {
        return new Location(path, newLine);
    }

    @Override
    public String toString() {
        return line > 0 ? path + ":" + line : path;
    }
}
