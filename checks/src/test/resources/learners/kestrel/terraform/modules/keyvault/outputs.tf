output "id" {
  description = "Vault id."
  value       = azurerm_key_vault.this.id
}

output "uri" {
  description = "Vault URI."
  value       = azurerm_key_vault.this.vault_uri
}
