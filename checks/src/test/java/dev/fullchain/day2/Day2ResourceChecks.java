package dev.fullchain.day2;

import static dev.fullchain.day2.Day2Terraform.*;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.terraform.AzureNames;
import dev.fullchain.model.terraform.ConfigProblem;
import dev.fullchain.model.terraform.ModuleInstance;
import dev.fullchain.model.terraform.ResourceInstance;
import dev.fullchain.model.terraform.TerraformConfig;
import dev.fullchain.model.terraform.TerraformProject;
import dev.fullchain.model.terraform.TfEnvironment;
import dev.fullchain.model.terraform.eval.Value;
import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Expr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Day 2, static: the resources themselves, evaluated per environment with its values: the
 * registry, the key vault, their names against Azure's limits, and their tags. What cannot be
 * computed is "cannot tell", never guessed.
 */
class Day2ResourceChecks {

    // ------------------------------------------------------------------ D2.TF.ACR

    @Criterion("D2.TF.ACR")
    void containerRegistryIsBasicWithoutAdminAccount(TerraformProject tf) {
        Findings findings = new Findings();
        // a broken registry block, or a file that cannot be read at all, may hide a registry
        List<ConfigProblem> hiding = tf.problems().stream()
                .filter(p -> p.mayBe("resource", "azurerm_container_registry") || p.unreadable()).toList();
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
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D2.TF.KEYVAULT

    @Criterion("D2.TF.KEYVAULT")
    void keyVaultUsesRbacPurgeProtectionAndSoftDelete(TerraformProject tf) {
        Findings findings = new Findings();
        List<ConfigProblem> hiding = tf.problems().stream()
                .filter(p -> p.mayBe("resource", "azurerm_key_vault") || p.unreadable()).toList();
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
            requireValue(perEnv, kv, rbac, kv.value(rbac), Day2Terraform::isTrue,
                    "RBAC authorisation is not enabled (the provider's default is access policies)",
                    "rbac_authorization_enabled = true (azurerm 4.x; enable_rbac_authorization = true before 4.42)");
            requireValue(perEnv, kv, "purge_protection_enabled", kv.value("purge_protection_enabled"),
                    Day2Terraform::isTrue, "purge protection is not enabled (the default is off)",
                    "purge_protection_enabled = true: nobody can purge the vault or its secrets before the retention ends");
            requireValue(perEnv, kv, "soft_delete_retention_days", kv.value("soft_delete_retention_days"),
                    v -> v.asNumber().map(n -> n.intValue() >= 7 && n.intValue() <= 90 && n.stripTrailingZeros().scale() <= 0).orElse(false),
                    "soft_delete_retention_days is not set",
                    "soft_delete_retention_days between 7 and 90, written explicitly");
            requireValue(perEnv, kv, "sku_name", kv.value("sku_name"), v -> v.equals(Value.of("standard")),
                    "sku_name is not set", "sku_name = \"standard\"");
        }
        perEnv.into(findings);
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D2.TF.NAMING

    @Criterion("D2.TF.NAMING")
    void namesComeFromVariablesAndRespectAzureLimits(TerraformProject tf) {
        Findings findings = new Findings();
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
        // The bootstrap is applied once, not per environment, and the backend repeats its names as literals anyway.
        boolean perEnvironment = !tf.bootstrapRoots().contains(r.environment().root());
        if (literal && perEnvironment && !AzureNames.isNamedInsideItsParent(r.type())) {
            perEnv.add(origin.location(), "the " + rule.what() + " name " + name.display() + " is written as a literal ("
                            + r.address() + ")",
                    "a name built from variables and locals, e.g. \"kv-${var.project}-${var.environment}\"", r.environment());
        }
        if (name instanceof Value.Unknown u && !u.error()) {
            perEnv.cannotTell(origin.location(), "whether the " + rule.what() + " name of " + r.address()
                            + " respects Azure's limits: " + u.reason(),
                    "a name computed from variables and the environment's .tfvars", r.environment());
            return;
        }
        if (name instanceof Value.Unknown u) {
            perEnv.add(origin.location(), "the " + rule.what() + " name of " + r.address() + " does not evaluate: " + u.reason(),
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
            perEnv.add(origin.location(), "the " + rule.what() + " name " + name.display() + " " + String.join(", ", problems)
                            + " (" + r.address() + ")" + whereSet(origin),
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
                    findings.add(writtenAt(r, "name"), String.join(" and ", sameEnvs) + " both name the " + what + " \"" + name
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
        findings.assertNone();
    }

    private static void checkTags(ResourceInstance r, PerEnvironment perEnv) {
        String expected = "tags = local.tags (or var.tags in a module) with " + String.join(", ", REQUIRED_TAGS);
        if (!r.has("tags")) {
            perEnv.add(r.location(), r.address() + " has no tags", expected, r.environment());
            return;
        }
        Value tags = r.value("tags");
        if (tags instanceof Value.Unknown u && !u.error()) {
            // merge(module.labels.tags, local.required_tags): judge the maps that can be computed
            Optional<Map<String, Value>> known = r.environment().problems().isEmpty() ? knownPartOfMerge(r) : Optional.empty();
            if (known.isPresent()) {
                List<String> absent = REQUIRED_TAGS.stream().filter(t -> !isSet(known.get().get(t))).toList();
                if (!absent.isEmpty()) {
                    perEnv.cannotTell(writtenAt(r, "tags"), "whether " + r.address() + " gets the tag" + (absent.size() > 1 ? "s " : " ")
                                    + String.join(", ", absent) + ": the maps merged into its tags that fullchain can compute do not"
                                    + " set them, and " + u.reason(), expected, r.environment());
                }
                return;
            }
            perEnv.cannotTell(writtenAt(r, "tags"), "which tags " + r.address() + " gets: " + u.reason(),
                    expected, r.environment());
            return;
        }
        if (!(tags instanceof Value.MapV m)) {
            perEnv.add(r.location("tags"), r.address() + ": tags = " + tags.display(), expected, r.environment());
            return;
        }
        List<String> unknown = REQUIRED_TAGS.stream().filter(t -> m.entries().get(t) instanceof Value.Unknown).toList();
        if (!unknown.isEmpty()) {
            // the tag is there; its value only matters when it comes from a file that cannot be read
            perEnv.cannotTell(writtenAt(r, "tags"), "the value of the tag " + String.join(", ", unknown) + " of " + r.address(),
                    expected, r.environment(), true);
        }
        List<String> missing = REQUIRED_TAGS.stream().filter(t -> !isSet(m.entries().get(t))).toList();
        if (!missing.isEmpty()) {
            String set = r.attribute("tags").map(a -> whereSet(r.module().origin(a.expr()))).orElse("");
            perEnv.add(writtenAt(r, "tags"), r.address() + " lacks the tag" + (missing.size() > 1 ? "s " : " ")
                            + String.join(", ", missing) + set, expected, r.environment());
        }
    }

    private static boolean isSet(Value v) {
        return v != null && !v.isNull() && !v.asString().map(String::isBlank).orElse(false);
    }

    /**
     * When a resource's tags are a merge() of maps (directly, through module inputs or a local)
     * and some cannot be computed (a registry module's output), the entries of the maps that can
     * be; empty when the tags are not such a merge.
     */
    private static Optional<Map<String, Value>> knownPartOfMerge(ResourceInstance r) {
        Optional<Attribute> attr = r.attribute("tags");
        if (attr.isEmpty()) {
            return Optional.empty();
        }
        ModuleInstance.Origin origin = r.module().origin(attr.get().expr());
        Expr e = origin.expr();
        for (int hops = 0; hops < 5 && e instanceof Expr.Traversal t && t.root().equals("local") && t.steps().size() == 1
                && t.steps().get(0) instanceof dev.fullchain.model.terraform.hcl.Step.Attr a; hops++) {
            Optional<dev.fullchain.model.terraform.LocalValue> local = origin.instance().config().local(a.name());
            if (local.isEmpty()) {
                return Optional.empty();
            }
            e = local.get().attribute().expr();
        }
        if (!(e instanceof Expr.Call call) || !call.name().equals("merge") || call.expandFinal()) {
            return Optional.empty();
        }
        Map<String, Value> known = new LinkedHashMap<>();
        for (Expr arg : call.args()) {
            if (origin.instance().eval(arg) instanceof Value.MapV m) {
                known.putAll(m.entries());
            }
        }
        return Optional.of(known);
    }
}
