package dev.fullchain.model.compose;

import dev.fullchain.target.Location;
import java.util.List;

/**
 * A service healthcheck. test is the list form (the string form becomes ["CMD-SHELL", s]);
 * disabled when {@code disable: true} or {@code test: ["NONE"]}. The file and line are those
 * of the healthcheck that sets the test (or disables it).
 */
public record Healthcheck(List<String> test, boolean disabled, String file, int line) {

    public Location at() {
        return new Location(file, line);
    }
}
