output "login_server" {
  description = "Login server."
  value       = azurerm_container_registry.this.login_server
}
