package dev.fullchain.model.compose;

import dev.fullchain.target.Location;
import java.util.List;
import java.util.Optional;

/**
 * One service of the compose project, with the file and line of its name (the first file that
 * defines it) and its project directory: the folder its relative paths (build context,
 * env_file, bind mounts) are resolved from, relative to the repository root ("" or ending in '/').
 */
public record Service(String name, String file, int line, String directory, Optional<Value> image, Optional<Build> build,
                      List<Port> ports, List<Mount> volumes, Optional<Healthcheck> healthcheck, List<Dependency> dependsOn,
                      List<EnvVar> environment, List<EnvFileRef> envFiles, Optional<Value> networkMode,
                      List<String> profiles) {

    public Optional<Dependency> dependency(String service) {
        return dependsOn.stream().filter(d -> d.service().equals(service)).findFirst();
    }

    public Optional<EnvVar> env(String key) {
        return environment.stream().filter(e -> e.key().equals(key)).reduce((a, b) -> b);
    }

    public Location at() {
        return new Location(file, line);
    }
}
