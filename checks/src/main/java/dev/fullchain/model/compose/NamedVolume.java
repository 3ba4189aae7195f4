package dev.fullchain.model.compose;

/** A volume declared under the top-level volumes key. */
public record NamedVolume(String name, boolean external, int line) {
}
