package dev.fullchain.model.helm;

import dev.fullchain.target.Location;

/**
 * A values file of a chart: {@code values.yaml} (environment "default") or a sibling
 * {@code values-<env>.yaml}. The path is relative to the target's root.
 */
public record ValuesFile(String environment, String path) {

    public static final String DEFAULT = "default";

    public boolean isDefault() {
        return DEFAULT.equals(environment);
    }

    public Location location() {
        return Location.of(path);
    }

    @Override
    public String toString() {
        return path;
    }
}
