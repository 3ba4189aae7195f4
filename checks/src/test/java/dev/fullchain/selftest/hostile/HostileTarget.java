package dev.fullchain.selftest.hostile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One hostile variant of the reference fixtures, built at test time: what a fork's pull
 * request could hand fullchain when it runs as a gate. {@code names} is the file the
 * checklist must name when it reports the problem.
 */
record HostileTarget(String name, String kind, String names, Edit edit) {

    /** Writes the hostile change into {@code repo}; {@code outside} is a folder next to it holding content that must never be read. */
    @FunctionalInterface
    interface Edit {
        void apply(Path repo, Path outside) throws IOException, InterruptedException;
    }

    @Override
    public String toString() {
        return kind + ": " + name;
    }
}
