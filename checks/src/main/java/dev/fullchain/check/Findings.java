package dev.fullchain.check;

import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what keeps a criterion from passing while a check walks the target, then ends
 * once with all of it, so a learner sees every problem of a criterion in one run, not one
 * per fix.
 *
 * <pre>
 * Findings findings = new Findings();
 * for (...) if (bad) findings.add(location, "FROM python:latest", "a version tag or a digest");
 * findings.assertNone();
 * </pre>
 *
 * The verdict follows the worst kind: any real finding fails the criterion (blocked files
 * and unknown values are listed with it); otherwise an unreadable file blocks it; otherwise
 * a value fullchain cannot compute makes it "cannot tell". None of them passes.
 */
public final class Findings {

    private final List<Finding> list = new ArrayList<>();
    private String hint;

    public Findings add(Location where, String found, String expected) {
        list.add(new Finding(where, found, expected));
        return this;
    }

    /** A file that could not be read as what the check needs: the criterion is blocked by it (said once per file). */
    public Findings add(BadInput bad) {
        boolean known = list.stream().anyMatch(f -> f.kind() == Verdict.BLOCKED && f.where().path().equals(bad.location().path()));
        if (!known) {
            list.add(new Finding(bad.location(), bad.problem(), bad.expected(), Verdict.BLOCKED));
        }
        return this;
    }

    /** A value the criterion depends on that fullchain cannot compute: never guessed, never passed. */
    public Findings cannotTell(Location where, String what, String howToTell) {
        list.add(new Finding(where, what, howToTell, Verdict.CANNOT_TELL));
        return this;
    }

    /** Runs one part of a check; a file it cannot read blocks that part, and the check goes on. */
    public Findings tolerating(Runnable part) {
        try {
            part.run();
        } catch (BadInput bad) {
            add(bad);
        }
        return this;
    }

    /**
     * A hint for what was found, in place of the catalog's generic one, where that one would
     * mislead (a Helm lint error: Helm's message, not "move your chart").
     */
    public Findings hint(String specific) {
        this.hint = specific;
        return this;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<Finding> all() {
        return List.copyOf(list);
    }

    /** The verdict these findings give, FAILED first. Meaningless when empty. */
    public Verdict verdict() {
        if (list.stream().anyMatch(f -> f.kind() == Verdict.FAILED)) {
            return Verdict.FAILED;
        }
        if (list.stream().anyMatch(f -> f.kind() == Verdict.BLOCKED)) {
            return Verdict.BLOCKED;
        }
        return Verdict.CANNOT_TELL;
    }

    public void assertNone() {
        if (!list.isEmpty()) {
            throw new CheckFailure(verdict(), list).withHint(hint);
        }
    }

    /** Fails at once with one finding. */
    public static CheckFailure fail(Location where, String found, String expected) {
        return new CheckFailure(List.of(new Finding(where, found, expected)));
    }
}
