output "login_server" {
  description = "Registry to push to."
  value       = module.platform.login_server
}
