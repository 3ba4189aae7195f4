output "registry" {
  description = "Login server of the registry."
  value       = module.acr.login_server
}

output "vault_uri" {
  description = "URI of the key vault."
  value       = module.keyvault.uri
}

output "db_password_secret" {
  description = "Name of the secret holding the database password (the value stays in the vault)."
  value       = azurerm_key_vault_secret.db_password.name
}
