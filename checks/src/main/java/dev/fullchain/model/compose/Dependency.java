package dev.fullchain.model.compose;

/** One depends_on entry; the list form means condition service_started. */
public record Dependency(String service, String condition, int line) {

    public static final String STARTED = "service_started";
    public static final String HEALTHY = "service_healthy";
}
