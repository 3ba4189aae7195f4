resource "azurerm_container_registry" "this" {
  name                = var.name
  resource_group_name = var.group
  location            = var.location
  sku                 = "Basic"
  admin_enabled       = false
  tags                = var.tags
}
