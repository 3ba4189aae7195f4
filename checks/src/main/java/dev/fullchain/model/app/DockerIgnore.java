package dev.fullchain.model.app;

import dev.fullchain.model.git.Glob;
import dev.fullchain.target.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A .dockerignore with Docker's rules: every pattern is anchored at the build context's root
 * (a leading '/' changes nothing), '**' matches any number of folders, '!' re-includes, the
 * last matching line wins, and a pattern that matches a folder excludes what is inside.
 */
public record DockerIgnore(String path, List<Rule> rules) {

    public record Rule(String pattern, boolean exception, Pattern regex, int line) {
    }

    public static DockerIgnore parse(SourceFile file) {
        List<Rule> rules = new ArrayList<>();
        List<String> lines = file.lines();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            boolean exception = l.startsWith("!");
            if (exception) {
                l = l.substring(1).strip();
            }
            String cleaned = clean(l);
            if (cleaned.isEmpty()) {
                continue;
            }
            rules.add(new Rule(lines.get(i).strip(), exception, Glob.compile(cleaned), i + 1));
        }
        return new DockerIgnore(file.path(), List.copyOf(rules));
    }

    /** Like Go's filepath.Clean on a relative pattern: no leading '/', no './', no trailing '/'. */
    private static String clean(String p) {
        String s = p.replace('\\', '/');
        List<String> out = new ArrayList<>();
        for (String seg : s.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..") && !out.isEmpty()) {
                out.remove(out.size() - 1);
            } else {
                out.add(seg);
            }
        }
        return String.join("/", out);
    }

    /** Whether Docker leaves this path (relative to the context) out of the build context. */
    public boolean excludes(String path) {
        String p = clean(path);
        boolean excluded = false;
        for (Rule r : rules) {
            if (matchesOrParent(r, p)) {
                excluded = !r.exception();
            }
        }
        return excluded;
    }

    private static boolean matchesOrParent(Rule r, String p) {
        if (r.regex().matcher(p).matches()) {
            return true;
        }
        int slash = p.lastIndexOf('/');
        while (slash > 0) {
            p = p.substring(0, slash);
            if (r.regex().matcher(p).matches()) {
                return true;
            }
            slash = p.lastIndexOf('/');
        }
        return false;
    }
}
