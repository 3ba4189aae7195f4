package dev.fullchain.model.compose;

import dev.fullchain.target.Location;
import java.util.Optional;

/**
 * One entry of a service's volumes: a named volume, a bind mount of a host path, an
 * anonymous volume, a tmpfs; source and target as written. Compose merges volumes by target:
 * a later file's mount on the same path replaces the earlier one.
 */
public record Mount(Kind kind, Optional<String> source, String target, boolean readOnly, String raw,
                    boolean interpolated, String file, int line) {

    public enum Kind { NAMED, BIND, ANONYMOUS, TMPFS, OTHER }

    public Location at() {
        return new Location(file, line);
    }
}
