package dev.fullchain.target;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The repository under test (the bundled fixtures by default, or -Dtarget=DIR). Read-only:
 * nothing here writes to it; environments that build from it work on a copy.
 */
public final class Target {

    public static final String PROPERTY = "target";
    private static final long MAX_TEXT_BYTES = 4L * 1024 * 1024;
    private static final int MAX_LISTED = 10_000;

    /** The file this thread read last, for a harness fault's message. */
    private static final ThreadLocal<String> LAST_READ = new ThreadLocal<>();

    private final Path root;
    private volatile Layout layout;
    private volatile RepoFiles files;
    private volatile Path realRoot;

    private Target(Path root) {
        this.root = root;
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
        return new Target(root);
    }

    public Path root() {
        return root;
    }

    /** fullchain.yaml, read once, through the same jail and cap as every other file. */
    public Layout layout() {
        Layout l = layout;
        if (l == null) {
            synchronized (this) {
                if (layout == null) {
                    layout = Layout.load(this);
                }
                l = layout;
            }
        }
        return l;
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

    /** A text file, or empty when nothing is there. Throws BadInput when something is there but cannot be read as text. */
    public Optional<SourceFile> readOptional(String relative) {
        Path file = resolve(relative);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(read(relative));
    }

    /**
     * A text file that must exist, read through the jail: never outside the root (a path that
     * leaves it, or a symbolic link anywhere on the way that points out of it, is refused
     * without opening the file, and the message never shows what is there), never a FIFO,
     * device or socket, never more than {@value #MAX_TEXT_BYTES} bytes. Throws BadInput naming
     * the file otherwise.
     */
    public SourceFile read(String relative) {
        Path file = resolve(relative);
        Location where = Location.of(file.startsWith(root) ? relative(file) : relative.replace('\\', '/'));
        LAST_READ.set(where.path());
        Path real = jailed(file, where);
        try {
            BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                throw new BadInput(where, attrs.isDirectory() ? "is a folder, not a file"
                        : "is a special file (a FIFO, device or socket): fullchain never opens those", "a regular text file");
            }
            if (attrs.size() > MAX_TEXT_BYTES) {
                throw new BadInput(where, "file is larger than 4 MiB (" + attrs.size() / (1024 * 1024) + " MiB): not read", "a text file under 4 MiB");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(real)) {
                bytes = in.readNBytes((int) MAX_TEXT_BYTES + 1); // the size can change between the check and the read
            }
            if (bytes.length > MAX_TEXT_BYTES) {
                throw new BadInput(where, "file is larger than 4 MiB: not read", "a text file under 4 MiB");
            }
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
            throw new BadInput(where, "cannot be read (" + e.getClass().getSimpleName() + ")", "a readable file", e);
        }
    }

    /**
     * The entries of a folder of the target that are not folders (files, links, FIFOs,
     * sockets, devices), as paths relative to the root, sorted; empty when no folder is there.
     * Read afresh each time. The folder goes through the jail (BadInput when it is, or goes
     * through, a link out of the root); entries are listed, never followed or opened, so
     * reading one with {@link #read} is what refuses it, naming it. At most
     * {@value #MAX_LISTED} entries are looked at.
     */
    public List<String> list(String relativeDir) {
        Path dir = resolve(relativeDir);
        String rel = relativeDir.replace('\\', '/');
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        Path real = jailed(dir, Location.of(rel));
        if (!Files.isDirectory(real)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int seen = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(real)) {
            for (Path p : entries) {
                if (++seen > MAX_LISTED) {
                    break;
                }
                BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!attrs.isDirectory()) {
                    out.add(rel + "/" + p.getFileName());
                }
            }
        } catch (IOException e) {
            throw new BadInput(Location.of(rel), "cannot be listed (" + e.getClass().getSimpleName() + ")", "a readable folder", e);
        }
        out.sort(null);
        return List.copyOf(out);
    }

    /** The first {@code max} bytes of a file (to recognise a format by its header), through the same jail; empty when it cannot be read. */
    public byte[] readHead(String relative, int max) {
        Path file = resolve(relative);
        try {
            Path real = jailed(file, Location.of(relative));
            if (!Files.readAttributes(real, BasicFileAttributes.class).isRegularFile()) {
                return new byte[0];
            }
            try (InputStream in = Files.newInputStream(real)) {
                return in.readNBytes(max);
            }
        } catch (BadInput | IOException e) {
            return new byte[0];
        }
    }

    /**
     * The real path of a file of the target, or BadInput when it is not there or is not
     * inside the root once links are followed. Exposed so that copies and renders keep the
     * same rule as reads.
     */
    public Path jailed(Path file, Location where) {
        if (!file.normalize().startsWith(root)) {
            throw new BadInput(where, "is outside the repository: fullchain reads only inside it", "a path inside the repository");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInput(where, "file not found", "a file at " + where.path());
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new BadInput(where, "is a symbolic link that leads nowhere (or loops)", "a file inside the repository");
        }
        if (!real.startsWith(realRoot())) {
            throw new BadInput(where, "is, or goes through, a symbolic link that points outside the repository: not read",
                    "files inside the repository (replace the link by the file itself)");
        }
        return real;
    }

    /** Whether a path of the target stays inside it once links are followed (false when nothing is there). */
    public boolean isInside(Path file) {
        try {
            return file.normalize().startsWith(root) && file.toRealPath().startsWith(realRoot());
        } catch (IOException e) {
            return false;
        }
    }

    private Path realRoot() {
        Path r = realRoot;
        if (r == null) {
            try {
                r = root.toRealPath();
            } catch (IOException e) {
                r = root;
            }
            realRoot = r;
        }
        return r;
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
