package dev.fullchain.model.compose;

import java.util.List;
import java.util.Optional;

/** One service of the compose file, with the line of its name. */
public record Service(String name, int line, Optional<Value> image, Optional<Build> build, List<Port> ports,
                      List<Mount> volumes, Optional<Healthcheck> healthcheck, List<Dependency> dependsOn,
                      List<EnvVar> environment, List<EnvFileRef> envFiles, Optional<Value> networkMode,
                      List<String> profiles) {

    public Optional<Dependency> dependency(String service) {
        return dependsOn.stream().filter(d -> d.service().equals(service)).findFirst();
    }

    public Optional<EnvVar> env(String key) {
        return environment.stream().filter(e -> e.key().equals(key)).reduce((a, b) -> b);
    }
}
