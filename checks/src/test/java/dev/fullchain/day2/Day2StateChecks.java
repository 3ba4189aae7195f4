package dev.fullchain.day2;

import static dev.fullchain.day2.Day2Terraform.*;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.terraform.ResourceInstance;
import dev.fullchain.model.terraform.StateArtifacts;
import dev.fullchain.model.terraform.TerraformConfig;
import dev.fullchain.model.terraform.TerraformProject;
import dev.fullchain.model.terraform.TfEnvironment;
import dev.fullchain.model.terraform.TfvarsFile;
import dev.fullchain.model.terraform.eval.Evaluator;
import dev.fullchain.model.terraform.eval.Value;
import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Block;
import dev.fullchain.model.terraform.hcl.Expr;
import dev.fullchain.target.Location;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Day 2, static: where the state lives (an azurerm backend with Entra ID), the bootstrap that
 * creates a hardened state store, and no state, plan or .terraform/ folder in git.
 */
class Day2StateChecks {

    private static final String BACKEND_SHAPE = "terraform { backend \"azurerm\" { resource_group_name, storage_account_name,"
            + " container_name, key, use_azuread_auth = true } }";

    // ------------------------------------------------------------------ D2.TF.BACKEND

    @Criterion("D2.TF.BACKEND")
    void rootStateLivesInAnAzurermBackendWithEntraId(TerraformProject tf) {
        Findings findings = new Findings();
        if (tf.applicationRoots().isEmpty()) {
            findings.add(baseLocation(tf), "no root configuration: looked in " + tf.sources().describe() + "; they are "
                            + "modules (" + dirs(tf.modules()) + ") or the bootstrap (" + dirs(tf.bootstrapRoots()) + ")",
                    "a root configuration using " + BACKEND_SHAPE + "; if it is one of these folders, name it with"
                            + " terraform: {root: <folder>} in fullchain.yaml");
        }
        for (TerraformConfig root : tf.applicationRoots()) {
            root.problemsAffecting("terraform", null).forEach(p -> findings.add(p.bad()));
            checkBackend(tf, root, findings);
        }
        findings.assertNone();
    }

    private static void checkBackend(TerraformProject tf, TerraformConfig root, Findings findings) {
        Optional<Block> backend = root.settings().backend();
        if (backend.isEmpty() && !root.problemsAffecting("terraform", null).isEmpty()) {
            return; // the backend may be in what cannot be read: that blocks the criterion, it is not said to be absent
        }
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
        if (b.body().attributes().isEmpty() && partials.isEmpty()) {
            // backend "azurerm" {} completed by -backend-config=key=value flags, in a script or a workflow
            findings.cannotTell(b.location(), "the settings of backend \"azurerm\" {} (it is empty, and no .tfbackend file is in "
                            + root.dir() + "): they are given to terraform init, where fullchain cannot see them",
                    "the settings in the block, or in a committed -backend-config file (e.g. " + root.dir()
                            + "/env/dev.tfbackend with resource_group_name, storage_account_name, container_name, key,"
                            + " use_azuread_auth = true)");
            return;
        }
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
                Day2Terraform::isTrue, "blob versioning is not enabled",
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

    // ------------------------------------------------------------------ D2.TF.NO_STATE_IN_GIT

    private static final List<String[]> IGNORE_SAMPLES = List.of(
            new String[] {".terraform", "dir", ".terraform/ (or GitHub's **/.terraform/*)"},
            new String[] {"terraform.tfstate", "file", "*.tfstate"},
            new String[] {"terraform.tfstate.backup", "file", "*.tfstate.*"},
            new String[] {"dev.tfplan", "file", "*.tfplan"});

    @Criterion("D2.TF.NO_STATE_IN_GIT")
    void noStatePlansOrTerraformFoldersAreCommitted(TerraformProject tf) {
        Findings findings = new Findings();
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
                boolean ignored = sample[1].equals("dir") ? StateArtifacts.terraformDirIgnored(tf.ignoreRules(), path)
                        : tf.ignoreRules().isIgnored(path, false);
                if (!ignored) {
                    findings.add(Location.of(checked.isEmpty() ? ".gitignore" : checked.get(0)),
                            path + " would not be ignored (" + (checked.isEmpty() ? "no .gitignore" : "read: " + String.join(", ", checked)) + ")",
                            "a .gitignore line " + sample[2] + " (at the root or next to the Terraform code)");
                    break;
                }
            }
        }
        findings.assertNone();
    }
}
