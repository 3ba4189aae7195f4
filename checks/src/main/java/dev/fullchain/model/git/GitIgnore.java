package dev.fullchain.model.git;

import dev.fullchain.target.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One .gitignore file with git's rules: '#' comments, '!' negation, a trailing '/' for
 * folders only, a pattern with a slash (other than at its end) is anchored to the file's
 * folder, otherwise it matches a name at any depth; '*', '?', '[...]', '**'.
 *
 * @param dir the folder the file is in, relative to the root, "" or ending in '/'
 */
public record GitIgnore(String path, String dir, List<Rule> rules) {

    /** One pattern line. */
    public record Rule(String pattern, boolean negated, boolean dirOnly, Pattern regex, int line) {
    }

    public static GitIgnore parse(SourceFile file) {
        String dir = file.path().contains("/") ? file.path().substring(0, file.path().lastIndexOf('/') + 1) : "";
        List<Rule> rules = new ArrayList<>();
        List<String> lines = file.lines();
        for (int i = 0; i < lines.size(); i++) {
            String l = stripTrailingSpaces(lines.get(i));
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            boolean negated = false;
            if (l.startsWith("!")) {
                negated = true;
                l = l.substring(1);
            } else if (l.startsWith("\\#") || l.startsWith("\\!")) {
                l = l.substring(1);
            }
            boolean dirOnly = l.endsWith("/");
            if (dirOnly) {
                l = l.substring(0, l.length() - 1);
            }
            if (l.isEmpty()) {
                continue;
            }
            boolean anchored = l.contains("/");
            String body = l.startsWith("/") ? l.substring(1) : l;
            Pattern regex = Pattern.compile((anchored ? "" : "(?:.*/)?") + Glob.compile(body).pattern());
            rules.add(new Rule(lines.get(i).strip(), negated, dirOnly, regex, i + 1));
        }
        return new GitIgnore(file.path(), dir, List.copyOf(rules));
    }

    private static String stripTrailingSpaces(String l) {
        int end = l.length();
        while (end > 0 && l.charAt(end - 1) == ' ' && !(end > 1 && l.charAt(end - 2) == '\\')) {
            end--;
        }
        return l.substring(0, end).replace("\\ ", " ");
    }

    /**
     * The last rule of this file matching a path relative to its folder: ignored (true) or
     * re-included (false); empty when no rule speaks about it.
     */
    public Optional<Rule> decide(String relative, boolean isDir) {
        Rule last = null;
        for (Rule r : rules) {
            if ((!r.dirOnly() || isDir) && r.regex().matcher(relative).matches()) {
                last = r;
            }
        }
        return Optional.ofNullable(last);
    }
}
