resource "azurerm_container_registry" "this" {
  name                = var.name
  resource_group_name = var.resource_group
  location            = var.location
  sku                 = "Basic"
  admin_enabled       = false

  # Basic has no geo-replication; the block stays empty unless the SKU is raised.
  dynamic "georeplications" {
    for_each = var.replica_locations
    content {
      location = georeplications.value
      tags     = var.tags
    }
  }

  tags = var.tags
}
