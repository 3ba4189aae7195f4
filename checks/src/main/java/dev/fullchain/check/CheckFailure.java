package dev.fullchain.check;

import java.util.List;

/**
 * A criterion that did not pass, with its {@link Verdict}. Its message lists every finding
 * (file, line, found, expected); the criterion's headline and hint are added by
 * CriterionExtension. The stack trace is dropped: it would only show the harness, never the
 * learner's problem.
 */
public class CheckFailure extends AssertionError {

    private final transient List<Finding> findings;
    private final Verdict verdict;
    private String hint;

    public CheckFailure(List<Finding> findings) {
        this(Verdict.FAILED, findings);
    }

    public CheckFailure(Verdict verdict, List<Finding> findings) {
        super(render(findings));
        this.findings = List.copyOf(findings);
        this.verdict = verdict;
        setStackTrace(new StackTraceElement[0]);
    }

    public CheckFailure(String message) {
        this(Verdict.FAILED, message);
    }

    public CheckFailure(Verdict verdict, String message) {
        super(message);
        this.findings = List.of();
        this.verdict = verdict;
        setStackTrace(new StackTraceElement[0]);
    }

    public List<Finding> findings() {
        return findings;
    }

    /** A hint for this finding in place of the catalog's, or null. */
    public CheckFailure withHint(String specific) {
        this.hint = specific == null || specific.isBlank() ? null : specific;
        return this;
    }

    public java.util.Optional<String> hint() {
        return java.util.Optional.ofNullable(hint);
    }

    public Verdict verdict() {
        return verdict;
    }

    private static String render(List<Finding> findings) {
        StringBuilder b = new StringBuilder();
        b.append(findings.size() == 1 ? "1 problem" : findings.size() + " problems");
        for (Finding f : findings) {
            b.append('\n').append(f.render());
        }
        return b.toString();
    }
}
