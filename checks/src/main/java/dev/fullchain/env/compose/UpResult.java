package dev.fullchain.env.compose;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How starting the stack went: its failure if any, how long it took, and each service's state at the end. */
public record UpResult(Optional<StackFailure> failure, Duration took, List<ServiceState> services) {

    public boolean up() {
        return failure.isEmpty();
    }
}
