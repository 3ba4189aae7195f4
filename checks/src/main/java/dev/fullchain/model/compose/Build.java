package dev.fullchain.model.compose;

import dev.fullchain.target.Location;
import java.util.List;
import java.util.Optional;

/**
 * A service's build: short form {@code build: ./api} or long form with context, dockerfile,
 * dockerfile_inline, args, target. Paths are as written (relative to the service's project
 * directory). {@code writtenContext} is empty when the long form leaves the context out.
 */
public record Build(Optional<Value> writtenContext, Optional<Value> dockerfile, Optional<Value> dockerfileInline,
                    List<EnvVar> args, Optional<Value> target, String file, int line) {

    public static final String DEFAULT_DOCKERFILE = "Dockerfile";

    /** The context, "." (the project directory) when none is written. */
    public Value context() {
        return writtenContext.orElse(new Value(".", file, line, false));
    }

    public Location at() {
        return new Location(file, line);
    }
}
