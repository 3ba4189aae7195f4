package dev.fullchain.model.git;

import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A remote of the target's git repository, read from its .git/config (read-only; git itself
 * is not needed) through the target's jail. Only the target's own root is looked at: a target
 * inside another repository (fullchain's fixtures) has no remote of its own. A .git file
 * (worktree, submodule) is followed to the configuration it points to only while that stays
 * inside the target; one pointing elsewhere leaves the repository unknown, said naming .git.
 */
public record GitRemote(String name, String url, String configFile) {

    private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\s*remote\\s+\"([^\"]+)\"\\s*]\\s*$");
    private static final Pattern ANY_SECTION = Pattern.compile("^\\s*\\[.*]\\s*$");
    private static final Pattern URL = Pattern.compile("^\\s*url\\s*=\\s*(.*?)\\s*$", Pattern.CASE_INSENSITIVE);
    /** The owner/name at the end of an https, ssh or scp-like URL: .../owner/name(.git)(/). */
    private static final Pattern OWNER_NAME = Pattern.compile("[:/]([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\\.git)?/?$");

    /** What looking for a remote found: the remote, or why there is none (for "cannot tell" messages). */
    public record Lookup(Optional<GitRemote> remote, String why) {
    }

    /** The remote called {@code name} ("origin"), if the target is a git repository that has it. */
    public static Optional<GitRemote> of(Target target, String name) {
        return lookup(target, name).remote();
    }

    /**
     * The remote called {@code name}, read through the target's jail like every other file: a
     * .git/config linked out of the root, or a .git file whose gitdir: is outside it (a worktree
     * or a submodule of another checkout), is not read, and {@code why} says so, naming .git.
     */
    public static Lookup lookup(Target target, String name) {
        String config;
        try {
            Optional<String> found = configFile(target);
            if (found.isEmpty()) {
                return new Lookup(Optional.empty(), "no remote " + name + " in .git/config (the target is not the root of a git checkout)");
            }
            config = found.get();
            Optional<SourceFile> text = target.readOptional(config);
            if (text.isEmpty()) {
                return new Lookup(Optional.empty(), "no " + config + " to read remote " + name + " from");
            }
            Optional<String> url = parse(text.get().text(), name);
            return url.map(u -> new Lookup(Optional.of(new GitRemote(name, u, config)), "remote " + name + " in " + config))
                    .orElseGet(() -> new Lookup(Optional.empty(), "no remote " + name + " in " + config));
        } catch (BadInput refused) {
            return new Lookup(Optional.empty(), refused.getMessage() + " (so remote " + name + " is not read)");
        } catch (RuntimeException e) {
            return new Lookup(Optional.empty(), ".git cannot be read as a git checkout (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The url of remote {@code name} in the text of a git config file. */
    public static Optional<String> parse(String configText, String name) {
        boolean inRemote = false;
        for (String line : configText.lines().toList()) {
            String l = stripComment(line);
            Matcher section = SECTION.matcher(l);
            if (section.matches()) {
                inRemote = section.group(1).equals(name);
                continue;
            }
            if (ANY_SECTION.matcher(l).matches()) {
                inRemote = false;
                continue;
            }
            Matcher url = URL.matcher(l);
            if (inRemote && url.matches() && !url.group(1).isEmpty()) {
                return Optional.of(unquote(url.group(1)));
            }
        }
        return Optional.empty();
    }

    /** "owner/name" of a GitHub-style URL (https://github.com/o/n.git, git@github.com:o/n.git, ssh://...), if it has that shape. */
    public static Optional<String> ownerAndName(String url) {
        Matcher m = OWNER_NAME.matcher(url.trim());
        if (!m.find() || url.trim().toLowerCase(Locale.ROOT).startsWith("file:") || url.trim().startsWith("/")) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) + "/" + m.group(2));
    }

    public Optional<String> ownerAndName() {
        return ownerAndName(url);
    }

    /** The URL without credentials (https://user:token@host/... is possible in a config file). */
    public String displayUrl() {
        return url.replaceFirst("^(https?://)[^@/]+@", "$1");
    }

    /**
     * The secret part of an https URL's user info, if the config file holds one (to mask it):
     * the password of user:password, or a lone user part (https://TOKEN@github.com/...).
     */
    public Optional<String> credentials() {
        Matcher m = Pattern.compile("^https?://([^@/]+)@").matcher(url);
        if (!m.find()) {
            return Optional.empty();
        }
        String info = m.group(1);
        int colon = info.indexOf(':');
        return Optional.of(colon < 0 ? info : info.substring(colon + 1));
    }

    /**
     * The config file of the checkout at the root, relative to it: .git/config, or for a .git
     * file ("gitdir: PATH", a worktree or a submodule) the config of its git folder (a
     * worktree's is in the common dir). BadInput naming .git when that folder is outside the root.
     */
    private static Optional<String> configFile(Target target) {
        Path dotGit = target.resolve(".git");
        if (!Files.exists(dotGit, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (Files.isDirectory(target.jailed(dotGit, Location.of(".git")))) {
            return Optional.of(".git/config");
        }
        String line = target.read(".git").text().strip();
        if (!line.startsWith("gitdir:")) {
            return Optional.empty();
        }
        String gitDir = insideRoot(target, target.root(), line.substring("gitdir:".length()).strip());
        Optional<SourceFile> common = target.readOptional(gitDir + "/commondir");
        if (common.isPresent()) {
            gitDir = insideRoot(target, target.resolve(gitDir), common.get().text().strip());
        }
        return Optional.of(gitDir + "/config");
    }

    /** {@code path} (from a .git file) resolved against {@code from}, relative to the root; BadInput naming .git when it leaves the root. */
    private static String insideRoot(Target target, Path from, String path) {
        Path p;
        try {
            p = from.resolve(path).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new BadInput(Location.of(".git"), "gitdir: is not a path", "gitdir: a path to the git folder");
        }
        if (!p.startsWith(target.root())) {
            throw new BadInput(Location.of(".git"), "is a .git file whose gitdir: is outside the repository (a worktree or submodule of another"
                    + " checkout): fullchain reads only inside the target, so the remote is not read; name the repository with -Dgithub.repo=OWNER/NAME",
                    "a checkout whose .git folder is inside it, or -Dgithub.repo");
        }
        return target.relative(p);
    }

    private static String stripComment(String line) {
        // git config comments start with # or ; outside quotes; URLs have neither unquoted.
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '#' || c == ';')) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
