package dev.fullchain.model.terraform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Azure's naming rules for the resources the week creates, and which azurerm resources
 * take tags. Sources: Azure's "Naming rules and restrictions for Azure resources".
 */
public final class AzureNames {

    /** A naming rule: length, allowed characters, first/last character, global uniqueness. */
    public record Rule(String what, int min, int max, Pattern allowed, String allowedText, Pattern start,
                       String startText, Pattern end, String endText, boolean noDoubleHyphen, boolean globallyUnique) {
    }

    private static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("azurerm_storage_account", new Rule("storage account", 3, 24,
                    Pattern.compile("[a-z0-9]*"), "lowercase letters and digits only", null, null, null, null, false, true)),
            Map.entry("azurerm_key_vault", new Rule("key vault", 3, 24,
                    Pattern.compile("[A-Za-z0-9-]*"), "letters, digits and hyphens only",
                    Pattern.compile("[A-Za-z].*"), "start with a letter",
                    Pattern.compile(".*[A-Za-z0-9]"), "end with a letter or a digit", true, true)),
            Map.entry("azurerm_container_registry", new Rule("container registry", 5, 50,
                    Pattern.compile("[A-Za-z0-9]*"), "letters and digits only (no hyphens)", null, null, null, null, false, true)),
            Map.entry("azurerm_resource_group", new Rule("resource group", 1, 90,
                    Pattern.compile("[\\p{L}\\p{N}._()-]*"), "letters, digits, underscores, hyphens, periods and parentheses",
                    null, null, Pattern.compile(".*[^.]"), "not end with a period", false, false)),
            Map.entry("azurerm_storage_container", new Rule("storage container", 3, 63,
                    Pattern.compile("[a-z0-9-]*"), "lowercase letters, digits and hyphens",
                    Pattern.compile("[a-z0-9].*"), "start with a letter or a digit",
                    Pattern.compile(".*[a-z0-9]"), "end with a letter or a digit", true, false)),
            Map.entry("azurerm_log_analytics_workspace", new Rule("Log Analytics workspace", 4, 63,
                    Pattern.compile("[A-Za-z0-9-]*"), "letters, digits and hyphens",
                    Pattern.compile("[A-Za-z0-9].*"), "start with a letter or a digit",
                    Pattern.compile(".*[A-Za-z0-9]"), "end with a letter or a digit", false, false)),
            Map.entry("azurerm_kubernetes_cluster", new Rule("AKS cluster", 1, 63,
                    Pattern.compile("[A-Za-z0-9_-]*"), "letters, digits, underscores and hyphens",
                    Pattern.compile("[A-Za-z0-9].*"), "start with a letter or a digit",
                    Pattern.compile(".*[A-Za-z0-9]"), "end with a letter or a digit", false, false)),
            Map.entry("azurerm_user_assigned_identity", new Rule("managed identity", 3, 128,
                    Pattern.compile("[A-Za-z0-9_-]*"), "letters, digits, underscores and hyphens",
                    Pattern.compile("[A-Za-z0-9].*"), "start with a letter or a digit", null, null, false, false)),
            Map.entry("azurerm_key_vault_secret", new Rule("Key Vault secret", 1, 127,
                    Pattern.compile("[A-Za-z0-9-]*"), "letters, digits and hyphens", null, null, null, null, false, false)));

    /** azurerm resources that take {@code tags} (a resource that writes tags is taggable too). */
    private static final Set<String> TAGGABLE = Set.of(
            "azurerm_resource_group", "azurerm_storage_account", "azurerm_container_registry", "azurerm_key_vault",
            "azurerm_key_vault_key", "azurerm_key_vault_secret", "azurerm_key_vault_certificate",
            "azurerm_log_analytics_workspace", "azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool",
            "azurerm_user_assigned_identity", "azurerm_virtual_network", "azurerm_public_ip",
            "azurerm_network_security_group", "azurerm_network_interface", "azurerm_linux_virtual_machine",
            "azurerm_windows_virtual_machine", "azurerm_application_insights", "azurerm_monitor_action_group",
            "azurerm_monitor_workspace", "azurerm_dashboard_grafana", "azurerm_dns_zone", "azurerm_private_dns_zone",
            "azurerm_private_endpoint", "azurerm_postgresql_flexible_server", "azurerm_mssql_server",
            "azurerm_cosmosdb_account", "azurerm_service_plan", "azurerm_linux_web_app", "azurerm_container_app",
            "azurerm_container_app_environment", "azurerm_lb", "azurerm_nat_gateway", "azurerm_application_gateway",
            "azurerm_firewall", "azurerm_route_table", "azurerm_redis_cache", "azurerm_servicebus_namespace",
            "azurerm_eventhub_namespace", "azurerm_api_management", "azurerm_storage_share");

    /**
     * Objects named inside a parent that is already per environment (a secret in the
     * environment's vault, a container in its storage account): a fixed name such as
     * "database-url" or "tfstate" is right, it need not come from variables.
     */
    private static final Set<String> NAMED_INSIDE_PARENT = Set.of(
            "azurerm_storage_container", "azurerm_storage_share", "azurerm_storage_queue", "azurerm_storage_table",
            "azurerm_storage_blob", "azurerm_key_vault_secret", "azurerm_key_vault_key", "azurerm_key_vault_certificate",
            "azurerm_role_assignment", "azurerm_monitor_diagnostic_setting", "azurerm_subnet",
            "azurerm_kubernetes_cluster_node_pool", "azurerm_postgresql_flexible_server_database",
            "azurerm_federated_identity_credential", "azurerm_container_registry_scope_map");

    private AzureNames() {
    }

    /** Whether the type's name only has to be unique inside a parent resource (see {@link #NAMED_INSIDE_PARENT}). */
    public static boolean isNamedInsideItsParent(String resourceType) {
        return NAMED_INSIDE_PARENT.contains(resourceType);
    }

    public static Optional<Rule> ruleFor(String resourceType) {
        return Optional.ofNullable(RULES.get(resourceType));
    }

    public static boolean isTaggable(String resourceType) {
        return TAGGABLE.contains(resourceType);
    }

    /** What is wrong with a name under a rule ("is 26 characters long (3 to 24 allowed)"); empty when fine. */
    public static List<String> violations(Rule rule, String name) {
        List<String> out = new ArrayList<>();
        int len = name.codePointCount(0, name.length());
        if (len < rule.min() || len > rule.max()) {
            out.add("is " + len + " characters long (" + rule.min() + " to " + rule.max() + " allowed)");
        }
        if (!rule.allowed().matcher(name).matches()) {
            StringBuilder bad = new StringBuilder();
            name.codePoints().filter(c -> !rule.allowed().matcher(new String(Character.toChars(c))).matches())
                    .distinct().forEach(c -> bad.appendCodePoint(c));
            out.add("contains '" + bad + "' (" + rule.allowedText() + ")");
        }
        if (rule.start() != null && !name.isEmpty() && !rule.start().matcher(name).matches()) {
            out.add("must " + rule.startText());
        }
        if (rule.end() != null && !name.isEmpty() && !rule.end().matcher(name).matches()) {
            out.add("must " + rule.endText());
        }
        if (rule.noDoubleHyphen() && name.contains("--")) {
            out.add("contains consecutive hyphens");
        }
        return out;
    }
}
