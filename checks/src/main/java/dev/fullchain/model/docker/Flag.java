package dev.fullchain.model.docker;

/** A leading option of an instruction, e.g. {@code --from=build} or {@code --link} (value ""). */
public record Flag(String name, String value) {
}
