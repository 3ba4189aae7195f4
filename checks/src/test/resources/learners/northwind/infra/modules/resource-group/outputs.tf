output "name" {
  description = "Name of the group."
  value       = azurerm_resource_group.this.name
}

output "location" {
  description = "Region of the group."
  value       = azurerm_resource_group.this.location
}

output "id" {
  description = "Resource id of the group."
  value       = azurerm_resource_group.this.id
}
