package dev.fullchain.model.compose;

import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import java.util.List;
import java.util.Optional;

/**
 * A compose project as `docker compose config` sees it: its services in order, its top-level
 * volumes, and every interpolated value (to know whether it relies on variables from an env
 * file), merged from the compose file, the override file beside it and the files it includes.
 * Each value keeps the file and line that set it; {@code files} are the compose files read, and
 * {@code written} every service of each file as written there, before merging (a value a later
 * file replaces is still committed in the earlier one).
 */
public record ComposeProject(String path, int servicesLine, List<Service> services, List<NamedVolume> volumes,
                             List<Value> interpolations, List<String> files, List<Service> written) {

    /** The file names docker compose itself looks for, in its order. */
    public static final List<String> DEFAULT_NAMES = List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");

    /**
     * The override file compose reads beside a default-named compose file when run without -f:
     * the first of these that exists (compose-go's DefaultOverrideFileNames).
     */
    public static final List<String> OVERRIDE_NAMES = List.of("compose.override.yml", "compose.override.yaml",
            "docker-compose.override.yml", "docker-compose.override.yaml");

    /**
     * Loads the project whose compose file is {@code path} (relative to the root), reading its
     * override and includes through the target; throws BadInput naming the file and line of
     * the first one that cannot be read or is not compose.
     */
    public static ComposeProject load(Target target, String path) {
        return ComposeLoader.load(target, path);
    }

    /** Parses one compose file on its own (no override, no include followed); BadInput naming the file and line when it is not one. */
    public static ComposeProject parse(SourceFile file) {
        ComposeFile f = ComposeParser.parse(file, parent(file.path()));
        return new ComposeProject(f.path(), f.servicesLine(), f.services(), f.volumes(), f.interpolations(), List.of(f.path()),
                f.services());
    }

    public Optional<Service> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<NamedVolume> volume(String name) {
        return volumes.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** The folder the compose file is in, relative to the target root ("" for the root). */
    public String directory() {
        return parent(path);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash + 1);
    }
}
