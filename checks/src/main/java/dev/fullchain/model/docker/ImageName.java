package dev.fullchain.model.docker;

import java.util.Optional;

/** An image reference split into repository, tag and digest: {@code registry:5000/repo/name:tag@sha256:...}. */
public record ImageName(String repository, Optional<String> tag, Optional<String> digest) {

    public static ImageName parse(String reference) {
        String ref = reference.strip();
        Optional<String> digest = Optional.empty();
        int at = ref.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(ref.substring(at + 1));
            ref = ref.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = ref.lastIndexOf(':');
        // A colon before the last slash belongs to a registry port (localhost:5000/app), not a tag.
        if (colon > ref.lastIndexOf('/')) {
            tag = Optional.of(ref.substring(colon + 1));
            ref = ref.substring(0, colon);
        }
        return new ImageName(ref, tag, digest);
    }

    /** The last path segment of the repository: "node" for docker.io/library/node. */
    public String shortName() {
        return repository.substring(repository.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}
