package dev.fullchain.target;

/**
 * A file of the target that cannot be read as what it should be (missing, binary, malformed).
 * Thrown by models when a check asks for the file; the check then fails naming the file,
 * and the other checks go on.
 */
public class BadInput extends RuntimeException {

    private final Location location;
    private final String expected;

    public BadInput(Location location, String problem, String expected) {
        super(location + ": " + problem);
        this.location = location;
        this.expected = expected;
    }

    public BadInput(Location location, String problem, String expected, Throwable cause) {
        this(location, problem, expected);
        initCause(cause);
    }

    public Location location() {
        return location;
    }

    /** The problem alone, without the location. */
    public String problem() {
        String m = getMessage();
        return m.substring(location.toString().length() + 2);
    }

    public String expected() {
        return expected;
    }
}
