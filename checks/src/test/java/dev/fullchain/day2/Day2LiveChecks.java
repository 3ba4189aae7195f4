package dev.fullchain.day2;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.env.azure.AzureLive;
import dev.fullchain.env.azure.AzureLiveResolver;
import dev.fullchain.model.terraform.ModuleInstance;
import dev.fullchain.model.terraform.ResourceInstance;
import dev.fullchain.model.terraform.TerraformConfig;
import dev.fullchain.model.terraform.TerraformProject;
import dev.fullchain.model.terraform.TfEnvironment;
import dev.fullchain.model.terraform.TfvarsFile;
import dev.fullchain.model.terraform.Variable;
import dev.fullchain.model.terraform.eval.Evaluator;
import dev.fullchain.model.terraform.eval.Value;
import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Block;
import dev.fullchain.model.terraform.hcl.Expr;
import dev.fullchain.model.terraform.hcl.Step;
import dev.fullchain.probe.azure.AzureReader;
import dev.fullchain.target.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Day 2, live: what the Terraform code declares for one environment (-Dazure.env, default
 * dev) is compared with what exists in the subscription, read-only. Names and settings come
 * from the Terraform model evaluated with that environment's values; what the model cannot
 * compute is reported as "cannot tell", never guessed. Off unless -Dlive=azure; skipped
 * with the reason when there is no Azure login.
 */
@ExtendWith(AzureLiveResolver.class)
class Day2LiveChecks {

    // ------------------------------------------------------------------ D2.AZ.STATE

    @Criterion("D2.AZ.STATE")
    void stateStorageAndTheEnvironmentsStateBlobExist(TerraformProject tf, AzureLive azure) {
        Findings findings = new Findings();
        AzureReader az = azure.reader();
        Set<String> accountsSeen = new LinkedHashSet<>();
        for (TerraformConfig root : tf.applicationRoots()) {
            Optional<Block> backend = root.settings().backend().filter(b -> b.label(0).equals("azurerm"));
            if (backend.isEmpty()) {
                findings.add(root.settings().declared() ? root.settings().blocks().get(0).location() : Location.of(root.dir()),
                        root.dir() + " has no backend \"azurerm\": nothing says where its state lives",
                        "terraform { backend \"azurerm\" { resource_group_name, storage_account_name, container_name, key } }");
                continue;
            }
            for (TfEnvironment env : environments(tf, root, azure, findings)) {
                BackendSetting rg = backendSetting(tf, root, backend.get(), env, "resource_group_name", findings);
                BackendSetting account = backendSetting(tf, root, backend.get(), env, "storage_account_name", findings);
                BackendSetting container = backendSetting(tf, root, backend.get(), env, "container_name", findings);
                BackendSetting key = backendSetting(tf, root, backend.get(), env, "key", findings);
                if (rg == null || account == null || container == null || key == null) {
                    continue;
                }
                String where = "in resource group " + rg.value() + " of subscription " + azure.subscriptionId();
                Optional<AzureReader.StorageAccountFacts> facts = az.storageAccount(rg.value(), account.value());
                if (facts.isEmpty()) {
                    findings.add(account.location(), "no storage account \"" + account.value() + "\" (Microsoft.Storage/storageAccounts) "
                                    + where, "the state storage account the backend names, created by terraform/bootstrap (terraform apply there first)");
                    continue;
                }
                if (accountsSeen.add(rg.value() + "/" + account.value() + "/" + container.value())) {
                    if (!az.blobVersioning(rg.value(), account.value()).orElse(false)) {
                        findings.add(versioningDeclaration(tf, account.value()).orElse(account.location()),
                                "blob versioning is off on storage account \"" + account.value() + "\" " + where
                                        + " (Azure: isVersioningEnabled is not true)",
                                "isVersioningEnabled = true: blob_properties { versioning_enabled = true } in the bootstrap, applied");
                    }
                }
                if (!az.containerExists(rg.value(), account.value(), container.value())) {
                    findings.add(container.location(), "no blob container \"" + container.value() + "\" in storage account \""
                                    + account.value() + "\" " + where,
                            "the state container the backend names, created by terraform/bootstrap");
                    continue;
                }
                List<String> candidates = stateBlobNames(key.value(), env);
                if (facts.get().blobEndpoint() == null) {
                    findings.cannotTell(account.location(), "whether the state blob exists: Azure gives no blob endpoint for \""
                            + account.value() + "\"", "a StorageV2 account with a blob endpoint");
                    continue;
                }
                List<String> blobs = az.blobNames(facts.get().blobEndpoint(), container.value(), key.value());
                if (candidates.stream().noneMatch(blobs::contains)) {
                    findings.add(key.location(), "no state blob " + String.join(" or ", candidates.stream().map(c -> "\"" + c + "\"").toList())
                                    + " for " + env.describe() + " in container \"" + container.value() + "\" of \"" + account.value() + "\""
                                    + (blobs.isEmpty() ? " (no blob starts with \"" + key.value() + "\")" : " (blobs there: " + String.join(", ", blobs) + ")"),
                            "the environment's state, written by terraform init and apply"
                                    + (candidates.size() > 1 ? " (in workspace " + env.name() + ", or the default one)" : ""));
                }
            }
        }
        findings.assertNone();
    }

    /** One backend setting and where it is written (the block, or a -backend-config file). */
    private record BackendSetting(String value, Location location) {
    }

    private static BackendSetting backendSetting(TerraformProject tf, TerraformConfig root, Block backend, TfEnvironment env,
                                                 String name, Findings findings) {
        Optional<Attribute> inBlock = backend.attribute(name);
        Value v;
        Location where;
        if (inBlock.isPresent()) {
            v = Evaluator.constant(inBlock.get().expr());
            where = inBlock.get().location();
        } else {
            List<TfvarsFile> files = tf.backendFiles(root).stream().filter(f -> f.names().contains(name)).toList();
            Optional<TfvarsFile> file = files.stream().filter(f -> TfEnvironment.stageOf(f.fileName().replaceAll("\\..*$", ""))
                    .equals(env.stage()) || f.fileName().contains(env.name())).findFirst()
                    .or(() -> files.size() == 1 ? Optional.of(files.get(0)) : Optional.empty());
            if (file.isEmpty()) {
                findings.cannotTell(backend.location(), "the backend's " + name + " for " + env.describe()
                                + (files.isEmpty() ? ": it is neither in the block nor in a backend configuration file"
                                : ": several backend configuration files set it (" + files.stream().map(TfvarsFile::path).collect(Collectors.joining(", ")) + ")"),
                        name + " = \"...\" in backend \"azurerm\" (or one -backend-config file per environment)");
                return null;
            }
            v = file.get().value(name).orElse(Value.NULL);
            where = file.get().location(name);
        }
        if (v.asString().isEmpty()) {
            findings.cannotTell(where, "the backend's " + name + ": " + (v instanceof Value.Unknown u ? u.reason() : v.display()),
                    name + " as a literal string");
            return null;
        }
        return new BackendSetting(v.asString().get(), where);
    }

    /**
     * The azurerm backend keeps a non-default workspace's state in "&lt;key&gt;env:&lt;workspace&gt;".
     * When the model knows the workspace, that one blob; otherwise the environment's workspace or the default one.
     */
    private static List<String> stateBlobNames(String key, TfEnvironment env) {
        if (env.workspace().isPresent()) {
            String ws = env.workspace().get();
            return List.of(ws.equals("default") ? key : key + "env:" + ws);
        }
        if (env.kind() == TfEnvironment.Kind.SINGLE || env.kind() == TfEnvironment.Kind.FOLDER) {
            return List.of(key);
        }
        return List.of(key + "env:" + env.name(), key);
    }

    /** Where the bootstrap turns versioning on for this account, if it declares the account. */
    private static Optional<Location> versioningDeclaration(TerraformProject tf, String account) {
        for (TerraformConfig root : tf.bootstrapRoots()) {
            for (TfEnvironment env : tf.environments(root)) {
                for (ResourceInstance r : ofType(tf.resources(env), "azurerm_storage_account")) {
                    if (r.value("name").asString().filter(account::equals).isPresent()) {
                        return Optional.of(r.location("blob_properties.versioning_enabled"));
                    }
                }
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ D2.AZ.ACR

    @Criterion("D2.AZ.ACR")
    void registryExistsWithTheDeclaredSkuAndNoAdminUser(TerraformProject tf, AzureLive azure) {
        Findings findings = new Findings();
        List<ResourceInstance> registries = declared(tf, azure, "azurerm_container_registry", findings);
        for (ResourceInstance r : registries) {
            Optional<Named> named = named(r, azure, findings);
            if (named.isEmpty()) {
                continue;
            }
            Named n = named.get();
            Optional<AzureReader.RegistryFacts> facts = azure.reader().registry(n.resourceGroup(), n.name());
            if (facts.isEmpty()) {
                findings.add(origin(r, "name"), absent("container registry", "Microsoft.ContainerRegistry/registries", n, azure),
                        "the registry " + r.address() + " declares for " + r.environment().describe() + ", created by terraform apply");
                continue;
            }
            Value sku = r.value("sku");
            if (sku instanceof Value.Unknown u) {
                findings.cannotTell(origin(r, "sku"), "the SKU " + r.address() + " declares: " + u.reason(),
                        "a SKU the code decides (Basic)");
            } else if (sku.asString().isEmpty()) {
                findings.add(r.location(), r.address() + " declares no sku", "sku = \"Basic\"");
            } else if (!sku.asString().get().equalsIgnoreCase(facts.get().sku())) {
                findings.add(origin(r, "sku"), "registry \"" + n.name() + "\" has the " + facts.get().sku() + " SKU in Azure",
                        "the SKU the code declares: " + sku.asString().get() + " (terraform apply, or az acr update --sku)");
            }
            if (facts.get().adminUserEnabled()) {
                findings.add(r.has("admin_enabled") ? origin(r, "admin_enabled") : r.location(),
                        "registry \"" + n.name() + "\" has its admin user enabled in Azure (adminUserEnabled: true)"
                                + (r.value("admin_enabled").asBool().orElse(true) ? "" : ", although the code says admin_enabled = false"),
                        "admin user disabled: push and pull with Entra ID identities (AcrPush/AcrPull roles)");
            }
        }
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D2.AZ.KEYVAULT

    @Criterion("D2.AZ.KEYVAULT")
    void vaultExistsWithRbacAndPurgeProtection(TerraformProject tf, AzureLive azure) {
        Findings findings = new Findings();
        for (ResourceInstance r : declared(tf, azure, "azurerm_key_vault", findings)) {
            Optional<Named> named = named(r, azure, findings);
            if (named.isEmpty()) {
                continue;
            }
            Named n = named.get();
            Optional<AzureReader.VaultFacts> facts = azure.reader().vault(n.resourceGroup(), n.name());
            if (facts.isEmpty()) {
                findings.add(origin(r, "name"), absent("key vault", "Microsoft.KeyVault/vaults", n, azure),
                        "the vault " + r.address() + " declares for " + r.environment().describe() + ", created by terraform apply");
                continue;
            }
            String rbac = r.has("enable_rbac_authorization") ? "enable_rbac_authorization" : "rbac_authorization_enabled";
            if (!facts.get().rbacAuthorization()) {
                findings.add(r.has(rbac) ? r.location(rbac) : r.location(),
                        "key vault \"" + n.name() + "\" uses access policies in Azure (enableRbacAuthorization is not true)",
                        rbac + " = true, applied: access to secrets through Azure roles");
            }
            if (!facts.get().purgeProtection()) {
                findings.add(r.has("purge_protection_enabled") ? r.location("purge_protection_enabled") : r.location(),
                        "key vault \"" + n.name() + "\" has no purge protection in Azure (enablePurgeProtection is not true)",
                        "purge_protection_enabled = true, applied: a deleted vault and its secrets cannot be purged early");
            }
        }
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D2.AZ.BUDGET

    private static final List<String> BUDGET_TYPES = List.of("azurerm_consumption_budget_resource_group",
            "azurerm_consumption_budget_subscription");

    @Criterion("D2.AZ.BUDGET")
    void aBudgetGuardsTheSubscriptionOrTheResourceGroup(TerraformProject tf, AzureLive azure) {
        Findings findings = new Findings();
        List<TfEnvironment> envs = new ArrayList<>();
        for (TerraformConfig root : tf.applicationRoots()) {
            envs.addAll(environments(tf, root, azure, findings));
        }
        Set<String> groups = new LinkedHashSet<>();
        azure.settings().resourceGroup().ifPresent(groups::add);
        List<ResourceInstance> budgets = new ArrayList<>();
        for (TfEnvironment env : envs) {
            for (ResourceInstance r : tf.resources(env)) {
                if (r.type().equals("azurerm_resource_group")) {
                    r.value("name").asString().ifPresent(groups::add);
                }
                if (!r.resource().data()) {
                    r.value("resource_group_name").asString().ifPresent(groups::add);
                }
                if (BUDGET_TYPES.contains(r.type())) {
                    budgets.add(r);
                }
            }
        }
        Map<String, List<AzureReader.BudgetFacts>> found = new LinkedHashMap<>();
        found.put("subscription " + azure.subscriptionId(), azure.reader().budgets(Optional.empty()));
        for (String g : groups) {
            found.put("resource group " + g, azure.reader().budgets(Optional.of(g)));
        }
        String scopes = String.join(", ", found.keySet());
        List<AzureReader.BudgetFacts> all = found.values().stream().flatMap(List::stream).toList();
        if (budgets.isEmpty()) {
            if (all.isEmpty()) {
                findings.add(tf.applicationRoots().isEmpty() ? Location.of(tf.baseDir().orElse(".")) : Location.of(tf.applicationRoots().get(0).dir()),
                        "no consumption budget in Azure (looked at " + scopes + ") and none declared in the code",
                        "an azurerm_consumption_budget_resource_group (or _subscription) with a monthly amount within the credit, applied");
            }
        }
        for (ResourceInstance r : budgets) {
            Value name = r.value("name");
            if (name.asString().isEmpty()) {
                findings.cannotTell(origin(r, "name"), "the name of " + r.address() + ": "
                        + (name instanceof Value.Unknown u ? u.reason() : name.display()), "a budget name the code decides");
                continue;
            }
            Optional<AzureReader.BudgetFacts> budget = all.stream().filter(b -> b.name().equals(name.asString().get())).findFirst();
            if (budget.isEmpty()) {
                findings.add(origin(r, "name"), "no consumption budget \"" + name.asString().get() + "\" (Microsoft.Consumption/budgets) on "
                                + scopes + (all.isEmpty() ? ": no budget at all" : " (budgets there: "
                                + all.stream().map(AzureReader.BudgetFacts::name).collect(Collectors.joining(", ")) + ")"),
                        "the budget " + r.address() + " declares for " + r.environment().describe() + ", created by terraform apply");
                continue;
            }
            Value amount = r.value("amount");
            if (amount.asNumber().isPresent() && budget.get().amount() != null
                    && amount.asNumber().get().compareTo(budget.get().amount()) != 0) {
                findings.add(origin(r, "amount"), "budget \"" + name.asString().get() + "\" is " + budget.get().amount().toPlainString()
                                + " a " + budget.get().timeGrain().toLowerCase(Locale.ROOT) + " period in Azure",
                        "the amount the code declares: " + amount.display());
            }
        }
        findings.assertNone();
    }

    // ------------------------------------------------------------------ shared

    /** A declared resource's name and resource group, both known. */
    private record Named(String name, String resourceGroup) {
    }

    private static Optional<Named> named(ResourceInstance r, AzureLive azure, Findings findings) {
        Value name = r.value("name");
        Value group = r.value("resource_group_name");
        if (name.asString().isEmpty()) {
            findings.cannotTell(origin(r, "name"), "the name of " + r.address() + " in " + r.environment().describe() + ": "
                    + (name instanceof Value.Unknown u ? u.reason() : "name = " + name.display()), "a name the code decides, to look for in Azure");
            return Optional.empty();
        }
        Optional<String> rg = group.asString().or(() -> azure.settings().resourceGroup());
        if (rg.isEmpty()) {
            findings.cannotTell(origin(r, "resource_group_name"), "the resource group of " + r.address() + " in "
                            + r.environment().describe() + ": " + (group instanceof Value.Unknown u ? u.reason() : group.display()),
                    "a resource group name the code decides, or -Dazure.resourceGroup=<name>");
            return Optional.empty();
        }
        return Optional.of(new Named(name.asString().get(), rg.get()));
    }

    private static String absent(String what, String type, Named n, AzureLive azure) {
        return "no " + what + " \"" + n.name() + "\" (" + type + ") in resource group " + n.resourceGroup()
                + " of subscription " + azure.subscriptionId();
    }

    /** The resources of a type the chosen environment declares, in every application root. */
    private static List<ResourceInstance> declared(TerraformProject tf, AzureLive azure, String type, Findings findings) {
        List<ResourceInstance> out = new ArrayList<>();
        for (TerraformConfig root : tf.applicationRoots()) {
            for (TfEnvironment env : environments(tf, root, azure, findings)) {
                out.addAll(ofType(tf.resources(env), type));
            }
        }
        if (out.isEmpty() && findings.isEmpty()) {
            findings.add(Location.of(tf.applicationRoots().isEmpty() ? tf.baseDir().orElse(".") : tf.applicationRoots().get(0).dir()),
                    "the code declares no " + type + " for " + azure.settings().environment() + ": nothing to look for in Azure",
                    "a " + type + " resource (the static check D2.TF.* of the same name says how)");
        }
        return out;
    }

    /** The environments of a root matching -Dazure.env (by name, or as dev/prod); a root with a single set of values always. */
    private static List<TfEnvironment> environments(TerraformProject tf, TerraformConfig root, AzureLive azure, Findings findings) {
        String wanted = azure.settings().environment();
        List<TfEnvironment> all = tf.environments(root);
        List<TfEnvironment> exact = all.stream().filter(e -> e.name().equals(wanted)).toList();
        if (!exact.isEmpty()) {
            return exact;
        }
        List<TfEnvironment> chosen = all.stream().filter(e -> e.kind() == TfEnvironment.Kind.SINGLE
                || e.stage().equals(TfEnvironment.stageOf(wanted))).toList();
        if (chosen.isEmpty()) {
            findings.add(Location.of(root.dir()), "no environment \"" + wanted + "\" in " + root.dir() + " (it has: "
                            + all.stream().map(TfEnvironment::name).collect(Collectors.joining(", ")) + ")",
                    "-Dazure.env=<one of them> (the environment whose resources to compare with Azure)");
        }
        return chosen;
    }

    /**
     * Where the value of an argument is written: followed up through module variables to the
     * caller, then to the .tfvars line or the variable's default that gives it.
     */
    private static Location origin(ResourceInstance r, String path) {
        Optional<Attribute> a = r.attribute(path);
        if (a.isEmpty()) {
            return r.location(path);
        }
        ModuleInstance.Origin o = r.module().origin(a.get().expr());
        if (o.expr() instanceof Expr.Traversal t && t.root().equals("var") && t.steps().size() == 1
                && t.steps().get(0) instanceof Step.Attr v) {
            if (o.instance().parent().isEmpty()) {
                List<TfvarsFile> files = new ArrayList<>(r.environment().varFiles());
                java.util.Collections.reverse(files);
                for (TfvarsFile f : files) {
                    if (f.names().contains(v.name())) {
                        return f.location(v.name());
                    }
                }
            }
            Optional<Attribute> byDefault = o.instance().config().variable(v.name()).flatMap(Variable::defaultValue);
            if (byDefault.isPresent()) {
                return byDefault.get().location();
            }
        }
        return o.location();
    }

    private static List<ResourceInstance> ofType(List<ResourceInstance> all, String type) {
        return all.stream().filter(r -> r.type().equals(type)).toList();
    }
}
