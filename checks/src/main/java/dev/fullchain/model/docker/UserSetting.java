package dev.fullchain.model.docker;

import java.util.Optional;

/** A USER instruction: as written, with variables substituted when their values are known. */
public record UserSetting(String raw, Optional<String> resolved, int line, int stageIndex) {

    /** The user part (before any ":group"), when resolved. */
    public Optional<String> user() {
        return resolved.map(r -> r.contains(":") ? r.substring(0, r.indexOf(':')) : r);
    }

    public Optional<String> group() {
        return resolved.filter(r -> r.contains(":")).map(r -> r.substring(r.indexOf(':') + 1));
    }
}
