package dev.fullchain.model.terraform;

import dev.fullchain.target.Location;
import java.util.Optional;

/** One entry of {@code required_providers}: its local name, source and version constraint. */
public record RequiredProvider(String name, Optional<String> source, Optional<String> version, Location location) {

    /** "registry.terraform.io/hashicorp/azurerm" for source "hashicorp/azurerm" (the lock file's address). */
    public String registryAddress() {
        String s = source.orElse("hashicorp/" + name);
        long slashes = s.chars().filter(c -> c == '/').count();
        return slashes == 1 ? "registry.terraform.io/" + s : s;
    }
}
