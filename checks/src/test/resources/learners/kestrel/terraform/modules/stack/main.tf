locals {
  base = "kestrel-${var.environment}"
  # Registries take letters and digits only.
  flat = replace(local.base, "-", "")

  required_tags = {
    project     = "kestrel"
    environment = var.environment
    owner       = var.owner
  }
}

# Shared labels from the registry: extra, well-known tags (their values are known after init only).
module "labels" {
  source  = "cloudposse/label/null"
  version = "0.25.0"

  namespace = "kestrel"
  stage     = var.environment
}

resource "azurerm_resource_group" "this" {
  name     = "rg-${local.base}"
  location = var.location
  tags     = merge(module.labels.tags, var.extra_tags, local.required_tags)
}

module "acr" {
  source = "../acr"

  registry_name = "acr${local.flat}"
  group         = azurerm_resource_group.this.name
  location      = azurerm_resource_group.this.location
  tags          = merge(var.extra_tags, local.required_tags)
}

module "keyvault" {
  source = "../keyvault"

  vault_name = "kv-${local.base}"
  group      = azurerm_resource_group.this.name
  location   = azurerm_resource_group.this.location
  tags       = merge(var.extra_tags, local.required_tags)
}

resource "random_password" "db" {
  length  = 32
  special = true
}

resource "azurerm_key_vault_secret" "db_password" {
  name         = "postgres-password"
  value        = random_password.db.result
  key_vault_id = module.keyvault.id
  tags         = local.required_tags
}

resource "azurerm_role_assignment" "readers" {
  for_each = var.readers

  scope                = module.keyvault.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = each.value
  description          = "secrets read by ${each.key}"
}

# Only prod's vault is locked against deletion: dev is torn down often.
resource "azurerm_management_lock" "vault" {
  count = var.environment == "prod" ? 1 : 0

  name       = "do-not-delete"
  scope      = module.keyvault.id
  lock_level = "CanNotDelete"
  notes      = "The prod vault holds the database password."
}
