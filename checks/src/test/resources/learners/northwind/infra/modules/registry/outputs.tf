output "id" {
  description = "Resource id of the registry."
  value       = azurerm_container_registry.this.id
}

output "login_server" {
  description = "The registry's login server (<name>.azurecr.io)."
  value       = azurerm_container_registry.this.login_server
}
