package dev.fullchain.target;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The repository under test (the bundled fixtures by default, or -Dtarget=DIR). Read-only:
 * nothing here writes to it; environments that build from it work on a copy.
 */
public final class Target {

    public static final String PROPERTY = "target";
    private static final long MAX_TEXT_BYTES = 4L * 1024 * 1024;

    /** The file this thread read last, for a harness fault's message. */
    private static final ThreadLocal<String> LAST_READ = new ThreadLocal<>();

    private final Path root;
    private final Layout layout;
    private volatile RepoFiles files;

    private Target(Path root, Layout layout) {
        this.root = root;
        this.layout = layout;
    }

    /** Opens a target directory. Fails with one line when it is missing or not a directory. */
    public static Target open(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.exists(root)) {
            throw new TargetException("-Dtarget=" + dir + ": no such directory. Point -Dtarget at the root of the repository to check.");
        }
        if (!Files.isDirectory(root)) {
            throw new TargetException("-Dtarget=" + dir + ": not a directory. Point -Dtarget at the root of the repository to check.");
        }
        return new Target(root, Layout.load(root));
    }

    public Path root() {
        return root;
    }

    public Layout layout() {
        return layout;
    }

    /** Every file a learner could have written, scanned once per target (see {@link RepoFiles}). */
    public RepoFiles files() {
        RepoFiles f = files;
        if (f == null) {
            synchronized (this) {
                if (files == null) {
                    files = RepoFiles.scan(root);
                }
                f = files;
            }
        }
        return f;
    }

    public Path resolve(String relative) {
        return root.resolve(relative).normalize();
    }

    public boolean exists(String relative) {
        return Files.exists(resolve(relative));
    }

    /** The path of a file relative to the root, with forward slashes, for messages. */
    public String relative(Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** A text file, or empty when it does not exist. Throws BadInput when it is not text. */
    public Optional<SourceFile> readOptional(String relative) {
        Path file = resolve(relative);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(read(relative));
    }

    /** A text file that must exist. Throws BadInput naming it otherwise. */
    public SourceFile read(String relative) {
        Path file = resolve(relative);
        Location where = Location.of(relative(file));
        LAST_READ.set(where.path());
        if (!Files.isRegularFile(file)) {
            throw new BadInput(where, "file not found", "a file at " + where.path());
        }
        try {
            if (Files.size(file) > MAX_TEXT_BYTES) {
                throw new BadInput(where, "file is larger than 4 MiB", "a text file");
            }
            byte[] bytes = Files.readAllBytes(file);
            for (byte b : bytes) {
                if (b == 0) {
                    throw new BadInput(where, "binary content (NUL bytes), not text", "a UTF-8 text file");
                }
            }
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return new SourceFile(where.path(), text);
        } catch (CharacterCodingException e) {
            throw new BadInput(where, "not UTF-8 text", "a UTF-8 text file", e);
        } catch (IOException e) {
            throw new BadInput(where, "cannot be read: " + e.getMessage(), "a readable file", e);
        }
    }

    /** The file the current thread read last, if any. */
    public static Optional<String> lastRead() {
        return Optional.ofNullable(LAST_READ.get());
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
