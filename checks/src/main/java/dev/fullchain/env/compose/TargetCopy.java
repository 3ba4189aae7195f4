package dev.fullchain.env.compose;

import dev.fullchain.secrets.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * A private copy of the target that the compose stack builds and starts from: fullchain
 * never writes to the learner's repository (not even a .env or a derived compose file).
 * Heavy or machine-specific folders are left out: version control, installed dependencies
 * and caches, which a good .dockerignore keeps out of the build context anyway. Build
 * outputs such as dist/ are kept: a Dockerfile may copy a prebuilt bundle.
 */
public final class TargetCopy {

    static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", ".terraform", "__pycache__", ".venv");

    private TargetCopy() {
    }

    /** Copies the repository at {@code from} into a new temp folder and returns it. */
    public static Path copy(Path from) {
        return copy(dev.fullchain.target.Target.open(from), note -> { });
    }

    /**
     * Copies the target into a new temp folder, through the target's jail (see
     * {@link dev.fullchain.target.JailedCopy}): a link out of the repository or a special
     * file is left out, and {@code notes} says so, so compose and docker, which read files
     * themselves, never read outside the repository.
     */
    public static Path copy(dev.fullchain.target.Target target, java.util.function.Consumer<String> notes) {
        try {
            Path to = Files.createTempDirectory("fullchain-stack-");
            var result = dev.fullchain.target.JailedCopy.copy(target, "", to, SKIPPED_DIRS);
            result.refused().forEach(r -> notes.accept("left out of fullchain's copy: " + r.getMessage()));
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + target.root() + " to a temp folder: " + e.getMessage(), e);
        }
    }

    /**
     * A compose file that reads a git-ignored .env (as it should) has none in a fresh clone:
     * when the copy has no .env next to the compose file but has a .env.example, the example
     * becomes the .env of the copy. Returns what was done, for the diagnostics.
     */
    public static Optional<String> provideEnvFile(Path composeDir) {
        Path env = composeDir.resolve(".env");
        Path example = composeDir.resolve(".env.example");
        if (Files.exists(env) || !Files.isRegularFile(example)) {
            return Optional.empty();
        }
        try {
            Files.copy(example, env);
            return Optional.of("no .env next to the compose file: used .env.example as .env (in fullchain's copy only)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers with {@link Secrets} every value of a secret-looking key in a KEY=VALUE env file. */
    public static void registerSecrets(Path envFile) {
        if (!Files.isRegularFile(envFile)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(envFile, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                if (l.startsWith("export ")) {
                    l = l.substring(7).strip();
                }
                int eq = l.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String key = l.substring(0, eq).strip();
                String value = l.substring(eq + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                if (Secrets.isSecretKey(key)) {
                    Secrets.register(value);
                }
            }
        } catch (IOException | RuntimeException e) {
            // an env file we cannot read is reported by compose config itself
        }
    }

    /** Deletes the copy (best effort: files a container created as another user may stay). */
    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // keep going
                }
            }
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
