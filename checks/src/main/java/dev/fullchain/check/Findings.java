package dev.fullchain.check;

import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong while a check walks the target, then fails once with all of it,
 * so a learner sees every problem of a criterion in one run, not one per fix.
 *
 * <pre>
 * Findings findings = new Findings();
 * for (...) if (bad) findings.add(location, "FROM python:latest", "a version tag or a digest");
 * findings.assertNone();
 * </pre>
 */
public final class Findings {

    private final List<Finding> list = new ArrayList<>();

    public Findings add(Location where, String found, String expected) {
        list.add(new Finding(where, found, expected));
        return this;
    }

    /** Records a file that could not be read as what the check needs. */
    public Findings add(BadInput bad) {
        return add(bad.location(), bad.problem(), bad.expected());
    }

    /** Runs one part of a check; a file it cannot read becomes a finding and the check goes on. */
    public Findings tolerating(Runnable part) {
        try {
            part.run();
        } catch (BadInput bad) {
            add(bad);
        }
        return this;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<Finding> all() {
        return List.copyOf(list);
    }

    public void assertNone() {
        if (!list.isEmpty()) {
            throw new CheckFailure(list);
        }
    }

    /** Fails at once with one finding. */
    public static CheckFailure fail(Location where, String found, String expected) {
        return new CheckFailure(List.of(new Finding(where, found, expected)));
    }
}
