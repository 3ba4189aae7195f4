package dev.fullchain.env.compose;

import java.util.List;

/**
 * Why the compose stack is not up: which service (empty when the whole project failed, e.g.
 * the file does not parse), at which step, the service's state and health, and the last
 * lines of its log or of the failing command. Recorded once; every docker check refers to it.
 */
public record StackFailure(String service, Step step, String problem, List<String> logTail) {

    public enum Step {
        COMPOSE_FILE("reading the compose file"),
        IMAGES("getting images"),
        BUILD("building images"),
        START("starting containers"),
        READY("waiting for services to be healthy"),
        RESTART("bringing the stack back");

        private final String words;

        Step(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    public StackFailure {
        logTail = List.copyOf(logTail);
    }

    /** "api: unhealthy after 45 s (last check: ...)" — for the one-line failure of other checks. */
    public String oneLine() {
        String first = problem.lines().findFirst().orElse(problem);
        return service.isEmpty() ? first : "service " + service + ": " + first;
    }

    /** The problem and the log tail, for D1.RUN.UP. */
    public String describe() {
        StringBuilder b = new StringBuilder(service.isEmpty() ? "" : "service " + service + ": ").append(problem)
                .append(" (while ").append(step.words()).append(')');
        if (!logTail.isEmpty()) {
            b.append("\nlast lines").append(service.isEmpty() ? ":" : " of " + service + ":");
            logTail.forEach(l -> b.append("\n  | ").append(l.length() > 300 ? l.substring(0, 300) + "…" : l));
        }
        return b.toString();
    }
}
