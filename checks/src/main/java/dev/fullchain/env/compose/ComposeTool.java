package dev.fullchain.env.compose;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The local compose binary: the v2 plugin ({@code docker compose}) when present, else v1
 * ({@code docker-compose}). Every call is bounded by a timeout and returns its output, so a
 * failing build or up can be reported with its own words.
 */
public record ComposeTool(Version version, List<String> command) {

    public enum Version { V1, V2 }

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_OUTPUT_CHARS = 512 * 1024;
    private static volatile Optional<ComposeTool> detected;

    /** The compose tool of this machine, looked up once per JVM. */
    public static Optional<ComposeTool> detect() {
        Optional<ComposeTool> d = detected;
        if (d == null) {
            d = probe(new ComposeTool(Version.V2, List.of("docker", "compose")))
                    .or(() -> probe(new ComposeTool(Version.V1, List.of("docker-compose"))));
            detected = d;
        }
        return d;
    }

    private static Optional<ComposeTool> probe(ComposeTool candidate) {
        CommandResult r = candidate.run(Path.of("."), Map.of(), PROBE_TIMEOUT, List.of("version"));
        return r.ok() ? Optional.of(candidate) : Optional.empty();
    }

    /** Human name for messages: "docker compose" or "docker-compose". */
    public String displayName() {
        return String.join(" ", command);
    }

    /** Runs {@code <compose> args...} in {@code dir} with extra environment, killed after {@code timeout}. */
    public CommandResult run(Path dir, Map<String, String> env, Duration timeout, List<String> args) {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(args);
        return exec(cmd, dir, env, timeout);
    }

    /** Runs any command the same bounded way (used for {@code docker pull}/{@code docker rmi}). */
    public static CommandResult exec(List<String> cmd, Path dir, Map<String, String> env, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new CommandResult(-1, "", cmd.get(0) + ": " + e.getMessage(), false);
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // stdin is not used
        }
        OutputPump out = OutputPump.start(p.getInputStream());
        OutputPump err = OutputPump.start(p.getErrorStream());
        try {
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                out.join(2000);
                err.join(2000);
                return new CommandResult(-1, out.text(), err.text() + "\n(no answer within " + timeout.toSeconds() + " s: stopped)", true);
            }
            out.join(5000);
            err.join(5000);
            return new CommandResult(p.exitValue(), out.text(), err.text(), false);
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new CommandResult(-1, out.text(), err.text() + "\n(interrupted)", true);
        }
    }

    /** Keeps the tail of a process's output (a cold build prints a lot). */
    private static final class OutputPump implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private Thread thread;

        private OutputPump(InputStream in) {
            this.in = in;
        }

        static OutputPump start(InputStream in) {
            OutputPump pump = new OutputPump(in);
            pump.thread = new Thread(pump, "fullchain-cmd-output");
            pump.thread.setDaemon(true);
            pump.thread.start();
            return pump;
        }

        void join(long millis) throws InterruptedException {
            thread.join(millis);
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    synchronized (buffer) {
                        buffer.write(chunk, 0, n);
                        if (buffer.size() > 2 * MAX_OUTPUT_CHARS) {
                            byte[] all = buffer.toByteArray();
                            buffer.reset();
                            buffer.write(all, all.length - MAX_OUTPUT_CHARS, MAX_OUTPUT_CHARS);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended or was killed
            }
        }

        String text() {
            synchronized (buffer) {
                String s = buffer.toString(StandardCharsets.UTF_8);
                return s.length() > MAX_OUTPUT_CHARS ? s.substring(s.length() - MAX_OUTPUT_CHARS) : s;
            }
        }
    }
}
