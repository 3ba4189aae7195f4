package dev.fullchain.model.workflow;

import dev.fullchain.target.Location;
import java.util.Optional;

/** A job's {@code environment:} (a name, or a mapping with name and url). */
public record JobEnvironment(Value name, Optional<Value> url, Location location) {
}
