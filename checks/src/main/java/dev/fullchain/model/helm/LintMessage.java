package dev.fullchain.model.helm;

/** One line of {@code helm lint}: "[ERROR] templates/: message". The path is as Helm prints it, relative to the chart. */
public record LintMessage(Severity severity, String path, String text) {

    public enum Severity { INFO, WARNING, ERROR, UNKNOWN }

    static LintMessage parse(String line) {
        String s = line.strip();
        Severity severity = Severity.UNKNOWN;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close > 0) {
                try {
                    severity = Severity.valueOf(s.substring(1, close).strip().toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    severity = Severity.UNKNOWN;
                }
                s = s.substring(close + 1).strip();
            }
        }
        int colon = s.indexOf(": ");
        if (colon > 0 && !s.substring(0, colon).contains(" ")) {
            return new LintMessage(severity, s.substring(0, colon), s.substring(colon + 2));
        }
        return new LintMessage(severity, "", s);
    }

    @Override
    public String toString() {
        return "[" + severity + "] " + (path.isEmpty() ? "" : path + ": ") + text;
    }
}
