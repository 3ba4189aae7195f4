package dev.fullchain.env.compose;

/** A command run inside a service's container. */
public record ExecResult(int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }
}
