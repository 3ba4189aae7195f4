package dev.fullchain.model.git;

import dev.fullchain.target.BadInput;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The .gitignore files of a repository taken together, as git applies them: a deeper file
 * overrides a shallower one, and nothing inside an ignored folder can be re-included.
 *
 * <p>A .gitignore that cannot be read (a link out of the repository, a FIFO, too big) is not
 * taken as empty: asking whether a path under its folder is ignored throws its BadInput, so
 * the criterion reads blocked by that file instead of claiming what it does not say.
 */
public record GitIgnores(List<GitIgnore> ignoreFiles, List<BadInput> unreadable) {

    public GitIgnores(List<GitIgnore> ignoreFiles) {
        this(ignoreFiles, List.of());
    }

    public GitIgnores {
        ignoreFiles = List.copyOf(ignoreFiles);
        unreadable = List.copyOf(unreadable);
    }

    /** Rules of one .gitignore given directly, in the folder baseDir ("" for the root). */
    public static GitIgnores of(String baseDir, String content) {
        String path = baseDir.isEmpty() ? ".gitignore" : baseDir + "/.gitignore";
        return new GitIgnores(List.of(GitIgnore.parse(new SourceFile(path, content))));
    }

    /**
     * Every .gitignore of the repository (each applies to its own folder and below, as in git),
     * read through the target. A file that cannot be read ignores nothing.
     */
    public static GitIgnores all(Target target) {
        List<GitIgnore> files = new ArrayList<>();
        List<BadInput> unreadable = new ArrayList<>();
        for (String path : target.files().named(".gitignore")) {
            try {
                target.readOptional(path).map(GitIgnore::parse).ifPresent(files::add);
            } catch (BadInput bad) {
                unreadable.add(bad);
            }
        }
        return new GitIgnores(files, unreadable);
    }

    /**
     * Reads the .gitignore of the root and of every folder from the root down to the given
     * folders (relative paths), shallowest first. A missing or unreadable file ignores nothing.
     */
    public static GitIgnores load(Target target, List<String> folders) {
        List<String> dirs = new ArrayList<>();
        dirs.add("");
        for (String folder : folders) {
            String acc = "";
            for (String seg : folder.split("/")) {
                if (seg.isEmpty()) {
                    continue;
                }
                acc = acc.isEmpty() ? seg : acc + "/" + seg;
                if (!dirs.contains(acc)) {
                    dirs.add(acc);
                }
            }
        }
        dirs.sort(Comparator.comparingInt((String d) -> d.isEmpty() ? 0 : d.split("/").length));
        List<GitIgnore> files = new ArrayList<>();
        List<BadInput> unreadable = new ArrayList<>();
        for (String d : dirs) {
            String rel = d.isEmpty() ? ".gitignore" : d + "/.gitignore";
            try {
                target.readOptional(rel).ifPresent(f -> files.add(GitIgnore.parse(f)));
            } catch (BadInput bad) {
                unreadable.add(bad);
            }
        }
        return new GitIgnores(files, unreadable);
    }

    /** The .gitignore files taken into account (relative paths), for messages. */
    public List<String> files() {
        return ignoreFiles.stream().map(GitIgnore::path).toList();
    }

    /** Whether git would ignore this path (relative to the root, a file unless it ends in '/'). */
    public boolean isIgnored(String path) {
        return ignoredBy(path).isPresent();
    }

    /** Whether git would ignore this path (relative to the root), a folder when directory is true. */
    public boolean isIgnored(String path, boolean directory) {
        return ignoredBy(path, directory).isPresent();
    }

    /** The rule that makes git ignore the path (itself or a parent folder), if any; a folder when it ends in '/'. */
    public Optional<String> ignoredBy(String path) {
        boolean lastIsDir = path.endsWith("/");
        return ignoredBy(lastIsDir ? path.substring(0, path.length() - 1) : path, lastIsDir);
    }

    /** The rule that makes git ignore the path (itself or a parent folder), if any. */
    public Optional<String> ignoredBy(String path, boolean directory) {
        for (BadInput bad : unreadable) {
            String p = bad.location().path();
            String dir = p.contains("/") ? p.substring(0, p.lastIndexOf('/') + 1) : "";
            if (path.startsWith(dir)) {
                throw bad; // that file may ignore the path, or not: fullchain cannot tell without reading it
            }
        }
        String[] parts = path.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int k = 0; k < parts.length; k++) {
            if (k > 0) {
                prefix.append('/');
            }
            prefix.append(parts[k]);
            boolean isDir = k < parts.length - 1 || directory;
            Optional<String> by = decide(prefix.toString(), isDir);
            if (by.isPresent()) {
                return by;
            }
        }
        return Optional.empty();
    }

    private Optional<String> decide(String path, boolean isDir) {
        List<GitIgnore> deepestFirst = ignoreFiles.stream()
                .filter(g -> path.startsWith(g.dir()) && path.length() > g.dir().length())
                .sorted(Comparator.comparingInt((GitIgnore g) -> g.dir().length()).reversed())
                .toList();
        for (GitIgnore g : deepestFirst) {
            Optional<GitIgnore.Rule> rule = g.decide(path.substring(g.dir().length()), isDir);
            if (rule.isPresent()) {
                return rule.get().negated() ? Optional.empty()
                        : Optional.of(g.path() + ":" + rule.get().line() + " (" + rule.get().pattern() + ")");
            }
        }
        return Optional.empty();
    }
}
