data "azurerm_client_config" "current" {}

module "group" {
  source = "../modules/resource-group"

  name     = "rg-${var.project}-${local.environment}"
  location = var.location
  tags     = local.tags
}

module "registry" {
  source = "../modules/registry"

  name           = "acr${local.short}"
  resource_group = module.group.name
  location       = module.group.location
  tags           = local.tags
}

module "vault" {
  source = "../modules/vault"

  name           = "kv-${var.project}-${local.environment}-${var.suffix}"
  resource_group = module.group.name
  location       = module.group.location
  tenant_id      = data.azurerm_client_config.current.tenant_id
  retention_days = local.size.retention_days
  tags           = local.tags
}

# Log Analytics from the verified module: its outputs are known only after apply.
module "logs" {
  source  = "Azure/avm-res-operationalinsights-workspace/azurerm"
  version = "0.4.2"

  name                = "log-${var.project}-${local.environment}"
  resource_group_name = module.group.name
  location            = module.group.location
  tags                = local.tags
}

resource "azurerm_monitor_diagnostic_setting" "vault" {
  name                       = "to-log-analytics"
  target_resource_id         = module.vault.id
  log_analytics_workspace_id = module.logs.resource_id

  enabled_log {
    category_group = "audit"
  }
}

resource "azurerm_key_vault_secret" "database_url" {
  count = var.database_url == null ? 0 : 1

  name         = "database-url"
  value        = var.database_url
  key_vault_id = module.vault.id
  content_type = "text/plain"
  tags         = local.tags
}

resource "azurerm_consumption_budget_resource_group" "monthly" {
  count = local.size.alerts ? 1 : 0

  name              = "budget-${var.project}-${local.environment}"
  resource_group_id = module.group.id
  amount            = local.size.budget
  time_grain        = "Monthly"

  time_period {
    start_date = "2026-01-01T00:00:00Z"
  }

  notification {
    enabled        = true
    threshold      = 80
    operator       = "GreaterThan"
    contact_emails = var.alert_emails
  }
}

# The vault used to be declared here before it moved into its module.
moved {
  from = azurerm_key_vault.main
  to   = module.vault.azurerm_key_vault.this
}
