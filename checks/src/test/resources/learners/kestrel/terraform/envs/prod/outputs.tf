output "registry" {
  description = "Where to push images."
  value       = module.stack.registry
}
