package dev.fullchain.target;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every regular file of the target a learner could have written, listed once per run: the
 * one place that decides where fullchain looks "anywhere in the repository". It skips what
 * no learner writes by hand (.git, node_modules, virtualenvs, build output, Terraform's
 * provider cache, vendored trees), never follows a symbolic link, and is bounded in depth and
 * in the number of entries, so a hostile tree cannot make it run long.
 */
public final class RepoFiles {

    public static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", ".terraform", "__pycache__",
            ".venv", "venv", "vendor", "dist", "build", "target", ".pytest_cache", ".mypy_cache", ".idea", ".vscode");
    static final int MAX_DEPTH = 12;
    static final int MAX_ENTRIES = 50_000;

    private final List<String> files;
    private final boolean truncated;

    private RepoFiles(List<String> files, boolean truncated) {
        this.files = List.copyOf(files);
        this.truncated = truncated;
    }

    static RepoFiles scan(Path root) {
        List<String> out = new ArrayList<>();
        boolean[] cut = {false};
        try {
            Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
                int seen;

                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (++seen > MAX_ENTRIES) {
                        cut[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    return !dir.equals(root) && SKIPPED_DIRS.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (++seen > MAX_ENTRIES) {
                        cut[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    if (attrs.isRegularFile()) {
                        out.add(root.relativize(file).toString().replace('\\', '/'));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            cut[0] = true;
        }
        out.sort(RepoFiles::shallowFirst);
        return new RepoFiles(out, cut[0]);
    }

    /** Shallower paths first, then by name: "the first match" is the one nearest the root. */
    private static int shallowFirst(String a, String b) {
        long da = a.chars().filter(c -> c == '/').count();
        long db = b.chars().filter(c -> c == '/').count();
        return da != db ? Long.compare(da, db) : a.compareTo(b);
    }

    /** Every file, relative to the root with forward slashes, nearest the root first. */
    public List<String> all() {
        return files;
    }

    /** The files with this exact name (e.g. "Chart.yaml"), nearest the root first. */
    public List<String> named(String fileName) {
        return files.stream().filter(f -> f.equals(fileName) || f.endsWith("/" + fileName)).toList();
    }

    /** The files whose name ends with a suffix (e.g. ".tf"), nearest the root first. */
    public List<String> endingWith(String suffix) {
        return files.stream().filter(f -> f.endsWith(suffix)).toList();
    }

    /** Whether the scan stopped at its bound: "not found" is then not certain. */
    public boolean truncated() {
        return truncated;
    }
}
