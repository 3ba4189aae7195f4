package dev.fullchain.target;

/** The target itself is unusable (missing, not a directory). Stops the run with one line. */
public class TargetException extends RuntimeException {
    public TargetException(String message) {
        super(message);
    }
}
