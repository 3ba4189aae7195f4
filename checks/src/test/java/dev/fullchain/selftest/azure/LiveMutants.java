package dev.fullchain.selftest.azure;

import dev.fullchain.selftest.Mutant;
import dev.fullchain.selftest.MutantFolder;
import java.util.List;
import java.util.Map;

/**
 * The live mutants under checks/src/test/resources/live-mutants/ (kept out of mutants/: they
 * need the fake Azure, which the main mutant runner does not start). Each is a mutant in the
 * usual format plus {@code fake:}, edits of the fake's canned state by dotted path.
 */
public final class LiveMutants {

    /** A mutant and the edits it makes to the fake Azure's state. */
    public record LiveMutant(Mutant mutant, Map<String, Object> fake) {
    }

    private LiveMutants() {
    }

    public static List<LiveMutant> all() {
        return MutantFolder.load("/live-mutants", "live/", "fake", LiveMutant::new);
    }
}
