locals {
  environment = terraform.workspace

  sizing = {
    dev = {
      retention_days = 7
      budget         = 40
      alerts         = false
    }
    prod = {
      retention_days = 90
      budget         = 120
      alerts         = true
    }
  }

  # An unknown workspace gets the dev sizing rather than failing the plan.
  size = lookup(local.sizing, terraform.workspace, local.sizing["dev"])

  # Globally unique names: "nwdevk3x" style, no hyphens for the registry.
  short = "${var.project}${local.environment}${var.suffix}"

  common_tags = {
    project     = var.project
    environment = local.environment
    owner       = var.owner
  }

  tags = merge(var.extra_tags, local.common_tags, {
    cost_center = try(var.extra_tags["cost_center"], "shared")
  })
}
