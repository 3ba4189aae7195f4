package dev.fullchain.selftest;

/** How one criterion ended in a nested harness run. */
public record Outcome(String criterion, Status status, String message) {

    public enum Status { PASSED, FAILED, SKIPPED }

    public boolean failed() {
        return status == Status.FAILED;
    }

    @Override
    public String toString() {
        String first = message == null ? "" : message.lines().limit(6).reduce((a, b) -> a + "\n      " + b).orElse("");
        return criterion + " " + status + (first.isEmpty() ? "" : ": " + first);
    }
}
