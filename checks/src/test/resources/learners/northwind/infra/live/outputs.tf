output "registry_login_server" {
  description = "Where CI pushes images (az acr login)."
  value       = module.registry.login_server
}

output "vault_uri" {
  description = "The vault's URI, for the CSI driver."
  value       = module.vault.uri
}

output "log_workspace_id" {
  description = "Log Analytics workspace of the environment."
  value       = module.logs.resource_id
}
