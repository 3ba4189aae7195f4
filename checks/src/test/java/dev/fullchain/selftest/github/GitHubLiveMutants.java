package dev.fullchain.selftest.github;

import dev.fullchain.selftest.MutantFolder;
import dev.fullchain.selftest.azure.LiveMutants.LiveMutant;
import java.util.List;

/**
 * The GitHub live mutants under checks/src/test/resources/github-live-mutants/: the usual
 * mutant format plus {@code fake:}, edits of the fake GitHub's canned state by dotted path
 * (array elements by index; null removes). Same shape as the Azure live mutants.
 */
public final class GitHubLiveMutants {

    static final String FOLDER = "/github-live-mutants";

    private GitHubLiveMutants() {
    }

    public static List<LiveMutant> all() {
        return MutantFolder.load(FOLDER, "github-live/", "fake", LiveMutant::new);
    }
}
