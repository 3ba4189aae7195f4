package dev.fullchain.model.compose;

import dev.fullchain.target.Location;
import java.util.List;
import java.util.Optional;

/**
 * One entry of the top-level include: the compose file(s) it loads (the first is the base,
 * the others override it), the project directory their relative paths resolve from (the
 * first file's folder by default), and the env files for their ${...}. Paths as written,
 * relative to the including file's project directory.
 */
public record Include(List<Value> paths, Optional<Value> projectDirectory, List<Value> envFiles, String file, int line) {

    public Location at() {
        return new Location(file, line);
    }
}
