package dev.fullchain.model.app;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The .gitignore files of a repository taken together, as git applies them: a deeper file
 * overrides a shallower one, and nothing inside an ignored folder can be re-included.
 */
public record GitIgnores(List<GitIgnore> files) {

    /** Whether git would ignore this path (relative to the root, a file unless it ends in '/'). */
    public boolean isIgnored(String path) {
        return ignoredBy(path).isPresent();
    }

    /** The rule that makes git ignore the path (itself or a parent folder), if any. */
    public Optional<String> ignoredBy(String path) {
        boolean lastIsDir = path.endsWith("/");
        String[] parts = (lastIsDir ? path.substring(0, path.length() - 1) : path).split("/");
        StringBuilder prefix = new StringBuilder();
        for (int k = 0; k < parts.length; k++) {
            if (k > 0) {
                prefix.append('/');
            }
            prefix.append(parts[k]);
            boolean isDir = k < parts.length - 1 || lastIsDir;
            Optional<String> by = decide(prefix.toString(), isDir);
            if (by.isPresent()) {
                return by;
            }
        }
        return Optional.empty();
    }

    private Optional<String> decide(String path, boolean isDir) {
        List<GitIgnore> deepestFirst = files.stream()
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
