package dev.fullchain.day2;

import static dev.fullchain.day2.Day2Terraform.*;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.terraform.ConfigProblem;
import dev.fullchain.model.terraform.ModuleCall;
import dev.fullchain.model.terraform.ModuleGraph;
import dev.fullchain.model.terraform.Output;
import dev.fullchain.model.terraform.TerraformCli;
import dev.fullchain.model.terraform.TerraformConfig;
import dev.fullchain.model.terraform.TerraformProject;
import dev.fullchain.model.terraform.TfvarsFile;
import dev.fullchain.model.terraform.Variable;
import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Block;
import dev.fullchain.model.terraform.hcl.Expr;
import dev.fullchain.model.terraform.hcl.HclFile;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.opentest4j.TestAbortedException;

/**
 * Day 2, static: no secret written in the code, and code that parses and passes terraform fmt
 * and validate (HCL that does not parse fails here even without a terraform binary).
 */
class Day2HygieneChecks {

    // ------------------------------------------------------------------ D2.TF.NO_SECRETS

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)(.*_)?(password|passwd|pwd|secret|client_secret|access_key|secret_key|sas_token|token|api_key|apikey"
                    + "|connection_string|private_key|primary_key|secondary_key|master_key|shared_key)");
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern SUBSCRIPTION_PATH = Pattern.compile("(?i)/subscriptions/" + GUID.pattern());
    private static final Set<String> SENSITIVE_ATTRIBUTES = Set.of(
            "primary_access_key", "secondary_access_key", "primary_connection_string", "secondary_connection_string",
            "primary_blob_connection_string", "secondary_blob_connection_string", "admin_password", "admin_username_password",
            "kube_config", "kube_config_raw", "kube_admin_config", "kube_admin_config_raw", "client_secret", "client_key",
            "client_certificate", "password", "private_key_pem", "private_key_openssh", "connection_string",
            "instrumentation_key", "primary_key", "secondary_key", "sas_url", "access_token", "primary_shared_key");

    @Criterion("D2.TF.NO_SECRETS")
    void noSecretsOrSubscriptionIdsInCode(TerraformProject tf) {
        Findings findings = new Findings();
        tf.problems().forEach(p -> findings.add(p.bad()));
        for (TerraformConfig c : tf.configs()) {
            for (HclFile file : c.files().values()) {
                for (Block b : file.body().blocks()) {
                    scanBlock(b, findings);
                }
            }
            for (Variable v : c.variables()) {
                if (!SECRET_NAME.matcher(v.name()).matches()) {
                    continue;
                }
                v.defaultValue().flatMap(d -> Expr.literalString(d.expr())).filter(s -> !s.isEmpty()).ifPresent(s -> {
                    Secrets.register(s);
                    findings.add(v.defaultValue().get().location(), "variable \"" + v.name() + "\" has a default secret (" + hidden(s) + ")",
                            "no default: give it at run time (TF_VAR_" + v.name() + ", or read it from Key Vault)");
                });
                if (!v.sensitive()) {
                    findings.add(v.location(), "variable \"" + v.name() + "\" looks secret but is not marked sensitive",
                            "sensitive = true, so plans and logs never show it");
                }
            }
            for (Output o : c.outputs()) {
                sensitiveSource(tf, c, o).filter(x -> !o.sensitive()).ifPresent(src -> findings.add(o.location(),
                        "output \"" + o.name() + "\" exposes " + src + " without sensitive = true",
                        "sensitive = true on outputs that carry keys, passwords or connection strings (or no such output)"));
            }
        }
        Set<TfvarsFile> files = new LinkedHashSet<>();
        tf.roots().forEach(r -> {
            files.addAll(tf.varFiles(r));
            files.addAll(tf.backendFiles(r));
        });
        for (TfvarsFile f : files) {
            f.problems().forEach(findings::add);
            for (Attribute a : f.attributes()) {
                scanAttribute(a.name(), a.expr(), a.location(), findings);
            }
        }
        findings.assertNone();
    }

    private static void scanBlock(Block b, Findings findings) {
        if ("resource".equals(b.type()) && !b.labels().isEmpty() && b.label(0).equals("azurerm_key_vault_secret")) {
            // a secret's value written in the code is in git and in the state: generate it or set it outside Terraform
            b.attribute("value").ifPresent(a -> Expr.literalString(a.expr()).filter(v -> !v.isEmpty()).ifPresent(v -> {
                Secrets.register(v);
                findings.add(a.location(), "azurerm_key_vault_secret." + b.label(1) + ".value = " + hidden(v)
                                + " (the secret written in the code, so in git)",
                        "value = random_password.<name>.result or a sensitive variable given at run time"
                                + " (or set the secret with az keyvault secret set, outside Terraform)");
            }));
        }
        for (Attribute a : b.body().attributes()) {
            scanAttribute(a.name(), a.expr(), a.location(), findings);
        }
        b.body().blocks().forEach(inner -> scanBlock(inner, findings));
    }

    private static void scanAttribute(String name, Expr expr, Location where, Findings findings) {
        Optional<String> literal = Expr.literalString(expr);
        if (literal.isPresent() && !literal.get().isEmpty()) {
            String s = literal.get();
            if (SECRET_NAME.matcher(name).matches()) {
                Secrets.register(s);
                findings.add(where, name + " = " + hidden(s) + " (a secret written in the code)",
                        "no secret in code: a reference to a sensitive variable given at run time, or Key Vault");
                return;
            }
            if (name.toLowerCase().contains("subscription") && GUID.matcher(s).find()) {
                findings.add(where, name + " = \"" + s.substring(0, 4) + "…\" (a hard-coded subscription id)",
                        "no subscription id in code: ARM_SUBSCRIPTION_ID in the environment");
                return;
            }
        }
        Expr.walk(expr, e -> {
            Optional<String> text = e instanceof Expr.Template || e instanceof Expr.Literal ? Expr.literalString(e) : Optional.empty();
            text.ifPresent(t -> {
                if (SUBSCRIPTION_PATH.matcher(t).find()) {
                    findings.add(e.range().location(), name + " holds a resource id with a hard-coded subscription (/subscriptions/…)",
                            "ids from resources or data sources (e.g. data.azurerm_subscription.current.id), never written out");
                }
                if (t.contains("-----BEGIN") && t.contains("PRIVATE KEY")) {
                    Secrets.register(t);
                    findings.add(e.range().location(), name + " holds a private key", "no key material in code");
                }
            });
            if (e instanceof Expr.ObjectCons o) {
                for (Expr.ObjectCons.Item item : o.items()) {
                    Optional<String> key = Expr.literalString(item.key());
                    Optional<String> value = Expr.literalString(item.value());
                    if (key.isPresent() && value.isPresent() && !value.get().isEmpty() && SECRET_NAME.matcher(key.get()).matches()) {
                        Secrets.register(value.get());
                        findings.add(item.value().range().location(), name + "." + key.get() + " = " + hidden(value.get())
                                        + " (a secret written in the code)",
                                "no secret in code: a reference to a sensitive variable given at run time, or Key Vault");
                    }
                }
            }
        });
    }

    /** What makes an output's value secret: a sensitive variable, a sensitive module output, a key or password attribute. */
    private static Optional<String> sensitiveSource(TerraformProject tf, TerraformConfig c, Output o) {
        if (o.value().isEmpty()) {
            return Optional.empty();
        }
        for (Expr.Traversal t : Expr.references(o.value().get().expr())) {
            List<String> names = t.steps().stream().filter(s -> s instanceof dev.fullchain.model.terraform.hcl.Step.Attr)
                    .map(s -> ((dev.fullchain.model.terraform.hcl.Step.Attr) s).name()).toList();
            if (t.root().equals("var") && !names.isEmpty()
                    && c.variable(names.get(0)).map(Variable::sensitive).orElse(false)) {
                return Optional.of("the sensitive variable var." + names.get(0));
            }
            if (t.root().equals("module") && names.size() >= 2) {
                Optional<ModuleCall> m = c.moduleCall(names.get(0));
                Optional<TerraformConfig> child = m.flatMap(ModuleCall::localDir).flatMap(tf::config);
                if (child.flatMap(x -> x.output(names.get(1))).map(Output::sensitive).orElse(false)) {
                    return Optional.of("the sensitive output " + t.dotted());
                }
            }
            if (t.root().equals("random_password") || t.root().equals("tls_private_key")
                    || (t.root().equals("azurerm_key_vault_secret") && names.contains("value"))) {
                return Optional.of(t.dotted());
            }
            if (names.stream().anyMatch(SENSITIVE_ATTRIBUTES::contains)) {
                return Optional.of(t.dotted());
            }
        }
        return Optional.empty();
    }

    private static String hidden(String secret) {
        return "\"" + Secrets.MASK + "\" (" + secret.length() + " characters, not shown)";
    }

    // ------------------------------------------------------------------ D2.TF.FMT_VALIDATE

    @Criterion("D2.TF.FMT_VALIDATE")
    void terraformFmtAndValidatePass(TerraformProject tf) {
        // HCL that does not parse fails here, with or without a binary; the other criteria that need the file are blocked by it.
        Findings findings = new Findings();
        Set<String> unparsed = new LinkedHashSet<>();
        List<BadInput> unreadable = unreadableFiles(tf);
        unreadable.forEach(findings::add);
        for (BadInput bad : syntaxProblems(tf)) {
            if (unreadable.stream().noneMatch(u -> u == bad) && unparsed.add(bad.location().path())) {
                findings.add(bad.location(), bad.problem(), bad.expected());
            }
        }
        // modules fullchain does not follow are not given to the binary either: it would read outside the copy, or loop
        List<ModuleCall> notFollowed = new ArrayList<>();
        for (ModuleCall m : tf.moduleCalls()) {
            String why = m.leavesRepository() ? "is outside the repository"
                    : tf.moduleGraph().cycles().stream().anyMatch(c -> c.closing() == m) ? "closes a module cycle"
                    : tf.moduleGraph().tooDeep().stream().anyMatch(d -> d.deepest() == m)
                    ? "nests deeper than " + ModuleGraph.MAX_DEPTH + " modules" : null;
            if (why != null) {
                notFollowed.add(m);
                findings.add(new BadInput(m.location(), "the source of module \"" + m.name() + "\" (\"" + m.source().orElse("")
                        + "\") " + why + " (see D2.TF.MODULES): terraform init and validate are not run on it",
                        "module sources inside the repository, in a tree"));
            }
        }
        Optional<TerraformCli> onPath = TerraformCli.onPath();
        if (onPath.isEmpty()) {
            findings.assertNone();
            throw abort("the HCL parses, but no terraform or tofu binary is on PATH: install one to run fmt -check and validate");
        }
        TerraformCli cli = onPath.get();
        List<String> notValidated = new ArrayList<>();
        try (TerraformCli.Workdir copy = TerraformCli.Workdir.of(tf)) {
            copy.refused().forEach(findings::add);
            TerraformCli.FmtReport fmt = cli.fmtCheck(copy.root(), copy.base());
            for (TerraformCli.Unformatted u : fmt.files()) {
                findings.add(new Location(u.path(), u.line()), u.found().isEmpty() ? "not in " + cli.name() + " fmt's canonical format"
                                : "\"" + u.found() + "\" (" + cli.name() + " fmt writes \"" + u.formatted() + "\")",
                        cli.name() + " fmt -recursive leaves every file unchanged (run it and commit the result)");
            }
            for (TerraformCli.Diagnostic d : fmt.errors()) {
                if (unparsed.contains(d.path())) {
                    continue; // said once, above, with fullchain's reading of the same line
                }
                findings.add(new Location(d.path(), d.line()), cli.name() + " fmt: " + d.summary()
                        + (d.detail().isBlank() ? "" : " — " + d.detail()), "valid HCL");
            }
            if (fmt.errors().isEmpty() && unparsed.isEmpty() && unreadable.isEmpty() && copy.refused().isEmpty() && notFollowed.isEmpty()) {
                for (TerraformConfig root : tf.roots()) {
                    TerraformCli.InitReport init = cli.init(copy.root(), root.dir());
                    if (!init.ok()) {
                        if (init.providersUnavailable()) {
                            notValidated.add(root.dir());
                        } else {
                            init.errors().forEach(d -> findings.add(new Location(d.path(), d.line()),
                                    cli.name() + " init -backend=false: " + d.summary() + (d.detail().isBlank() ? "" : " — " + d.detail()),
                                    "init succeeds (modules and providers resolve)"));
                        }
                        continue;
                    }
                    for (TerraformCli.Diagnostic d : cli.validate(copy.root(), root.dir())) {
                        findings.add(new Location(d.path(), d.line()), cli.name() + " validate: " + d.summary()
                                + (d.detail().isBlank() ? "" : " — " + d.detail().lines().findFirst().orElse("")), "no validation error");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy the Terraform code to a temporary folder", e);
        }
        findings.assertNone();
        if (!notValidated.isEmpty()) {
            throw abort(cli.name() + " fmt -check passed, but validate could not run: " + cli.name()
                    + " init cannot download providers here (" + String.join(", ", notValidated)
                    + "); run it where the provider registry is reachable");
        }
    }

    /** The files of the Terraform code that cannot be read at all (too big, binary, a link out of the repository): they block. */
    private static List<BadInput> unreadableFiles(TerraformProject tf) {
        List<BadInput> out = new ArrayList<>();
        tf.problems().stream().filter(ConfigProblem::unreadable).forEach(p -> out.add(p.bad()));
        Set<TfvarsFile> files = new LinkedHashSet<>();
        tf.roots().forEach(r -> {
            files.addAll(tf.varFiles(r));
            files.addAll(tf.backendFiles(r));
        });
        files.forEach(f -> f.unreadable().ifPresent(out::add));
        return out;
    }

    /** The files of the Terraform code that cannot be read as HCL: .tf files, and the .tfvars and backend files of the roots. */
    private static List<BadInput> syntaxProblems(TerraformProject tf) {
        List<BadInput> out = new ArrayList<>();
        tf.problems().forEach(p -> out.add(p.bad()));
        Set<TfvarsFile> files = new LinkedHashSet<>();
        tf.roots().forEach(r -> {
            files.addAll(tf.varFiles(r));
            files.addAll(tf.backendFiles(r));
        });
        files.forEach(f -> out.addAll(f.problems()));
        return out;
    }

    /** Skips the check with a reason (the one static check that may: it needs a binary fullchain does not ship). */
    private static TestAbortedException abort(String reason) {
        return new TestAbortedException(reason);
    }
}
