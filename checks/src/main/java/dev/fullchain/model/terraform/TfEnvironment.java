package dev.fullchain.model.terraform;

import dev.fullchain.model.terraform.eval.Value;
import dev.fullchain.target.BadInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One environment a root configuration is applied to (dev, prod...), with the variable
 * files that define it: per-environment .tfvars (with terraform.tfvars and *.auto.tfvars),
 * one folder per environment, or workspaces. {@code workspace} is known only when the
 * environment is a workspace; otherwise terraform.workspace is decided at run time.
 */
public record TfEnvironment(String name, TerraformConfig root, List<TfvarsFile> varFiles, Optional<String> workspace, Kind kind) {

    public enum Kind {
        /** environments/dev.tfvars, prod.tfvars ... next to one root */
        TFVARS,
        /** envs/dev/, envs/prod/: one root per environment */
        FOLDER,
        /** one root, terraform.workspace picks the settings */
        WORKSPACE,
        /** a root with a single set of values (bootstrap, or no environments) */
        SINGLE
    }

    /** The value the variable files give {@code variable}: the last file that sets it wins, as in Terraform. */
    public Optional<Value> variable(String variable) {
        Optional<Value> found = Optional.empty();
        for (TfvarsFile f : varFiles) {
            Optional<Value> v = f.value(variable);
            if (v.isPresent()) {
                found = v;
            }
        }
        if (found.isPresent()) {
            return found;
        }
        for (TfvarsFile f : varFiles) {
            if (!f.complete()) {
                BadInput first = f.problems().get(0);
                return Optional.of(Value.unknown("var." + variable + " may be set in " + f.path()
                        + ", which cannot be read (" + first.location() + ": " + first.problem() + ")"));
            }
        }
        return Optional.empty();
    }

    /** "dev" for dev, development, develop...; "prod" for prod, production, prd; else the name. */
    public String stage() {
        return stageOf(name);
    }

    public static String stageOf(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.matches("dev|develop|development|dev[-_.].*|.*[-_.]dev")) {
            return "dev";
        }
        if (n.matches("prod|prd|production|live|prod[-_.].*|.*[-_.]prod")) {
            return "prod";
        }
        return n;
    }

    /** "dev (terraform/environments/dev.tfvars)": what a message says about where values come from. */
    public String describe() {
        String files = varFiles.stream().map(TfvarsFile::path).collect(Collectors.joining(", "));
        return switch (kind) {
            case TFVARS, FOLDER -> name + (files.isEmpty() ? " (" + root.dir() + ")" : " (" + files + ")");
            case WORKSPACE -> name + " (workspace" + (files.isEmpty() ? "" : ", " + files) + ")";
            case SINGLE -> root.dir() + (files.isEmpty() ? " (variable defaults)" : " (" + files + ")");
        };
    }

    /** Where a variable without a value should have been set, for messages. */
    public String whereVariablesAreSet() {
        if (varFiles.isEmpty()) {
            return "no .tfvars file";
        }
        return varFiles.stream().map(TfvarsFile::path).collect(Collectors.joining(" or "));
    }

    public List<BadInput> problems() {
        List<BadInput> out = new ArrayList<>();
        varFiles.forEach(f -> out.addAll(f.problems()));
        return out;
    }

    @Override
    public String toString() {
        return describe();
    }
}
