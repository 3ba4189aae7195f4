package dev.fullchain.model.workflow;

import dev.fullchain.target.Location;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a {@code uses:} names: a local path (./...), a docker:// image, or owner/repo[/path]@ref,
 * with the comment written after it on its line (# v4.2.2), if any.
 */
public record ActionRef(String raw, Kind kind, String name, String ref, Optional<String> comment, Location location) {

    public enum Kind { LOCAL, DOCKER, REMOTE }

    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{7,39}");

    static ActionRef parse(String raw, Optional<String> comment, Location location) {
        String s = raw.strip();
        if (s.startsWith("./") || s.startsWith("../")) {
            return new ActionRef(raw, Kind.LOCAL, s.replaceFirst("^\\./", ""), "", comment, location);
        }
        if (s.startsWith("docker://")) {
            String image = s.substring("docker://".length());
            int at = image.indexOf('@');
            return new ActionRef(raw, Kind.DOCKER, at < 0 ? image : image.substring(0, at), at < 0 ? "" : image.substring(at + 1),
                    comment, location);
        }
        int at = s.lastIndexOf('@');
        return new ActionRef(raw, Kind.REMOTE, at < 0 ? s : s.substring(0, at), at < 0 ? "" : s.substring(at + 1), comment, location);
    }

    public boolean isLocal() {
        return kind == Kind.LOCAL;
    }

    public boolean isRemote() {
        return kind == Kind.REMOTE;
    }

    /** "actions" of actions/checkout. */
    public String owner() {
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(0, slash);
    }

    /** "actions/checkout" of actions/checkout/sub/path. */
    public String repository() {
        String[] parts = name.split("/");
        return parts.length < 2 ? name : parts[0] + "/" + parts[1];
    }

    /** Pinned to a full 40-hex commit SHA (remote), or to a sha256 digest (docker). */
    public boolean isPinned() {
        return switch (kind) {
            case LOCAL -> true;
            case DOCKER -> ref.startsWith("sha256:");
            case REMOTE -> FULL_SHA.matcher(ref).matches();
        };
    }

    /** A shortened SHA (7 to 39 hex digits): ambiguous and refused by GitHub for actions. */
    public boolean isShortSha() {
        return kind == Kind.REMOTE && HEX.matcher(ref).matches();
    }

    /** Whether the reference is the same action, ignoring case (GitHub's owner/repo are case-insensitive). */
    public boolean is(String ownerRepo) {
        return repository().equalsIgnoreCase(ownerRepo);
    }
}
