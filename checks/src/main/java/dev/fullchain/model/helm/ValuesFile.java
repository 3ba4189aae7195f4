package dev.fullchain.model.helm;

import dev.fullchain.target.Location;
import java.util.List;

/**
 * A values file of a chart: {@code values.yaml} (environment "default") or an environment's
 * file (values-dev.yaml, values.prod.yaml, values/dev.yaml, env/dev/values.yaml, or what the
 * helmfile's release gives that environment). {@code layers} are the files Helm applies over
 * values.yaml, in order ({@code -f a -f b}); {@code path} is the environment's own file, the
 * one messages name. Paths are relative to the target's root.
 */
public record ValuesFile(String environment, String path, List<String> layers) {

    public static final String DEFAULT = "default";

    public ValuesFile {
        layers = List.copyOf(layers);
    }

    /** One file: values.yaml for the default environment, else that file over values.yaml. */
    public ValuesFile(String environment, String path) {
        this(environment, path, DEFAULT.equals(environment) ? List.of() : List.of(path));
    }

    public boolean isDefault() {
        return DEFAULT.equals(environment);
    }

    public Location location() {
        return Location.of(path);
    }

    /** The file name alone, for messages ("values-prod.yaml"). */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return path;
    }
}
