package dev.fullchain.model.compose;

import dev.fullchain.target.Location;

/** A volume declared under the top-level volumes key. */
public record NamedVolume(String name, boolean external, String file, int line) {

    public Location at() {
        return new Location(file, line);
    }
}
