package dev.fullchain.model.terraform;

import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Block;
import dev.fullchain.model.terraform.hcl.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code terraform { }} blocks of one configuration: required_version, required_providers, backend. */
public record TerraformSettings(List<Block> blocks) {

    public boolean declared() {
        return !blocks.isEmpty();
    }

    public Optional<Attribute> requiredVersion() {
        return blocks.stream().flatMap(b -> b.attribute("required_version").stream()).findFirst();
    }

    public List<RequiredProvider> requiredProviders() {
        List<RequiredProvider> out = new ArrayList<>();
        for (Block t : blocks) {
            for (Block rp : t.blocks("required_providers")) {
                for (Attribute a : rp.body().attributes()) {
                    if (a.expr() instanceof Expr.ObjectCons o) {
                        Optional<String> source = Optional.empty();
                        Optional<String> version = Optional.empty();
                        for (Expr.ObjectCons.Item item : o.items()) {
                            Optional<String> key = Expr.literalString(item.key());
                            if (key.equals(Optional.of("source"))) {
                                source = Expr.literalString(item.value());
                            } else if (key.equals(Optional.of("version"))) {
                                version = Expr.literalString(item.value());
                            }
                        }
                        out.add(new RequiredProvider(a.name(), source, version, a.location()));
                    } else {
                        // legacy form: azurerm = "~> 4.0"
                        out.add(new RequiredProvider(a.name(), Optional.empty(), Expr.literalString(a.expr()), a.location()));
                    }
                }
            }
        }
        return out;
    }

    public Optional<RequiredProvider> requiredProvider(String name) {
        return requiredProviders().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** {@code backend "azurerm" { }}, if any. */
    public Optional<Block> backend() {
        return blocks.stream().flatMap(b -> b.blocks("backend").stream()).findFirst();
    }

    /** {@code cloud { }} (HCP Terraform), if any. */
    public Optional<Block> cloud() {
        return blocks.stream().flatMap(b -> b.blocks("cloud").stream()).findFirst();
    }
}
