package dev.fullchain.selftest.report;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fullchain.criteria.Criterion;
import org.junit.jupiter.api.Disabled;
import org.opentest4j.TestAbortedException;

/**
 * Checks with known outcomes for the report self-tests' nested runs: one passes, one fails
 * naming a secret, one aborts, one is disabled. Not a *Test class, so Surefire never runs
 * it on its own; and unarmed, every check aborts. For a manual end-to-end run of the reports:
 * {@code ./mvnw test -Dtest='SyntheticChecks*' -Dfullchain.synthetic=armed -Dday=1 -Dtier=static}.
 */
public class SyntheticChecks {

    static volatile boolean armed = "armed".equals(System.getProperty("fullchain.synthetic"));
    static volatile String secret = System.getProperty("fullchain.synthetic.secret", "not-set");

    static {
        if (System.getProperty("fullchain.synthetic.secret") != null) {
            dev.fullchain.secrets.Secrets.register(secret);
        }
    }

    @Criterion("D1.APP.LAYOUT")
    void layout() {
        assumeTrue(armed, "only run by the report self-tests");
    }

    @Criterion("D1.IMG.PINNED")
    void pinned() {
        assumeTrue(armed, "only run by the report self-tests");
        throw new AssertionError("1 problem\n  ✗ app/api/Dockerfile:1\n      found:    FROM debian (password " + secret
                + ")\n      expected: a version tag or a digest");
    }

    @Criterion("D1.IMG.NONROOT")
    void nonRoot() {
        assumeTrue(armed, "only run by the report self-tests");
        throw new TestAbortedException("the engine went away, token " + secret);
    }

    @Criterion("D1.IMG.HYGIENE")
    @Disabled("switched off for this self-test")
    void hygiene() {
    }

    /** A class whose setup fails: its check never starts, and must not look "not run". */
    public static class BrokenSetup {

        @org.junit.jupiter.api.BeforeAll
        static void setUp() {
            if (armed) {
                throw new IllegalStateException("the setup broke");
            }
        }

        @Criterion("D1.COMPOSE.SERVICES")
        void services() {
            assumeTrue(armed, "only run by the report self-tests");
        }
    }

    /** A disabled class: JUnit reports only the class as skipped, its check shares the reason. */
    @Disabled("the whole class is off")
    public static class DisabledClass {

        @Criterion("D1.COMPOSE.HEALTH")
        void health() {
        }
    }
}
