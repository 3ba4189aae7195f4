package dev.fullchain.model.terraform;

import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Block;
import dev.fullchain.model.terraform.hcl.Expr;
import dev.fullchain.model.terraform.hcl.HclError;
import dev.fullchain.model.terraform.hcl.HclFile;
import dev.fullchain.model.terraform.hcl.HclParser;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A .terraform.lock.hcl: the provider versions and checksums {@code terraform init} selected. */
public record LockFile(String path, List<LockedProvider> providers, List<BadInput> problems) {

    /** {@code provider "registry.terraform.io/hashicorp/azurerm" { version, constraints, hashes }} */
    public record LockedProvider(String address, Optional<String> version, Optional<String> constraints,
                                 List<String> hashes, Location location) {
    }

    static LockFile parse(String path, String text) {
        HclFile f = HclParser.parse(path, text);
        List<BadInput> problems = new ArrayList<>();
        for (HclError e : f.errors()) {
            problems.add(new BadInput(e.location(), "cannot be parsed as HCL: " + e.message(),
                    "the lock file terraform init writes (delete it and run terraform init to rewrite it)"));
        }
        List<LockedProvider> providers = new ArrayList<>();
        for (Block b : f.body().blocks("provider")) {
            List<String> hashes = new ArrayList<>();
            b.attribute("hashes").ifPresent(a -> {
                if (a.expr() instanceof Expr.Tuple t) {
                    t.items().forEach(i -> Expr.literalString(i).ifPresent(hashes::add));
                }
            });
            providers.add(new LockedProvider(b.label(0), literal(b, "version"), literal(b, "constraints"),
                    List.copyOf(hashes), b.location()));
        }
        return new LockFile(path, List.copyOf(providers), List.copyOf(problems));
    }

    private static Optional<String> literal(Block b, String name) {
        return b.attribute(name).map(Attribute::expr).flatMap(Expr::literalString);
    }

    public Optional<LockedProvider> provider(String address) {
        return providers.stream().filter(p -> p.address().equals(address)).findFirst();
    }
}
