package dev.fullchain.model.compose;

import dev.fullchain.target.SourceFile;
import java.util.List;
import java.util.Optional;

/**
 * A parsed compose file: its services in order, its top-level volumes, and every
 * interpolated value (to know whether it relies on variables from an env file).
 */
public record ComposeProject(String path, int servicesLine, List<Service> services, List<NamedVolume> volumes,
                             List<Value> interpolations) {

    /** Parses a compose file; throws BadInput naming the file and line when it is not one. */
    public static ComposeProject parse(SourceFile file) {
        return ComposeParser.parse(file);
    }

    public Optional<Service> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<NamedVolume> volume(String name) {
        return volumes.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** The folder the compose file is in, relative to the target root ("" for the root). */
    public String directory() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash + 1);
    }
}
