package dev.fullchain.model.workflow;

import dev.fullchain.target.Location;
import java.util.Optional;

/** A {@code concurrency:} group (string form or mapping) and its cancel-in-progress, as written. */
public record Concurrency(Value group, Optional<Value> cancelInProgress, Location location) {
}
