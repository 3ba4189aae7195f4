package dev.fullchain.env.compose;

/**
 * One service as {@code docker compose ps} would show it: container state (running, exited,
 * created, restarting, missing), health (healthy, unhealthy, starting, or none without a
 * healthcheck), exit code, restart count, and the last health check output or engine error.
 */
public record ServiceState(String service, String state, String health, int exitCode, int restarts, String detail) {

    public static final String NO_HEALTHCHECK = "none";

    public static ServiceState missing(String service) {
        return new ServiceState(service, "missing", NO_HEALTHCHECK, 0, 0, "");
    }

    public boolean running() {
        return "running".equals(state);
    }

    /** Running, and healthy when it has a healthcheck. */
    public boolean ready() {
        return running() && ("healthy".equals(health) || NO_HEALTHCHECK.equals(health));
    }

    /** Exited with code 0: done, for a job other services wait to complete. */
    public boolean completed() {
        return "exited".equals(state) && exitCode == 0;
    }

    /** Will not become ready without a change: exited, dead, unhealthy, never started. */
    public boolean hopeless() {
        return "exited".equals(state) || "dead".equals(state) || "unhealthy".equals(health)
                || ("created".equals(state) && !detail.isBlank())
                || ("restarting".equals(state) && restarts >= 3);
    }

    /** e.g. "running (healthy)", "exited (code 1)", "running (unhealthy: curl: not found)". */
    public String describe() {
        StringBuilder b = new StringBuilder(state);
        if ("exited".equals(state) || "dead".equals(state)) {
            b.append(" (code ").append(exitCode).append(')');
        } else if ("restarting".equals(state)) {
            b.append(" (crashed ").append(restarts).append(restarts == 1 ? " time" : " times").append(", last exit code ").append(exitCode).append(')');
        } else if (!NO_HEALTHCHECK.equals(health)) {
            b.append(" (").append(health);
            if ("unhealthy".equals(health) && !detail.isBlank()) {
                b.append(", last check said: ").append(oneLine(detail));
            }
            b.append(')');
        }
        if ("created".equals(state) && !detail.isBlank()) {
            b.append(" (").append(oneLine(detail)).append(')');
        }
        return b.toString();
    }

    private static String oneLine(String s) {
        String t = s.strip().replaceAll("\\s*\\n\\s*", " / ");
        return t.length() > 240 ? t.substring(0, 240) + "…" : t;
    }
}
