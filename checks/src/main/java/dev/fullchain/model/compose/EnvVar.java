package dev.fullchain.model.compose;

import dev.fullchain.target.Location;
import java.util.Optional;

/**
 * One environment (or build args) entry: "K=V" or "K" in a list, K: V in a map. No value
 * means compose takes it from the shell or the .env file.
 */
public record EnvVar(String key, Optional<Value> value, String file, int line) {

    public Location at() {
        return new Location(file, line);
    }
}
