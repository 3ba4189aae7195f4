package dev.fullchain.model.docker;

import java.util.Optional;

/**
 * One ENV, ARG or LABEL pair as written (quotes removed, variables not substituted).
 * An ARG without a default has no value.
 */
public record KeyValue(String keyword, String key, Optional<String> value, boolean refersToVariable, int line) {

    /** A value written out in the file: present, not blank, and not only built from variables. */
    public boolean isLiteral() {
        return value.isPresent() && !value.get().isBlank() && !refersToVariable;
    }
}
