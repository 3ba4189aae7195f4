package dev.fullchain.env.cluster;

import java.util.Optional;

/** Image references as containerd names them (docker.io/library/... when no registry is given). */
final class Images {

    private Images() {
    }

    static Optional<String> tag(String image) {
        String noDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = noDigest.lastIndexOf('/');
        int colon = noDigest.lastIndexOf(':');
        return colon > slash ? Optional.of(noDigest.substring(colon + 1)) : Optional.empty();
    }

    static String repository(String image) {
        String noDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = noDigest.lastIndexOf('/');
        int colon = noDigest.lastIndexOf(':');
        return colon > slash ? noDigest.substring(0, colon) : noDigest;
    }

    static String withTag(String image, String tag) {
        return repository(image) + ":" + tag;
    }

    /** "fullchain/api:1.0.0" → "docker.io/fullchain/api:1.0.0"; "api:1" → "docker.io/library/api:1". */
    static String qualified(String image) {
        String first = image.contains("/") ? image.substring(0, image.indexOf('/')) : "";
        boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
        if (hasRegistry) {
            return image;
        }
        return "docker.io/" + (image.contains("/") ? image : "library/" + image);
    }
}
