resource "azurerm_container_registry" "this" {
  name                = var.registry_name
  resource_group_name = var.group
  location            = var.location
  sku                 = var.sku
  admin_enabled       = false
  tags                = var.tags
}
