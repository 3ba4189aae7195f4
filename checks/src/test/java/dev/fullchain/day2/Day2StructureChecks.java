package dev.fullchain.day2;

import static dev.fullchain.day2.Day2Terraform.*;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.terraform.AzureNames;
import dev.fullchain.model.terraform.ConfigProblem;
import dev.fullchain.model.terraform.LockFile;
import dev.fullchain.model.terraform.ModuleCall;
import dev.fullchain.model.terraform.ModuleGraph;
import dev.fullchain.model.terraform.RequiredProvider;
import dev.fullchain.model.terraform.Resource;
import dev.fullchain.model.terraform.TerraformConfig;
import dev.fullchain.model.terraform.TerraformProject;
import dev.fullchain.model.terraform.TfEnvironment;
import dev.fullchain.model.terraform.TfvarsFile;
import dev.fullchain.model.terraform.Variable;
import dev.fullchain.model.terraform.VersionConstraint;
import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Block;
import dev.fullchain.model.terraform.hcl.Expr;
import dev.fullchain.target.Location;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Day 2, static: how the code is laid out: pinned versions and lock files, documented modules
 * with typed inputs, and dev and prod as separate environments with separate state.
 */
class Day2StructureChecks {

    // ------------------------------------------------------------------ D2.TF.VERSIONS

    @Criterion("D2.TF.VERSIONS")
    void terraformAndAzurermArePinnedAndLocked(TerraformProject tf) {
        Findings findings = new Findings();
        for (TerraformConfig root : tf.roots()) {
            root.problemsAffecting("terraform", null).forEach(p -> findings.add(p.bad()));
            checkVersions(tf, root, findings);
        }
        findings.assertNone();
    }

    private static void checkVersions(TerraformProject tf, TerraformConfig root, Findings findings) {
        Location rootLocation = root.settings().declared() ? root.settings().blocks().get(0).location() : Location.of(root.dir());
        // a terraform { } block may be in a file or a part that cannot be read: what is not seen is not said to be absent
        boolean mayBeHidden = !root.problemsAffecting("terraform", null).isEmpty();
        Optional<Attribute> required = root.settings().requiredVersion();
        if (required.isEmpty() && mayBeHidden) {
            return;
        }
        if (required.isEmpty()) {
            findings.add(rootLocation, root.dir() + ": no required_version",
                    "terraform { required_version = \"~> 1.9\" } (a constraint with an upper bound)");
        } else {
            pinned(findings, required.get().location(), "required_version", Expr.literalString(required.get().expr()),
                    "required_version = \"~> 1.9\"");
        }
        boolean usesAzurerm = tf.configs().stream().anyMatch(c -> c.resources().stream().anyMatch(r -> r.type().startsWith("azurerm_")));
        Optional<RequiredProvider> azurerm = root.settings().requiredProvider("azurerm");
        if (azurerm.isEmpty()) {
            if ((usesAzurerm || !root.resources().isEmpty()) && !mayBeHidden) {
                findings.add(rootLocation, root.dir() + ": azurerm is not in required_providers",
                        "required_providers { azurerm = { source = \"hashicorp/azurerm\", version = \"~> 4.44\" } }");
            }
            return;
        }
        RequiredProvider p = azurerm.get();
        if (p.source().isPresent() && !p.source().get().equals("hashicorp/azurerm")
                && !p.source().get().equals("registry.terraform.io/hashicorp/azurerm")) {
            findings.add(p.location(), "azurerm from source \"" + p.source().get() + "\"", "source = \"hashicorp/azurerm\"");
        }
        pinned(findings, p.location(), "the azurerm version", p.version(), "version = \"~> 4.44\"");
        String lockPath = tf.lockPath(root);
        Optional<LockFile> lock = tf.lockFile(root);
        if (lock.isEmpty()) {
            findings.add(Location.of(lockPath), "no .terraform.lock.hcl next to " + root.dir(),
                    "the lock file terraform init writes, committed (it pins the provider versions and checksums)");
            return;
        }
        lock.get().problems().forEach(findings::add);
        if (tf.ignoreRules().isIgnored(lockPath, false)) {
            findings.add(Location.of(lockPath), lockPath + " is ignored by .gitignore (" + String.join(", ", tf.ignoreRules().files()) + ")",
                    "the lock file committed: do not ignore .terraform.lock.hcl");
        }
        Optional<LockFile.LockedProvider> locked = lock.get().provider(p.registryAddress());
        if (locked.isEmpty()) {
            findings.add(Location.of(lockPath), "no provider \"" + p.registryAddress() + "\" in the lock file",
                    "the lock entry terraform init writes for azurerm (run terraform init and commit the file)");
            return;
        }
        LockFile.LockedProvider lp = locked.get();
        if (lp.hashes().isEmpty()) {
            findings.add(lp.location(), "the azurerm entry has no hashes", "hashes = [\"h1:...\", \"zh:...\"] as terraform init writes them");
        }
        if (lp.version().isEmpty()) {
            findings.add(lp.location(), "the azurerm entry has no version", "version = \"4.x.y\"");
        } else if (p.version().isPresent()) {
            VersionConstraint c = VersionConstraint.parse(p.version().get());
            if (c.problem().isEmpty() && !c.isSatisfiedBy(lp.version().get())) {
                findings.add(lp.location(), "the lock file selects azurerm " + lp.version().get()
                                + ", outside the constraint \"" + p.version().get() + "\" (" + p.location() + ")",
                        "a locked version within the constraint: run terraform init -upgrade and commit the lock file");
            }
        }
    }

    private static void pinned(Findings findings, Location where, String what, Optional<String> constraint, String example) {
        if (constraint.isEmpty()) {
            findings.add(where, what + " is not a literal constraint", example);
            return;
        }
        VersionConstraint c = VersionConstraint.parse(constraint.get());
        if (c.problem().isPresent()) {
            findings.add(where, what + " = \"" + constraint.get() + "\": " + c.problem().get(), example);
        } else if (!c.hasUpperBound()) {
            findings.add(where, what + " = \"" + constraint.get() + "\" has no upper bound: the next major version would be picked up",
                    example + " (~>, or >= with <)");
        }
    }

    // ------------------------------------------------------------------ D2.TF.MODULES

    private static final List<String> IN_MODULES = List.of("azurerm_container_registry", "azurerm_key_vault");

    @Criterion("D2.TF.MODULES")
    void resourcesLiveInDocumentedModulesWithValidatedInputs(TerraformProject tf) {
        Findings findings = new Findings();
        tf.problems().stream().filter(p -> p.mayBe("variable", null) || p.mayBe("module", null) || p.mayBe("output", null))
                .forEach(p -> findings.add(p.bad()));
        for (ModuleCall m : tf.moduleCalls()) {
            if (m.leavesRepository()) {
                findings.add(m.location(), "module \"" + m.name() + "\" has source = \"" + m.source().orElse("")
                                + "\", which is outside the repository: fullchain never reads it",
                        "a module folder inside the repository (e.g. ./modules/" + m.name().replace('_', '-')
                                + "), or a registry or git source");
            } else if (m.isLocal() && !m.sourceExists()) {
                findings.add(m.location(), "module \"" + m.name() + "\" has source = \"" + m.source().orElse("")
                                + "\": " + m.localDir().get() + " is not a folder of .tf files",
                        "a source pointing at a module folder (e.g. ./modules/" + m.name().replace('_', '-') + ")");
            } else if (m.source().isEmpty()) {
                findings.add(m.location(), "module \"" + m.name() + "\" has no literal source", "source = \"./modules/<name>\"");
            }
        }
        for (ModuleGraph.Cycle cycle : tf.moduleGraph().cycles()) {
            findings.add(cycle.closing().location(), "module cycle: " + cycle.describe()
                            + " (Terraform cannot install a module that calls itself, directly or through others)",
                    "a tree of modules: a module never calls itself, nor a module that calls it");
        }
        for (ModuleGraph.TooDeep deep : tf.moduleGraph().tooDeep()) {
            findings.add(deep.deepest().location(), "modules nested deeper than " + ModuleGraph.MAX_DEPTH + " levels: "
                    + deep.describe() + " (fullchain does not follow them further)", "a shallow tree of modules (two or three levels)");
        }
        boolean unreadable = tf.problems().stream().anyMatch(ConfigProblem::unreadable);
        if (tf.modules().isEmpty() && !unreadable) {
            findings.add(baseLocation(tf), "no module: every resource is declared in a root configuration",
                    "reusable modules in modules/<name>/ (at least acr and key-vault) called with module blocks");
        }
        for (TerraformConfig module : tf.modules()) {
            for (String file : List.of("variables.tf", "outputs.tf")) {
                if (!module.hasFile(file)) {
                    findings.add(Location.of(module.dir()), module.dir() + " has no " + file,
                            "modules/<name>/ with main.tf, variables.tf, outputs.tf and README.md");
                }
            }
            if (!tf.target().exists(module.dir() + "/README.md") && !tf.target().exists(module.dir() + "/README")) {
                findings.add(Location.of(module.dir()), module.dir() + " has no README.md",
                        "a README.md saying what the module creates, its inputs and outputs");
            }
            limitedNameInputs(module).forEach((v, rule) -> {
                if (v.validations().isEmpty()) {
                    findings.add(v.location(), "variable \"" + v.name() + "\" forms the name of a " + rule.what()
                                    + " and has no validation block: a wrong name fails only at apply, in Azure",
                            "validation { condition = can(regex(\"^...$\", var." + v.name() + ")) } enforcing " + rule.what()
                                    + " names: " + rule.min() + " to " + rule.max() + " characters, " + rule.allowedText());
                }
            });
        }
        for (TerraformConfig c : tf.configs()) {
            for (Variable v : c.variables()) {
                if (v.type().isEmpty()) {
                    findings.add(v.location(), "variable \"" + v.name() + "\" has no type",
                            "type = string (or number, bool, list(string), map(string), object({...}))");
                }
                if (v.description().map(String::isBlank).orElse(true)) {
                    findings.add(v.location(), "variable \"" + v.name() + "\" has no description",
                            "description = \"what it is for, and its limits\"");
                }
            }
        }
        for (TerraformConfig root : tf.applicationRoots()) {
            for (Resource r : root.resources()) {
                if (IN_MODULES.contains(r.type())) {
                    findings.add(r.location(), r.address() + " is declared in the root configuration " + root.dir(),
                            "in a module (modules/acr, modules/key-vault) that the root calls");
                }
            }
        }
        findings.assertNone();
    }

    /**
     * The inputs of a module that form the name of a resource whose name Azure limits tightly
     * and wants unique across Azure (storage account, key vault, registry): the ones a
     * validation block should guard. Other inputs need none.
     */
    private static Map<Variable, AzureNames.Rule> limitedNameInputs(TerraformConfig module) {
        Map<Variable, AzureNames.Rule> out = new LinkedHashMap<>();
        for (Resource r : module.resources()) {
            Optional<AzureNames.Rule> rule = AzureNames.ruleFor(r.type()).filter(AzureNames.Rule::globallyUnique);
            Optional<Attribute> name = r.attribute("name");
            if (rule.isEmpty() || name.isEmpty()) {
                continue;
            }
            for (String v : variablesRead(module, name.get().expr(), new LinkedHashSet<>())) {
                module.variable(v).ifPresent(variable -> out.putIfAbsent(variable, rule.get()));
            }
        }
        return out;
    }

    /** The variables an expression reads, directly or through the module's locals. */
    private static Set<String> variablesRead(TerraformConfig c, Expr e, Set<String> localsSeen) {
        Set<String> out = new LinkedHashSet<>();
        for (Expr.Traversal t : Expr.references(e)) {
            if (t.steps().isEmpty() || !(t.steps().get(0) instanceof dev.fullchain.model.terraform.hcl.Step.Attr a)) {
                continue;
            }
            if (t.root().equals("var")) {
                out.add(a.name());
            } else if (t.root().equals("local") && localsSeen.add(a.name())) {
                c.local(a.name()).ifPresent(l -> out.addAll(variablesRead(c, l.attribute().expr(), localsSeen)));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ D2.TF.ENVIRONMENTS

    @Criterion("D2.TF.ENVIRONMENTS")
    void devAndProdAreSeparateEnvironments(TerraformProject tf) {
        Findings findings = new Findings();
        List<TfEnvironment> envs = tf.applicationRoots().stream().flatMap(r -> tf.environments(r).stream()).toList();
        boolean unreadable = false;
        for (TerraformConfig root : tf.applicationRoots()) {
            tf.varFiles(root).forEach(f -> f.problems().forEach(findings::add));
            tf.backendFiles(root).forEach(f -> f.problems().forEach(findings::add));
            // a file of the root that cannot be read may read terraform.workspace: the environments cannot be told apart then
            for (ConfigProblem p : root.problems()) {
                if (p.unreadable()) {
                    findings.add(p.bad());
                    unreadable = true;
                }
            }
        }
        Set<String> stages = envs.stream().map(TfEnvironment::stage).collect(Collectors.toCollection(LinkedHashSet::new));
        String seen = envs.isEmpty() ? "none" : envs.stream().map(TfEnvironment::describe).collect(Collectors.joining("; "));
        for (String stage : List.of("dev", "prod")) {
            if (!stages.contains(stage) && !unreadable) {
                findings.add(baseLocation(tf), "no " + stage + " environment (environments found: " + seen + ")",
                        "dev and prod: environments/dev.tfvars and environments/prod.tfvars (or envs/dev/ and envs/prod/, or workspaces)");
            }
        }
        for (TerraformConfig root : tf.applicationRoots()) {
            separateState(tf, root, findings);
            for (TfEnvironment env : tf.environments(root)) {
                complete(root, env, findings);
            }
        }
        folderBackendsDiffer(tf, findings);
        findings.assertNone();
    }

    /** Environments sharing one root need their own state: a workspace each, or a backend key each. */
    private static void separateState(TerraformProject tf, TerraformConfig root, Findings findings) {
        List<TfEnvironment> envs = tf.environments(root);
        if (envs.size() < 2 || envs.get(0).kind() != TfEnvironment.Kind.TFVARS || root.readsWorkspace()
                || root.problems().stream().anyMatch(ConfigProblem::unreadable)) {
            return;
        }
        List<TfvarsFile> backends = tf.backendFiles(root);
        Optional<Block> declared = root.settings().backend();
        if (declared.isPresent() && declared.get().body().attributes().isEmpty() && backends.isEmpty()) {
            findings.cannotTell(declared.get().location(), "whether " + envs.stream().map(TfEnvironment::name)
                            .collect(Collectors.joining(" and ")) + " have separate states: backend \"azurerm\" {} is empty, its key is"
                            + " given to terraform init, where fullchain cannot see it",
                    "a committed -backend-config file per environment (e.g. " + root.dir() + "/env/dev.tfbackend with its own key),"
                            + " or a workspace per environment read in the code (terraform.workspace)");
            return;
        }
        Map<String, String> keyPerEnv = new LinkedHashMap<>();
        for (TfEnvironment env : envs) {
            backends.stream().filter(b -> b.fileName().toLowerCase().contains(env.name().toLowerCase()))
                    .map(b -> b.value("key")).flatMap(Optional::stream).flatMap(v -> v.asString().stream())
                    .findFirst().ifPresent(k -> keyPerEnv.put(env.name(), k));
        }
        boolean separated = keyPerEnv.size() == envs.size() && new LinkedHashSet<>(keyPerEnv.values()).size() == envs.size();
        if (!separated) {
            Optional<Block> backend = root.settings().backend();
            String key = backend.flatMap(b -> b.attribute("key")).flatMap(a -> Expr.literalString(a.expr())).orElse("?");
            findings.add(backend.map(Block::location).orElse(Location.of(root.dir())),
                    envs.stream().map(TfEnvironment::name).collect(Collectors.joining(" and "))
                            + " share one state: one backend key (\"" + key + "\"), no workspace (terraform.workspace is never read)"
                            + " and no backend configuration file per environment",
                    "a workspace per environment (with a guard comparing terraform.workspace to var.environment), or"
                            + " -backend-config=environments/<env>.tfbackend files with a key each");
        }
    }

    /** An environment's values set every variable that has no default, and only declared ones. */
    private static void complete(TerraformConfig root, TfEnvironment env, Findings findings) {
        for (Variable v : root.variables()) {
            if (v.defaultValue().isEmpty() && env.variable(v.name()).isEmpty()) {
                Location where = env.varFiles().isEmpty() ? v.location()
                        : Location.of(env.varFiles().get(env.varFiles().size() - 1).path());
                findings.add(where, env.name() + " does not set " + v.name() + ", which has no default (" + v.location() + ")",
                        v.name() + " = ... in " + env.whereVariablesAreSet());
            }
        }
        for (TfvarsFile f : env.varFiles()) {
            for (String name : f.names()) {
                if (root.variable(name).isEmpty() && root.problemsAffecting("variable", name).isEmpty()) {
                    findings.add(f.location(name), f.fileName() + " sets \"" + name + "\", which no variable of " + root.dir() + " declares",
                            "only declared variables (Terraform ignores the others, with a warning)");
                }
            }
        }
    }

    /** One folder per environment: their backends must not share account, container and key. */
    private static void folderBackendsDiffer(TerraformProject tf, Findings findings) {
        Map<String, TerraformConfig> byState = new LinkedHashMap<>();
        for (TerraformConfig root : tf.applicationRoots()) {
            if (tf.environments(root).stream().noneMatch(e -> e.kind() == TfEnvironment.Kind.FOLDER) || root.readsWorkspace()) {
                continue;
            }
            Optional<Block> b = root.settings().backend();
            if (b.isEmpty()) {
                continue;
            }
            String state = List.of("storage_account_name", "container_name", "key").stream()
                    .map(k -> b.get().attribute(k).flatMap(a -> Expr.literalString(a.expr())).orElse("?"))
                    .collect(Collectors.joining("/"));
            TerraformConfig other = byState.putIfAbsent(state, root);
            if (other != null) {
                findings.add(b.get().location(), root.dir() + " and " + other.dir() + " write the same state (" + state + ")",
                        "a different backend key per environment folder");
            }
        }
    }
}
