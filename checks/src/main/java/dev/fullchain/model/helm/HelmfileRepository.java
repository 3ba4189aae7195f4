package dev.fullchain.model.helm;

import dev.fullchain.target.Location;

/** A chart repository a helmfile declares (name, url; oci: true for OCI registries). */
public record HelmfileRepository(String name, String url, boolean oci, Location location) {
}
