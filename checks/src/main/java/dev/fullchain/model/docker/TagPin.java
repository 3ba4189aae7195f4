package dev.fullchain.model.docker;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether an image reference names one image over time. A digest pins; a tag pins when it
 * carries a version number (postgres:16.4, node:20-alpine, python:3.12-slim) or a Debian or
 * Ubuntu release codename (debian:bookworm-slim, ubuntu:jammy), which names one release.
 * Every other tag moves: latest, lts, stable, alpine, slim, mainline, stable-alpine ...
 */
public final class TagPin {

    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern VERSION = Pattern.compile(".*\\d.*");
    /** Released codenames only: sid, testing, unstable, devel and rolling move by design. */
    static final Set<String> RELEASE_CODENAMES = Set.of(
            // Debian
            "buzz", "rex", "bo", "hamm", "slink", "potato", "woody", "sarge", "etch", "lenny", "squeeze", "wheezy",
            "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "forky", "duke",
            // Ubuntu
            "trusty", "xenial", "bionic", "focal", "groovy", "hirsute", "impish", "jammy", "kinetic", "lunar", "mantic",
            "noble", "oracular", "plucky", "questing");

    private TagPin() {
    }

    /** What is wrong with an image reference's pinning, or empty when it pins. */
    public static Optional<String> problem(ImageName name) {
        if (name.digest().isPresent()) {
            return SHA256.matcher(name.digest().get()).matches() ? Optional.empty()
                    : Optional.of("@" + name.digest().get() + " is not a sha256 digest");
        }
        if (name.tag().isEmpty()) {
            return Optional.of("no tag, so Docker takes :latest, a different image over time");
        }
        String tag = name.tag().get();
        if (tag.equalsIgnoreCase("latest")) {
            return Optional.of("the :latest tag, a different image over time");
        }
        if (VERSION.matcher(tag).matches() || namesARelease(tag)) {
            return Optional.empty();
        }
        return Optional.of("the tag :" + tag + " has no version number, so it moves to each new release");
    }

    private static boolean namesARelease(String tag) {
        for (String part : tag.toLowerCase().split("[-._]")) {
            if (RELEASE_CODENAMES.contains(part)) {
                return true;
            }
        }
        return false;
    }
}
