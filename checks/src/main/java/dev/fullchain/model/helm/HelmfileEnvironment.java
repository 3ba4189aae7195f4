package dev.fullchain.model.helm;

import dev.fullchain.target.Location;
import java.util.List;

/** An entry of a helmfile's environments: (dev, prod), with its values files or inline values. */
public record HelmfileEnvironment(String name, List<Object> values, Location location) {
}
