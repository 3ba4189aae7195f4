package dev.fullchain.model.helm;

import java.util.List;

/** What {@code helm lint} said about a chart with one values file. */
public record LintReport(ValuesFile values, boolean failed, List<LintMessage> messages) {

    public List<LintMessage> errors() {
        return messages.stream().filter(m -> m.severity() == LintMessage.Severity.ERROR).toList();
    }

    public List<LintMessage> warnings() {
        return messages.stream().filter(m -> m.severity() == LintMessage.Severity.WARNING).toList();
    }

    /** No errors: Helm failed the lint, or one of its lines is an error. */
    public boolean passed() {
        return !failed && errors().isEmpty();
    }
}
