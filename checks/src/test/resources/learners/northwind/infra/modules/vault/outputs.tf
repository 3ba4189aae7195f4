output "id" {
  description = "Resource id of the vault."
  value       = azurerm_key_vault.this.id
}

output "uri" {
  description = "The vault's URI."
  value       = azurerm_key_vault.this.vault_uri
}
