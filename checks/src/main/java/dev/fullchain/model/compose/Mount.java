package dev.fullchain.model.compose;

import java.util.Optional;

/**
 * One entry of a service's volumes: a named volume, a bind mount of a host path, an
 * anonymous volume, a tmpfs; source and target as written.
 */
public record Mount(Kind kind, Optional<String> source, String target, boolean readOnly, String raw,
                    boolean interpolated, int line) {

    public enum Kind { NAMED, BIND, ANONYMOUS, TMPFS, OTHER }
}
