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

    /**
     * The days whose static checks judge this variant: those that read the file it breaks
     * (the whole run is what a gate does, but each day costs a second or two, and the battery
     * must stay quick). A planted secret, a wrong verdict or a file of the root is judged by
     * every day, since any day could print it.
     */
    java.util.Set<Integer> days() {
        if (kind.equals("secret") || kind.equals("verdict")) {
            return java.util.Set.of(1, 2, 3, 4, 5);
        }
        if (names.startsWith("app/")) {
            return java.util.Set.of(1);
        }
        if (names.startsWith("terraform") || names.startsWith("module cycle")) {
            return java.util.Set.of(2);
        }
        if (names.startsWith("charts")) {
            return java.util.Set.of(3, 5); // Day 5 reads the helmfile and the stack's values files
        }
        if (names.startsWith(".github")) {
            return java.util.Set.of(4);
        }
        return java.util.Set.of(1, 2, 3, 4, 5);
    }

    @Override
    public String toString() {
        return kind + ": " + name;
    }
}
