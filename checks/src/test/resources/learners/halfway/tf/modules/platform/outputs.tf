output "login_server" {
  description = "Login server of the registry."
  value       = azurerm_container_registry.this.login_server
}

output "vault_id" {
  description = "Id of the key vault."
  value       = azurerm_key_vault.this.id
}
