package dev.fullchain.model.terraform;

import dev.fullchain.model.terraform.hcl.Block;
import dev.fullchain.target.Location;

/** A {@code provider "azurerm" { ... }} block. */
public record ProviderBlock(String name, Block block) {

    public Location location() {
        return block.location();
    }
}
