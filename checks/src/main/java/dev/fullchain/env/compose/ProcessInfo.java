package dev.fullchain.env.compose;

/** A process of a running container as the engine sees it ({@code docker top}): real uid, pid, command line. */
public record ProcessInfo(int uid, long pid, String command) {
}
