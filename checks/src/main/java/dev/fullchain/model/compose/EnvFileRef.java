package dev.fullchain.model.compose;

import dev.fullchain.target.Location;

/** One env_file entry, path as written (relative to the service's project directory). */
public record EnvFileRef(String path, boolean required, String file, int line) {

    public Location at() {
        return new Location(file, line);
    }
}
