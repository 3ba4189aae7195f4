package dev.fullchain.env.compose;

import java.util.List;

/** How an external command ended: exit code (-1 when it timed out or could not start), its stdout and stderr. */
public record CommandResult(int exitCode, String stdout, String stderr, boolean timedOut) {

    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /** Both streams, stdout first (compose writes its progress and errors on stderr). */
    public String output() {
        return stderr.isBlank() ? stdout : stdout.isBlank() ? stderr : stdout + "\n" + stderr;
    }

    /** The last {@code n} non-blank lines of the output, for messages. */
    public List<String> lastLines(int n) {
        List<String> lines = output().lines().filter(l -> !l.isBlank()).toList();
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
