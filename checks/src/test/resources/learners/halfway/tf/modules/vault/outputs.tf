output "id" {
  description = "Vault id."
  value       = azurerm_key_vault.this.id
}
