package dev.fullchain.model.observability;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * promtool from PATH (Debian's prometheus package has it), run on a rule file fullchain
 * wrote from a PrometheusRule, in a temporary folder, bounded in time and output; never
 * on the target's files.
 */
public final class Promtool {

    public record Result(int exit, String output, boolean timedOut) {
        public boolean ok() {
            return exit == 0 && !timedOut;
        }
    }

    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_OUTPUT_BYTES = 256 * 1024;

    private final Path executable;

    private Promtool(Path executable) {
        this.executable = executable;
    }

    public static Optional<Promtool> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "promtool");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(new Promtool(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /** A promtool at a known path (the self-tests give a stand-in). */
    public static Promtool at(Path executable) {
        return new Promtool(executable);
    }

    public Path executable() {
        return executable;
    }

    /** {@code promtool check rules} on the rule file's text. */
    public Result checkRules(String ruleFileYaml) {
        Path dir = null;
        Path out = null;
        try {
            dir = Files.createTempDirectory("fullchain-promtool-");
            Path rules = dir.resolve("rules.yaml");
            Files.writeString(rules, ruleFileYaml, StandardCharsets.UTF_8);
            out = dir.resolve("out");
            Process p = new ProcessBuilder(List.of(executable.toString(), "check", "rules", rules.toString()))
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean done = p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            String text;
            try (InputStream in = Files.newInputStream(out)) {
                text = new String(in.readNBytes(MAX_OUTPUT_BYTES), StandardCharsets.UTF_8);
            }
            return new Result(done ? p.exitValue() : -1, text.replace(rules.toString(), "rules.yaml"), !done);
        } catch (IOException e) {
            return new Result(-1, "promtool could not run: " + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "promtool was interrupted", true);
        } finally {
            for (Path p : new Path[] {out, dir == null ? null : dir.resolve("rules.yaml"), dir}) {
                try {
                    if (p != null) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }
}
