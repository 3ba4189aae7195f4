package dev.fullchain.model.terraform;

import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The .gitignore rules of a repository that apply to a path: git's pattern syntax (*, **,
 * ?, [..], a leading / or an inner / anchoring, a trailing / for directories, ! negation),
 * read from the .gitignore files of the root and of the folders down to the path.
 */
public final class GitIgnore {

    private record Rule(String file, String baseDir, Pattern pattern, boolean negate, boolean dirOnly, String text) {
    }

    private final Target target;
    private final List<Rule> rules = new ArrayList<>();
    private final List<String> files = new ArrayList<>();

    private GitIgnore(Target target) {
        this.target = target;
    }

    /** Reads every .gitignore from the root down to the given folders (relative paths). */
    public static GitIgnore load(Target target, List<String> folders) {
        GitIgnore g = new GitIgnore(target);
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
        dirs.sort((a, b) -> Integer.compare(a.isEmpty() ? 0 : a.split("/").length, b.isEmpty() ? 0 : b.split("/").length));
        for (String d : dirs) {
            g.read(d);
        }
        return g;
    }

    /** Rules given directly (tests). */
    public static GitIgnore of(String baseDir, String content) {
        GitIgnore g = new GitIgnore(null);
        g.parse(baseDir.isEmpty() ? ".gitignore" : baseDir + "/.gitignore", baseDir, content);
        return g;
    }

    private void read(String dir) {
        String rel = dir.isEmpty() ? ".gitignore" : dir + "/.gitignore";
        Path p = target.resolve(rel);
        if (!Files.isRegularFile(p)) {
            return;
        }
        try {
            parse(rel, dir, Files.readString(p));
        } catch (IOException e) {
            // an unreadable .gitignore ignores nothing; the check then reports what is not ignored
        }
    }

    private void parse(String file, String baseDir, String content) {
        files.add(file);
        for (String raw : content.split("\r?\n")) {
            String line = raw;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!line.endsWith("\\ ")) {
                line = line.stripTrailing();
            }
            boolean negate = line.startsWith("!");
            if (negate) {
                line = line.substring(1);
            } else if (line.startsWith("\\!") || line.startsWith("\\#")) {
                line = line.substring(1);
            }
            boolean dirOnly = line.endsWith("/");
            if (dirOnly) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                continue;
            }
            boolean anchored = line.contains("/");
            if (line.startsWith("/")) {
                line = line.substring(1);
            }
            String regex = (anchored ? "" : "(?:.*/)?") + globToRegex(line);
            rules.add(new Rule(file, baseDir, Pattern.compile(regex), negate, dirOnly, raw.trim()));
        }
    }

    private static String globToRegex(String glob) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                boolean doubleStar = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
                if (doubleStar) {
                    boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                    if (slashAfter) {
                        b.append("(?:.*/)?");
                        i += 2;
                    } else {
                        b.append(".*");
                        i += 1;
                    }
                } else {
                    b.append("[^/]*");
                }
            } else if (c == '?') {
                b.append("[^/]");
            } else if (c == '[') {
                int close = glob.indexOf(']', i + 1);
                if (close < 0) {
                    b.append("\\[");
                } else {
                    String cls = glob.substring(i + 1, close);
                    if (cls.startsWith("!")) {
                        cls = "^" + cls.substring(1);
                    }
                    b.append('[').append(cls.replace("\\", "\\\\")).append(']');
                    i = close;
                }
            } else if (c == '\\' && i + 1 < glob.length()) {
                b.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else {
                b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return b.toString();
    }

    /**
     * Whether git would ignore the path (relative to the root). A path inside an ignored
     * folder is ignored whatever later rules say, as in git.
     */
    public boolean isIgnored(String path, boolean directory) {
        String[] segs = path.split("/");
        String acc = "";
        for (int i = 0; i < segs.length; i++) {
            acc = acc.isEmpty() ? segs[i] : acc + "/" + segs[i];
            boolean isDir = i < segs.length - 1 || directory;
            if (matches(acc, isDir)) {
                return true;
            }
        }
        return false;
    }

    /** The rule that decides for this very path (not its parents): true ignored, false re-included, null none. */
    private boolean matches(String path, boolean directory) {
        Boolean result = null;
        for (Rule r : rules) {
            if (r.dirOnly && !directory) {
                continue;
            }
            String rel;
            if (r.baseDir.isEmpty()) {
                rel = path;
            } else if (path.startsWith(r.baseDir + "/")) {
                rel = path.substring(r.baseDir.length() + 1);
            } else {
                continue;
            }
            if (r.pattern.matcher(rel).matches()) {
                result = !r.negate;
            }
        }
        return Boolean.TRUE.equals(result);
    }

    /** The .gitignore files read (relative paths), root first. */
    public List<String> files() {
        return List.copyOf(files);
    }
}
