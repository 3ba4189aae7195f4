output "login_server" {
  description = "Registry to push to."
  value       = module.registry.login_server
}
