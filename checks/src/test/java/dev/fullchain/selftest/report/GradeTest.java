package dev.fullchain.selftest.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.report.Grade;
import dev.fullchain.report.Tally;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The grade rule at its edges: what ran decides, skips never count as passes. */
@Tag("selftest")
class GradeTest {

    private static Grade grade(int passed, int failed, int skipped, int notRun) {
        return Grade.of(new Tally(passed, failed, 0, 0, 0, 0, skipped, notRun));
    }

    @Test
    void nothingRanIsNoGradeNotAnA() {
        assertThat(grade(0, 0, 0, 0)).isEqualTo(Grade.NONE);
        assertThat(grade(0, 0, 5, 0)).isEqualTo(Grade.NONE);
        assertThat(grade(0, 0, 2, 3)).isEqualTo(Grade.NONE);
        assertThat(Grade.NONE.symbol()).isEqualTo("—");
    }

    @Test
    void allPassedWithAtMostAFifthUnverifiedIsA() {
        assertThat(grade(1, 0, 0, 0)).isEqualTo(Grade.A);
        assertThat(grade(4, 0, 1, 0)).as("exactly a fifth skipped").isEqualTo(Grade.A);
        assertThat(grade(4, 0, 0, 1)).as("exactly a fifth not run").isEqualTo(Grade.A);
        assertThat(grade(8, 0, 1, 1)).isEqualTo(Grade.A);
    }

    @Test
    void allPassedButTooMuchSkippedIsB() {
        assertThat(grade(4, 0, 2, 0)).isEqualTo(Grade.B);
        assertThat(grade(1, 0, 0, 4)).isEqualTo(Grade.B);
    }

    @Test
    void oneFailureCostsTheA() {
        assertThat(grade(9, 1, 0, 0)).isEqualTo(Grade.B);
        assertThat(grade(2, 1, 0, 0)).as("exactly two thirds").isEqualTo(Grade.B);
    }

    @Test
    void lessThanTwoThirdsPassedIsC() {
        assertThat(grade(1, 1, 0, 0)).isEqualTo(Grade.C);
        assertThat(grade(0, 1, 0, 0)).isEqualTo(Grade.C);
        assertThat(grade(5, 3, 0, 0)).as("5/8 < 2/3").isEqualTo(Grade.C);
        assertThat(grade(0, 1, 10, 0)).isEqualTo(Grade.C);
    }

    @Test
    void missingAndBlockedCountAsNotPassed() {
        assertThat(Grade.of(new Tally(9, 0, 1, 0, 0, 0, 0, 0))).as("one missing costs the A").isEqualTo(Grade.B);
        assertThat(Grade.of(new Tally(9, 0, 0, 1, 0, 0, 0, 0))).as("one blocked costs the A").isEqualTo(Grade.B);
        assertThat(Grade.of(new Tally(1, 0, 2, 0, 0, 0, 0, 0))).as("missing weighs like failed").isEqualTo(Grade.C);
        assertThat(new Tally(0, 0, 11, 0, 0, 0, 0, 0).notStarted()).isTrue();
        assertThat(new Tally(1, 0, 10, 0, 0, 0, 0, 0).notStarted()).isFalse();
    }

    @Test
    void theRuleTextNamesEveryGrade() {
        assertThat(Grade.RULE).contains("A:", "B:", "C:", "—:", "a fifth", "two thirds");
    }
}
