package dev.fullchain.model.compose;

import java.util.List;
import java.util.Optional;

/**
 * A service's build: short form {@code build: ./api} or long form with context, dockerfile,
 * dockerfile_inline, args, target. Paths are as written (relative to the compose file's folder).
 */
public record Build(Value context, Optional<Value> dockerfile, Optional<Value> dockerfileInline,
                    List<EnvVar> args, Optional<Value> target, int line) {

    public static final String DEFAULT_DOCKERFILE = "Dockerfile";
}
