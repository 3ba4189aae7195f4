package dev.fullchain.model.compose;

/** One env_file entry, path as written (relative to the compose file's folder). */
public record EnvFileRef(String path, boolean required, int line) {
}
