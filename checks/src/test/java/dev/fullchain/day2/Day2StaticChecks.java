package dev.fullchain.day2;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.terraform.AzureNames;
import dev.fullchain.model.terraform.ConfigProblem;
import dev.fullchain.model.terraform.LockFile;
import dev.fullchain.model.terraform.ModuleCall;
import dev.fullchain.model.terraform.ModuleInstance;
import dev.fullchain.model.terraform.Output;
import dev.fullchain.model.terraform.RequiredProvider;
import dev.fullchain.model.terraform.Resource;
import dev.fullchain.model.terraform.ResourceInstance;
import dev.fullchain.model.terraform.StateArtifacts;
import dev.fullchain.model.terraform.TerraformCli;
import dev.fullchain.model.terraform.TerraformConfig;
import dev.fullchain.model.terraform.TerraformProject;
import dev.fullchain.model.terraform.TfEnvironment;
import dev.fullchain.model.terraform.TfvarsFile;
import dev.fullchain.model.terraform.Variable;
import dev.fullchain.model.terraform.VersionConstraint;
import dev.fullchain.model.terraform.eval.Evaluator;
import dev.fullchain.model.terraform.eval.Value;
import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Block;
import dev.fullchain.model.terraform.hcl.Expr;
import dev.fullchain.model.terraform.hcl.HclFile;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.target.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.opentest4j.TestAbortedException;

/**
 * Day 2, static: the Terraform code, read without Terraform and without Azure. Values
 * (names, tags, settings) are evaluated per environment with its .tfvars, the way
 * Terraform would plan them; what cannot be known that way is reported as "cannot tell",
 * never guessed.
 */
class Day2StaticChecks {

    private static final String BACKEND_SHAPE = "terraform { backend \"azurerm\" { resource_group_name, storage_account_name,"
            + " container_name, key, use_azuread_auth = true } }";

    // ------------------------------------------------------------------ D2.TF.BACKEND

    @Criterion("D2.TF.BACKEND")
    void rootStateLivesInAnAzurermBackendWithEntraId(TerraformProject tf) {
        Findings findings = new Findings();
        if (present(tf, findings)) {
            if (tf.applicationRoots().isEmpty()) {
                findings.add(baseLocation(tf), "no root configuration besides " + dirs(tf.bootstrapRoots()),
                        "a root configuration (e.g. terraform/ with main.tf) using " + BACKEND_SHAPE);
            }
            for (TerraformConfig root : tf.applicationRoots()) {
                root.problemsAffecting("terraform", null).forEach(p -> findings.add(p.bad()));
                checkBackend(tf, root, findings);
            }
        }
        findings.assertNone();
    }

    private static void checkBackend(TerraformProject tf, TerraformConfig root, Findings findings) {
        Optional<Block> backend = root.settings().backend();
        if (backend.isEmpty()) {
            Location where = root.settings().declared() ? root.settings().blocks().get(0).location() : Location.of(root.dir());
            findings.add(where, root.settings().cloud().isPresent() ? "a cloud { } block (HCP Terraform), no azurerm backend"
                            : "no backend block: the state stays in terraform.tfstate on the machine that ran apply",
                    BACKEND_SHAPE);
            return;
        }
        Block b = backend.get();
        if (!b.label(0).equals("azurerm")) {
            findings.add(b.location(), "backend \"" + b.label(0) + "\"",
                    "backend \"azurerm\": the state in the storage account that bootstrap creates");
            return;
        }
        List<TfvarsFile> partials = tf.backendFiles(root);
        for (String setting : List.of("resource_group_name", "storage_account_name", "container_name", "key")) {
            Optional<Attribute> inBlock = b.attribute(setting);
            boolean inEveryFile = !partials.isEmpty() && partials.stream().allMatch(p -> p.names().contains(setting));
            if (inBlock.isEmpty() && !inEveryFile) {
                findings.add(b.location(), "backend \"azurerm\" without " + setting,
                        setting + " = \"...\" in the block" + (partials.isEmpty() ? ""
                                : " or in every backend configuration file (" + paths(partials) + ")"));
            } else if (inBlock.isPresent() && !Expr.isConstant(inBlock.get().expr())) {
                findings.add(inBlock.get().location(), setting + " = " + tf.text(inBlock.get().expr().range()),
                        "a literal: backend settings cannot use variables, locals or functions");
            }
        }
        for (String credential : List.of("access_key", "sas_token", "client_secret", "client_certificate_password")) {
            b.attribute(credential).ifPresent(a -> findings.add(a.location(),
                    "backend \"azurerm\" sets " + credential + " (a credential in code)",
                    "no key, SAS or client secret: use_azuread_auth = true, with az login or OIDC for the identity"));
            for (TfvarsFile p : partials) {
                if (p.names().contains(credential)) {
                    findings.add(p.location(credential), credential + " in a backend configuration file (a credential in a file)",
                            "no key, SAS or client secret: use_azuread_auth = true, with az login or OIDC for the identity");
                }
            }
        }
        Optional<Value> azureAd = b.attribute("use_azuread_auth").map(a -> Evaluator.constant(a.expr()));
        if (azureAd.isEmpty()) {
            azureAd = partials.stream().map(p -> p.value("use_azuread_auth")).flatMap(Optional::stream).findFirst();
        }
        if (azureAd.isEmpty()) {
            findings.add(b.location(), "use_azuread_auth is not set: Terraform reads and writes the state with the storage account's access key",
                    "use_azuread_auth = true (Entra ID, with the Storage Blob Data Contributor role on the account)");
        } else if (!azureAd.get().asBool().orElse(false)) {
            findings.add(b.attribute("use_azuread_auth").map(Attribute::location).orElse(b.location()),
                    "use_azuread_auth = " + azureAd.get().display(), "use_azuread_auth = true");
        }
    }

    // ------------------------------------------------------------------ D2.TF.STATE_STORE

    @Criterion("D2.TF.STATE_STORE")
    void bootstrapCreatesAHardenedStateStore(TerraformProject tf) {
        Findings findings = new Findings();
        if (present(tf, findings)) {
            if (tf.bootstrapRoots().isEmpty()) {
                findings.add(baseLocation(tf), "no bootstrap configuration creates the state storage"
                                + " (roots: " + dirs(tf.roots()) + ")",
                        "a root of its own (e.g. terraform/bootstrap/) creating the azurerm_storage_account and"
                                + " azurerm_storage_container the backend uses, applied once before the others");
            }
            PerEnvironment perEnv = new PerEnvironment();
            Set<String> accountNames = new LinkedHashSet<>();
            Set<String> containerNames = new LinkedHashSet<>();
            boolean allNamesKnown = true;
            for (TerraformConfig root : tf.bootstrapRoots()) {
                root.problemsAffecting("resource", "azurerm_storage_account").forEach(p -> findings.add(p.bad()));
                root.problemsAffecting("resource", "azurerm_storage_container").stream()
                        .filter(p -> p.block() != null).forEach(p -> findings.add(p.bad()));
                for (TfEnvironment env : tf.environments(root)) {
                    List<ResourceInstance> accounts = ofType(tf.resources(env), "azurerm_storage_account");
                    List<ResourceInstance> containers = ofType(tf.resources(env), "azurerm_storage_container");
                    if (accounts.isEmpty()) {
                        findings.add(Location.of(root.dir()), root.dir() + " creates no azurerm_storage_account",
                                "the storage account that holds the state");
                    }
                    if (containers.isEmpty()) {
                        findings.add(Location.of(root.dir()), root.dir() + " creates no azurerm_storage_container",
                                "a private blob container for the state files");
                    }
                    for (ResourceInstance a : accounts) {
                        checkStateAccount(a, perEnv);
                        Value name = a.value("name");
                        name.asString().ifPresent(accountNames::add);
                        allNamesKnown &= name.asString().isPresent();
                    }
                    for (ResourceInstance c : containers) {
                        Value access = c.value("container_access_type");
                        requireValue(perEnv, c, "container_access_type", access,
                                v -> v.isNull() || v.equals(Value.of("private")), null,
                                "container_access_type = \"private\" (the default): no anonymous read of the state");
                        Value name = c.value("name");
                        name.asString().ifPresent(containerNames::add);
                        allNamesKnown &= name.asString().isPresent();
                    }
                }
            }
            perEnv.into(findings);
            if (allNamesKnown && !accountNames.isEmpty()) {
                backendMismatches(tf, accountNames, containerNames, findings);
            }
        }
        findings.assertNone();
    }

    private static void checkStateAccount(ResourceInstance a, PerEnvironment perEnv) {
        String https = a.has("enable_https_traffic_only") ? "enable_https_traffic_only" : "https_traffic_only_enabled";
        requireValue(perEnv, a, https, a.value(https), v -> v.isNull() || isTrue(v), null,
                https + " = true (the default): no plain HTTP to the state");
        requireValue(perEnv, a, "min_tls_version", a.value("min_tls_version"),
                v -> v.isNull() || v.equals(Value.of("TLS1_2")) || v.equals(Value.of("TLS1_3")), null,
                "min_tls_version = \"TLS1_2\"");
        String publicBlobs = a.has("allow_blob_public_access") ? "allow_blob_public_access" : "allow_nested_items_to_be_public";
        requireValue(perEnv, a, publicBlobs, a.value(publicBlobs), v -> isFalse(v),
                publicBlobs + " is not set: it defaults to true (containers may be made public)",
                publicBlobs + " = false");
        requireValue(perEnv, a, "blob_properties.versioning_enabled", a.value("blob_properties.versioning_enabled"),
                Day2StaticChecks::isTrue, "blob versioning is not enabled",
                "blob_properties { versioning_enabled = true }: every write keeps the previous state");
        if (!a.hasBlock("blob_properties.delete_retention_policy")) {
            perEnv.add(a.location("blob_properties.delete_retention_policy"),
                    a.address() + ": no blob soft delete (blob_properties.delete_retention_policy)",
                    "blob_properties { delete_retention_policy { days = 30 } }: a deleted state can be recovered", a.environment());
        }
        if (!a.hasBlock("blob_properties.container_delete_retention_policy")) {
            perEnv.add(a.location("blob_properties.container_delete_retention_policy"),
                    a.address() + ": no container soft delete (blob_properties.container_delete_retention_policy)",
                    "blob_properties { container_delete_retention_policy { days = 30 } }", a.environment());
        }
        Optional<Attribute> prevent = a.resource().lifecycleSetting("prevent_destroy");
        if (prevent.isEmpty() || !isTrue(Evaluator.constant(prevent.get().expr()))) {
            perEnv.add(prevent.map(Attribute::location).orElse(a.location()),
                    a.address() + (prevent.isEmpty() ? " has no lifecycle { prevent_destroy = true }"
                            : ": prevent_destroy = " + Evaluator.constant(prevent.get().expr()).display()),
                    "lifecycle { prevent_destroy = true }: terraform destroy must not delete every environment's state",
                    a.environment());
        }
    }

    /** The backend must point at an account and container the bootstrap creates (when both are known). */
    private static void backendMismatches(TerraformProject tf, Set<String> accounts, Set<String> containers, Findings findings) {
        for (TerraformConfig root : tf.applicationRoots()) {
            Optional<Block> b = root.settings().backend().filter(x -> x.label(0).equals("azurerm"));
            if (b.isEmpty()) {
                continue;
            }
            for (String[] pair : List.of(new String[] {"storage_account_name", "storage account"},
                    new String[] {"container_name", "container"})) {
                Optional<Attribute> a = b.get().attribute(pair[0]);
                Set<String> created = pair[0].equals("container_name") ? containers : accounts;
                if (a.isPresent() && !created.isEmpty()) {
                    Value v = Evaluator.constant(a.get().expr());
                    if (v.asString().isPresent() && !created.contains(v.asString().get())) {
                        findings.add(a.get().location(), "the backend uses the " + pair[1] + " " + v.display()
                                        + ", which the bootstrap does not create (it creates " + String.join(", ", created) + ")",
                                "the backend pointing at the " + pair[1] + " the bootstrap creates");
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ D2.TF.VERSIONS

    @Criterion("D2.TF.VERSIONS")
    void terraformAndAzurermArePinnedAndLocked(TerraformProject tf) {
        Findings findings = new Findings();
        if (present(tf, findings)) {
            for (TerraformConfig root : tf.roots()) {
                root.problemsAffecting("terraform", null).forEach(p -> findings.add(p.bad()));
                checkVersions(tf, root, findings);
            }
        }
        findings.assertNone();
    }

    private static void checkVersions(TerraformProject tf, TerraformConfig root, Findings findings) {
        Location rootLocation = root.settings().declared() ? root.settings().blocks().get(0).location() : Location.of(root.dir());
        Optional<Attribute> required = root.settings().requiredVersion();
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
            if (usesAzurerm || !root.resources().isEmpty()) {
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

    // ------------------------------------------------------------------ D2.TF.ACR

    @Criterion("D2.TF.ACR")
    void containerRegistryIsBasicWithoutAdminAccount(TerraformProject tf) {
        Findings findings = new Findings();
        if (present(tf, findings)) {
            List<ConfigProblem> hiding = tf.problems().stream()
                    .filter(p -> p.mayBe("resource", "azurerm_container_registry") && p.block() != null).toList();
            hiding.forEach(p -> findings.add(p.bad()));
            List<ResourceInstance> registries = tf.resources("azurerm_container_registry");
            if (registries.isEmpty() && hiding.isEmpty()) {
                findings.add(baseLocation(tf), "no azurerm_container_registry in any environment" + missingModules(tf),
                        "an azurerm_container_registry (modules/acr, called from the root) with sku = \"Basic\" and admin_enabled = false");
            }
            PerEnvironment perEnv = new PerEnvironment();
            for (ResourceInstance r : registries) {
                requireValue(perEnv, r, "sku", r.value("sku"), v -> v.equals(Value.of("Basic")), "sku is not set",
                        "sku = \"Basic\"");
                requireValue(perEnv, r, "admin_enabled", r.value("admin_enabled"), v -> v.isNull() || isFalse(v), null,
                        "admin_enabled = false: push and pull with Entra ID identities, not a shared admin password");
            }
            perEnv.into(findings);
        }
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D2.TF.KEYVAULT

    @Criterion("D2.TF.KEYVAULT")
    void keyVaultUsesRbacPurgeProtectionAndSoftDelete(TerraformProject tf) {
        Findings findings = new Findings();
        if (present(tf, findings)) {
            List<ConfigProblem> hiding = tf.problems().stream()
                    .filter(p -> p.mayBe("resource", "azurerm_key_vault") && p.block() != null).toList();
            hiding.forEach(p -> findings.add(p.bad()));
            List<ResourceInstance> vaults = tf.resources("azurerm_key_vault");
            if (vaults.isEmpty() && hiding.isEmpty()) {
                findings.add(baseLocation(tf), "no azurerm_key_vault in any environment" + missingModules(tf),
                        "an azurerm_key_vault (modules/key-vault, called from the root) with RBAC and purge protection");
            }
            PerEnvironment perEnv = new PerEnvironment();
            for (ResourceInstance kv : vaults) {
                String rbac = kv.has("enable_rbac_authorization") && !kv.has("rbac_authorization_enabled")
                        ? "enable_rbac_authorization" : "rbac_authorization_enabled";
                requireValue(perEnv, kv, rbac, kv.value(rbac), Day2StaticChecks::isTrue,
                        "RBAC authorisation is not enabled (the provider's default is access policies)",
                        "rbac_authorization_enabled = true (azurerm 4.x; enable_rbac_authorization = true before 4.42)");
                requireValue(perEnv, kv, "purge_protection_enabled", kv.value("purge_protection_enabled"),
                        Day2StaticChecks::isTrue, "purge protection is not enabled (the default is off)",
                        "purge_protection_enabled = true: nobody can purge the vault or its secrets before the retention ends");
                requireValue(perEnv, kv, "soft_delete_retention_days", kv.value("soft_delete_retention_days"),
                        v -> v.asNumber().map(n -> n.intValue() >= 7 && n.intValue() <= 90 && n.stripTrailingZeros().scale() <= 0).orElse(false),
                        "soft_delete_retention_days is not set",
                        "soft_delete_retention_days between 7 and 90, written explicitly");
                requireValue(perEnv, kv, "sku_name", kv.value("sku_name"), v -> v.equals(Value.of("standard")),
                        "sku_name is not set", "sku_name = \"standard\"");
            }
            perEnv.into(findings);
        }
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D2.TF.MODULES

    private static final Pattern NAME_VARIABLE = Pattern.compile("name|.*_name|name_.*");
    private static final List<String> IN_MODULES = List.of("azurerm_container_registry", "azurerm_key_vault");

    @Criterion("D2.TF.MODULES")
    void resourcesLiveInDocumentedModulesWithValidatedInputs(TerraformProject tf) {
        Findings findings = new Findings();
        if (present(tf, findings)) {
            tf.problems().stream().filter(p -> p.mayBe("variable", null) || p.mayBe("module", null) || p.mayBe("output", null))
                    .forEach(p -> findings.add(p.bad()));
            for (ModuleCall m : tf.moduleCalls()) {
                if (m.isLocal() && !m.sourceExists()) {
                    findings.add(m.location(), "module \"" + m.name() + "\" has source = \"" + m.source().orElse("")
                                    + "\": " + m.localDir().get() + " is not a folder of .tf files",
                            "a source pointing at a module folder (e.g. ./modules/" + m.name().replace('_', '-') + ")");
                } else if (m.source().isEmpty()) {
                    findings.add(m.location(), "module \"" + m.name() + "\" has no literal source", "source = \"./modules/<name>\"");
                }
            }
            if (tf.modules().isEmpty()) {
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
                for (Variable v : module.variables()) {
                    if (NAME_VARIABLE.matcher(v.name()).matches() && v.validations().isEmpty()) {
                        findings.add(v.location(), "variable \"" + v.name() + "\" (a name) has no validation block",
                                "validation { condition = can(regex(\"^...$\", var." + v.name() + ")) } enforcing Azure's limits for that name");
                    }
                }
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
        }
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D2.TF.ENVIRONMENTS

    @Criterion("D2.TF.ENVIRONMENTS")
    void devAndProdAreSeparateEnvironments(TerraformProject tf) {
        Findings findings = new Findings();
        if (present(tf, findings)) {
            List<TfEnvironment> envs = tf.applicationRoots().stream().flatMap(r -> tf.environments(r).stream()).toList();
            for (TerraformConfig root : tf.applicationRoots()) {
                tf.varFiles(root).forEach(f -> f.problems().forEach(findings::add));
                tf.backendFiles(root).forEach(f -> f.problems().forEach(findings::add));
            }
            Set<String> stages = envs.stream().map(TfEnvironment::stage).collect(Collectors.toCollection(LinkedHashSet::new));
            String seen = envs.isEmpty() ? "none" : envs.stream().map(TfEnvironment::describe).collect(Collectors.joining("; "));
            for (String stage : List.of("dev", "prod")) {
                if (!stages.contains(stage)) {
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
        }
        findings.assertNone();
    }

    /** Environments sharing one root need their own state: a workspace each, or a backend key each. */
    private static void separateState(TerraformProject tf, TerraformConfig root, Findings findings) {
        List<TfEnvironment> envs = tf.environments(root);
        if (envs.size() < 2 || envs.get(0).kind() != TfEnvironment.Kind.TFVARS || root.readsWorkspace()) {
            return;
        }
        List<TfvarsFile> backends = tf.backendFiles(root);
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

    // ------------------------------------------------------------------ D2.TF.NAMING

    @Criterion("D2.TF.NAMING")
    void namesComeFromVariablesAndRespectAzureLimits(TerraformProject tf) {
        Findings findings = new Findings();
        if (present(tf, findings)) {
            tf.problems().stream().filter(p -> p.block() != null && p.block().type() != null && p.block().type().equals("resource")
                            && (p.block().labels().isEmpty() || AzureNames.ruleFor(p.block().labels().get(0)).isPresent()))
                    .forEach(p -> findings.add(p.bad()));
            tf.problems().stream().filter(p -> p.block() == null || p.block().type() == null).forEach(p -> findings.add(p.bad()));
            PerEnvironment perEnv = new PerEnvironment();
            for (TfEnvironment env : tf.environments()) {
                for (ResourceInstance r : tf.resources(env)) {
                    AzureNames.ruleFor(r.type()).ifPresent(rule -> checkName(tf, r, rule, perEnv));
                }
            }
            perEnv.into(findings);
            for (TerraformConfig root : tf.applicationRoots()) {
                namesDifferBetweenEnvironments(tf, root, findings);
            }
        }
        findings.assertNone();
    }

    private static void checkName(TerraformProject tf, ResourceInstance r, AzureNames.Rule rule, PerEnvironment perEnv) {
        Optional<Attribute> attr = r.attribute("name");
        if (attr.isEmpty()) {
            return;
        }
        ModuleInstance.Origin origin = r.module().origin(attr.get().expr());
        // A name with no reference at all is hard-coded; one read from a resource (random_string...) is unknown below.
        boolean literal = Expr.references(origin.expr()).isEmpty();
        Value name = r.value("name");
        if (literal) {
            perEnv.add(origin.location(), "the " + rule.what() + " name " + name.display() + " is written as a literal ("
                            + r.address() + ")",
                    "a name built from variables and locals, e.g. \"kv-${var.project}-${var.environment}\"", r.environment());
        }
        if (name instanceof Value.Unknown u) {
            perEnv.add(r.location("name"), "cannot tell whether the " + rule.what() + " name of " + r.address()
                            + " respects Azure's limits: " + u.reason(),
                    "a name computed from variables and the environment's .tfvars", r.environment());
            return;
        }
        Optional<String> s = name.asString();
        if (s.isEmpty()) {
            perEnv.add(r.location("name"), r.address() + ": name = " + name.display(), "a string", r.environment());
            return;
        }
        List<String> problems = AzureNames.violations(rule, s.get());
        if (!problems.isEmpty()) {
            perEnv.add(r.location("name"), "the " + rule.what() + " name " + name.display() + " " + String.join(", ", problems)
                            + " (" + r.address() + ")",
                    rule.what() + " names: " + rule.min() + " to " + rule.max() + " characters, " + rule.allowedText()
                            + (rule.startText() == null ? "" : ", " + rule.startText())
                            + (rule.endText() == null ? "" : ", " + rule.endText()),
                    r.environment());
        }
    }

    /** Names that are unique across Azure must differ between the environments of a root. */
    private static void namesDifferBetweenEnvironments(TerraformProject tf, TerraformConfig root, Findings findings) {
        List<TfEnvironment> envs = tf.environments(root);
        if (envs.size() < 2) {
            return;
        }
        Map<String, Map<String, String>> namesByAddress = new LinkedHashMap<>();
        Map<String, ResourceInstance> sample = new LinkedHashMap<>();
        for (TfEnvironment env : envs) {
            for (ResourceInstance r : tf.resources(env)) {
                Optional<AzureNames.Rule> rule = AzureNames.ruleFor(r.type());
                if (rule.isEmpty() || !rule.get().globallyUnique()) {
                    continue;
                }
                r.value("name").asString().ifPresent(n -> {
                    namesByAddress.computeIfAbsent(r.address(), k -> new LinkedHashMap<>()).put(env.name(), n);
                    sample.putIfAbsent(r.address(), r);
                });
            }
        }
        namesByAddress.forEach((address, byEnv) -> {
            Map<String, List<String>> envsByName = new LinkedHashMap<>();
            byEnv.forEach((env, name) -> envsByName.computeIfAbsent(name, k -> new ArrayList<>()).add(env));
            envsByName.forEach((name, sameEnvs) -> {
                if (sameEnvs.size() > 1) {
                    ResourceInstance r = sample.get(address);
                    String what = AzureNames.ruleFor(r.type()).get().what();
                    findings.add(r.location("name"), String.join(" and ", sameEnvs) + " both name the " + what + " \"" + name
                                    + "\" (" + address + ")",
                            "a name that differs per environment (include var.environment): " + what + " names are unique across Azure");
                }
            });
        });
    }

    // ------------------------------------------------------------------ D2.TF.TAGS

    private static final List<String> REQUIRED_TAGS = List.of("project", "environment", "owner");

    @Criterion("D2.TF.TAGS")
    void everyTaggableResourceCarriesTheCommonTags(TerraformProject tf) {
        Findings findings = new Findings();
        if (present(tf, findings)) {
            tf.problems().stream().filter(p -> p.mayBe("resource", null)).forEach(p -> findings.add(p.bad()));
            PerEnvironment perEnv = new PerEnvironment();
            for (TfEnvironment env : tf.environments()) {
                for (ResourceInstance r : tf.resources(env)) {
                    if (AzureNames.isTaggable(r.type()) || r.has("tags")) {
                        checkTags(r, perEnv);
                    }
                }
            }
            perEnv.into(findings);
        }
        findings.assertNone();
    }

    private static void checkTags(ResourceInstance r, PerEnvironment perEnv) {
        String expected = "tags = local.tags (or var.tags in a module) with " + String.join(", ", REQUIRED_TAGS);
        if (!r.has("tags")) {
            perEnv.add(r.location(), r.address() + " has no tags", expected, r.environment());
            return;
        }
        Value tags = r.value("tags");
        if (tags instanceof Value.Unknown u) {
            perEnv.add(r.location("tags"), "cannot tell which tags " + r.address() + " gets: " + u.reason(),
                    expected, r.environment());
            return;
        }
        if (!(tags instanceof Value.MapV m)) {
            perEnv.add(r.location("tags"), r.address() + ": tags = " + tags.display(), expected, r.environment());
            return;
        }
        List<String> missing = new ArrayList<>();
        for (String t : REQUIRED_TAGS) {
            Value v = m.entries().get(t);
            if (v == null || v.isNull() || v.asString().map(String::isBlank).orElse(false)) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            perEnv.add(r.location("tags"), r.address() + " lacks the tag" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing),
                    expected, r.environment());
        }
    }

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
        if (present(tf, findings)) {
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
        }
        findings.assertNone();
    }

    private static void scanBlock(Block b, Findings findings) {
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

    // ------------------------------------------------------------------ D2.TF.NO_STATE_IN_GIT

    private static final List<String[]> IGNORE_SAMPLES = List.of(
            new String[] {".terraform", "dir", ".terraform/"},
            new String[] {"terraform.tfstate", "file", "*.tfstate"},
            new String[] {"terraform.tfstate.backup", "file", "*.tfstate.*"},
            new String[] {"dev.tfplan", "file", "*.tfplan"});

    @Criterion("D2.TF.NO_STATE_IN_GIT")
    void noStatePlansOrTerraformFoldersAreCommitted(TerraformProject tf) {
        Findings findings = new Findings();
        if (present(tf, findings)) {
            for (StateArtifacts.Artifact a : tf.stateArtifacts().exposed()) {
                String status = switch (a.status()) {
                    case TRACKED -> "committed";
                    case NOT_IGNORED -> "not ignored: git add would commit it";
                    default -> "in the repository";
                };
                findings.add(Location.of(a.path()), a.path() + ": " + a.describe() + ", " + status,
                        "no " + (a.kind() == StateArtifacts.Kind.TERRAFORM_DIR ? ".terraform/ folder" : "state or plan file")
                                + " in the repository (git rm --cached it if committed, and rotate what it held)");
            }
            Set<String> folders = new LinkedHashSet<>();
            tf.baseDir().ifPresent(folders::add);
            tf.roots().forEach(r -> folders.add(r.dir()));
            List<String> checked = tf.ignoreRules().files();
            for (String[] sample : IGNORE_SAMPLES) {
                for (String folder : folders) {
                    String path = folder.isEmpty() ? sample[0] : folder + "/" + sample[0];
                    if (!tf.ignoreRules().isIgnored(path, sample[1].equals("dir"))) {
                        findings.add(Location.of(checked.isEmpty() ? ".gitignore" : checked.get(0)),
                                path + " would not be ignored (" + (checked.isEmpty() ? "no .gitignore" : "read: " + String.join(", ", checked)) + ")",
                                "a .gitignore line " + sample[2] + " (at the root or next to the Terraform code)");
                        break;
                    }
                }
            }
        }
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D2.TF.FMT_VALIDATE

    @Criterion("D2.TF.FMT_VALIDATE")
    void terraformFmtAndValidatePass(TerraformProject tf) {
        TerraformCli cli = TerraformCli.onPath()
                .orElseThrow(() -> abort("no terraform or tofu binary on PATH: install one to run fmt/validate"));
        Findings findings = new Findings();
        if (!present(tf, findings)) {
            findings.assertNone();
        }
        List<String> notValidated = new ArrayList<>();
        try (TerraformCli.Workdir copy = TerraformCli.Workdir.of(tf)) {
            TerraformCli.FmtReport fmt = cli.fmtCheck(copy.root(), copy.base());
            for (TerraformCli.Unformatted u : fmt.files()) {
                findings.add(new Location(u.path(), u.line()), u.found().isEmpty() ? "not in " + cli.name() + " fmt's canonical format"
                                : "\"" + u.found() + "\" (" + cli.name() + " fmt writes \"" + u.formatted() + "\")",
                        cli.name() + " fmt -recursive leaves every file unchanged (run it and commit the result)");
            }
            for (TerraformCli.Diagnostic d : fmt.errors()) {
                findings.add(new Location(d.path(), d.line()), cli.name() + " fmt: " + d.summary()
                        + (d.detail().isBlank() ? "" : " — " + d.detail()), "valid HCL");
            }
            if (fmt.errors().isEmpty()) {
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

    /** Skips the check with a reason (the one static check that may: it needs a binary fullchain does not ship). */
    private static TestAbortedException abort(String reason) {
        return new TestAbortedException(reason);
    }

    // ------------------------------------------------------------------ shared

    /** Whether there is Terraform code to check; when not, that is the finding. */
    private static boolean present(TerraformProject tf, Findings findings) {
        if (!tf.found()) {
            findings.add(tf.absence());
            return false;
        }
        return true;
    }

    private static Location baseLocation(TerraformProject tf) {
        return Location.of(tf.baseDir().filter(b -> !b.isEmpty()).orElse("."));
    }

    private static String dirs(List<TerraformConfig> configs) {
        return configs.isEmpty() ? "none" : configs.stream().map(TerraformConfig::dir).collect(Collectors.joining(", "));
    }

    private static String paths(List<TfvarsFile> files) {
        return files.stream().map(TfvarsFile::path).collect(Collectors.joining(", "));
    }

    private static List<ResourceInstance> ofType(List<ResourceInstance> all, String type) {
        return all.stream().filter(r -> r.type().equals(type)).toList();
    }

    /** Local module calls whose folder is missing: what may hide a resource that was looked for. */
    private static String missingModules(TerraformProject tf) {
        List<String> missing = tf.moduleCalls().stream().filter(m -> m.isLocal() && !m.sourceExists())
                .map(m -> "module \"" + m.name() + "\" at " + m.location() + " points to " + m.source().orElse("")
                        + ", which does not exist").toList();
        return missing.isEmpty() ? "" : " (" + String.join("; ", missing) + ")";
    }

    private static boolean isTrue(Value v) {
        return v.asBool().orElse(false);
    }

    private static boolean isFalse(Value v) {
        return v.asBool().map(b -> !b).orElse(false);
    }

    /**
     * One evaluated setting: unknown is "cannot tell" (with why), not written is {@code whenAbsent}
     * (or fine when null), otherwise it must satisfy {@code ok}.
     */
    private static void requireValue(PerEnvironment perEnv, ResourceInstance r, String path, Value v, Predicate<Value> ok,
                                     String whenAbsent, String expected) {
        if (v instanceof Value.Unknown u) {
            perEnv.add(r.location(path), "cannot tell " + path + " of " + r.address() + ": " + u.reason(),
                    expected, r.environment());
        } else if (!r.has(path)) {
            if (whenAbsent != null) {
                perEnv.add(r.location(path), r.address() + ": " + whenAbsent, expected, r.environment());
            }
        } else if (!ok.test(v)) {
            perEnv.add(r.location(path), r.address() + ": " + path + " = " + v.display(), expected, r.environment());
        }
    }

    /** Findings that may repeat in several environments: one per place and problem, naming the environments. */
    private static final class PerEnvironment {
        private record Key(Location where, String found, String expected) {
        }

        private final Map<Key, List<String>> seen = new LinkedHashMap<>();

        void add(Location where, String found, String expected, TfEnvironment env) {
            List<String> envs = seen.computeIfAbsent(new Key(where, found, expected), k -> new ArrayList<>());
            if (!envs.contains(env.describe())) {
                envs.add(env.describe());
            }
        }

        void into(Findings findings) {
            seen.forEach((k, envs) -> findings.add(k.where(), k.found() + " — in " + String.join("; ", envs), k.expected()));
        }
    }
}
