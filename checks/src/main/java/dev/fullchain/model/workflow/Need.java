package dev.fullchain.model.workflow;

import dev.fullchain.target.Location;

/** One entry of a job's {@code needs:}. */
public record Need(String job, Location location) {
}
