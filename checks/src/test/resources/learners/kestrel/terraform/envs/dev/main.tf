locals {
  environment = "dev"
}

module "stack" {
  source = "../../modules/stack"

  environment = local.environment
  location    = var.location
  owner       = var.owner
  readers     = var.readers
}
