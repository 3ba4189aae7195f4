package dev.fullchain.model.git;

import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A remote of the target's git repository, read from its .git/config (read-only; git itself
 * is not needed). Only the target's own root is looked at: a target inside another repository
 * (fullchain's fixtures) has no remote of its own. A .git file (worktree, submodule) is followed
 * to the configuration it points to.
 */
public record GitRemote(String name, String url, String configFile) {

    private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\s*remote\\s+\"([^\"]+)\"\\s*]\\s*$");
    private static final Pattern ANY_SECTION = Pattern.compile("^\\s*\\[.*]\\s*$");
    private static final Pattern URL = Pattern.compile("^\\s*url\\s*=\\s*(.*?)\\s*$", Pattern.CASE_INSENSITIVE);
    /** The owner/name at the end of an https, ssh or scp-like URL: .../owner/name(.git)(/). */
    private static final Pattern OWNER_NAME = Pattern.compile("[:/]([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\\.git)?/?$");

    /** The remote called {@code name} ("origin"), if the target is a git repository that has it. */
    public static Optional<GitRemote> of(Target target, String name) {
        Optional<Path> config = configFile(target.root());
        if (config.isEmpty()) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(config.get(), StandardCharsets.UTF_8);
            return parse(text, name).map(url -> new GitRemote(name, url, config.get().toString()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: as if there were no remote; the caller says how to name the repository
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

    private static Optional<Path> configFile(Path root) {
        Path dotGit = root.resolve(".git");
        if (Files.isDirectory(dotGit)) {
            return existing(dotGit.resolve("config"));
        }
        if (!Files.isRegularFile(dotGit)) {
            return Optional.empty();
        }
        try {
            // "gitdir: <path>" (a worktree or a submodule); a worktree's config is in the common dir.
            String line = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
            if (!line.startsWith("gitdir:")) {
                return Optional.empty();
            }
            Path gitDir = root.resolve(line.substring("gitdir:".length()).strip()).normalize();
            Path common = gitDir.resolve("commondir");
            if (Files.isRegularFile(common)) {
                gitDir = gitDir.resolve(Files.readString(common, StandardCharsets.UTF_8).strip()).normalize();
            }
            return existing(gitDir.resolve("config"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> existing(Path p) {
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
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
