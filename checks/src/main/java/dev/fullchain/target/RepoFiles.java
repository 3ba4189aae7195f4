package dev.fullchain.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every file of the target a learner could have written, listed once per run: the one place
 * that decides where fullchain looks "anywhere in the repository". It skips what no learner
 * writes by hand (.git, node_modules, virtualenvs, build output, Terraform's provider cache,
 * vendored trees) and is bounded in depth and in the number of entries, so a hostile tree
 * cannot make it run long.
 *
 * <p>Symbolic links: a link to a folder inside the repository is followed (once per real
 * folder, so a loop ends); a link to a folder outside is not, and is kept in
 * {@link #linksOutside()} so that a "not found" can say why. Links to files and special files
 * (FIFO, socket, device) are listed like files: reading one goes through {@link Target#read},
 * which refuses it, naming it, so the finding is about that file and never a silent "missing".
 */
public final class RepoFiles {

    public static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", ".terraform", "__pycache__",
            ".venv", "venv", "vendor", "dist", "build", "target", ".pytest_cache", ".mypy_cache", ".idea", ".vscode");
    static final int MAX_DEPTH = 12;
    static final int MAX_ENTRIES = 50_000;

    private final List<String> files;
    private final List<String> linksOutside;
    private final boolean truncated;

    private RepoFiles(List<String> files, List<String> linksOutside, boolean truncated) {
        this.files = List.copyOf(files);
        this.linksOutside = List.copyOf(linksOutside);
        this.truncated = truncated;
    }

    static RepoFiles scan(Path root) {
        Walk walk = new Walk(root);
        try {
            walk.visit(root, "", 0);
        } catch (IOException e) {
            walk.cut = true;
        }
        walk.files.sort(RepoFiles::shallowFirst);
        walk.outside.sort(RepoFiles::shallowFirst);
        return new RepoFiles(walk.files, walk.outside, walk.cut);
    }

    /** One bounded depth-first walk; folders are listed under the path a learner sees (the link's, when reached through one). */
    private static final class Walk {
        final Path realRoot;
        final List<String> files = new ArrayList<>();
        final List<String> outside = new ArrayList<>();
        final Set<Path> seenDirs = new java.util.HashSet<>();
        int seen;
        boolean cut;

        Walk(Path root) {
            Path r;
            try {
                r = root.toRealPath();
            } catch (IOException e) {
                r = root;
            }
            realRoot = r;
        }

        void visit(Path dir, String rel, int depth) throws IOException {
            Path real = dir.toRealPath();
            if (!seenDirs.add(real)) {
                return;
            }
            List<Path> entries = new ArrayList<>();
            try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    if (++seen > MAX_ENTRIES) {
                        cut = true;
                        return;
                    }
                    entries.add(p);
                }
            } catch (IOException e) {
                return; // an unreadable folder lists nothing
            }
            entries.sort(null);
            for (Path p : entries) {
                String name = p.getFileName().toString();
                String path = rel.isEmpty() ? name : rel + "/" + name;
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(p, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    continue;
                }
                boolean dirLike = attrs.isDirectory();
                if (attrs.isSymbolicLink()) {
                    Path to;
                    try {
                        to = p.toRealPath();
                    } catch (IOException dangling) {
                        files.add(path); // a dangling link: reading it says so
                        continue;
                    }
                    dirLike = Files.isDirectory(to);
                    if (dirLike && !to.startsWith(realRoot)) {
                        outside.add(path);
                        continue;
                    }
                }
                if (dirLike) {
                    if (!SKIPPED_DIRS.contains(name) && depth + 1 < MAX_DEPTH) {
                        visit(p, path, depth + 1);
                    }
                    if (cut) {
                        return;
                    }
                } else {
                    files.add(path);
                }
            }
        }
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

    /** The links to folders outside the repository, never followed (relative paths). */
    public List<String> linksOutside() {
        return linksOutside;
    }

    /** Whether the scan stopped at its bound: "not found" is then not certain. */
    public boolean truncated() {
        return truncated;
    }
}
