package dev.fullchain.model.compose;

import dev.fullchain.target.Location;

/** One depends_on entry; the list form means condition service_started. */
public record Dependency(String service, String condition, String file, int line) {

    public static final String STARTED = "service_started";
    public static final String HEALTHY = "service_healthy";

    public Location at() {
        return new Location(file, line);
    }
}
