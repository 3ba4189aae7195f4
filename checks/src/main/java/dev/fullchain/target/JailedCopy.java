package dev.fullchain.target;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A copy of a folder of the target for tools that read files themselves (Helm, compose,
 * docker build): the same rule as {@link Target#read}, so the copy holds only what fullchain
 * may read. Regular files are copied; a link is followed only when it stays inside the
 * repository (its content is copied as a plain file or folder); a link out of it, a FIFO, a
 * device, a socket and a file over the size cap are left out and reported, never opened. The
 * copy is bounded in depth, entries and bytes.
 */
public final class JailedCopy {

    static final int MAX_DEPTH = 16;
    static final int MAX_ENTRIES = 20_000;
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    static final long MAX_TOTAL_BYTES = 1024L * 1024 * 1024;

    /** What was copied where, and what was left out (each a BadInput naming the entry). */
    public record Result(Path copy, List<BadInput> refused) {
    }

    private final Target target;
    private final Set<String> skippedDirs;
    private final List<BadInput> refused = new ArrayList<>();
    private int entries;
    private long bytes;

    private JailedCopy(Target target, Set<String> skippedDirs) {
        this.target = target;
        this.skippedDirs = skippedDirs;
    }

    /**
     * Copies {@code relativeDir} of the target (".." never; "" for the root) into {@code to}.
     * Folders named in {@code skippedDirs} (e.g. .git, node_modules) are left out silently.
     */
    public static Result copy(Target target, String relativeDir, Path to, Set<String> skippedDirs) throws IOException {
        JailedCopy c = new JailedCopy(target, skippedDirs);
        Path from = target.resolve(relativeDir);
        Path real = target.jailed(from, Location.of(relativeDir.isEmpty() ? "." : relativeDir));
        Files.createDirectories(to);
        c.copyDir(real, to, relativeDir.isEmpty() ? "" : relativeDir.replace('\\', '/') + "/", 0);
        return new Result(to, List.copyOf(c.refused));
    }

    private void copyDir(Path realDir, Path to, String relPrefix, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            refused.add(new BadInput(Location.of(relPrefix), "is nested more than " + MAX_DEPTH + " folders deep: not copied", "a shallower tree"));
            return;
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(realDir)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            String rel = relPrefix + name;
            if (++entries > MAX_ENTRIES) {
                refused.add(new BadInput(Location.of(rel), "more than " + MAX_ENTRIES + " entries: the rest is not copied", "a smaller tree"));
                return;
            }
            BasicFileAttributes own = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (own.isDirectory() && skippedDirs.contains(name)) {
                continue;
            }
            Path real;
            try {
                real = target.jailed(child, Location.of(rel));
            } catch (BadInput outside) {
                refused.add(outside);
                continue;
            }
            BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
            Path dest = to.resolve(name);
            if (attrs.isDirectory()) {
                if (skippedDirs.contains(name)) {
                    continue;
                }
                Files.createDirectories(dest);
                copyDir(real, dest, rel + "/", depth + 1);
            } else if (!attrs.isRegularFile()) {
                refused.add(new BadInput(Location.of(rel), "is a special file (a FIFO, device or socket): fullchain never opens those",
                        "a regular file"));
            } else if (attrs.size() > MAX_FILE_BYTES || bytes + attrs.size() > MAX_TOTAL_BYTES) {
                refused.add(new BadInput(Location.of(rel), "is too large to copy (" + attrs.size() / (1024 * 1024) + " MiB)", "a smaller file"));
            } else {
                bytes += attrs.size();
                copyFile(real, dest, attrs.size());
                if (Files.isExecutable(real)) {
                    dest.toFile().setExecutable(true);
                }
            }
        }
    }

    /** Copies at most {@code size} bytes: a file that grows while it is copied cannot run past the cap. */
    private static void copyFile(Path from, Path to, long size) throws IOException {
        try (InputStream in = Files.newInputStream(from); OutputStream out = Files.newOutputStream(to)) {
            byte[] buf = new byte[64 * 1024];
            long left = size;
            for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) {
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }
}
