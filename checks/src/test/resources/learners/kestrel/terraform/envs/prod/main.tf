locals {
  environment = "prod"

  # Prod values are fixed here rather than in a .tfvars: they are reviewed with the code.
  owner = "kestrel-sre"
  readers = {
    api = "00000000-0000-0000-0000-0000000000a1"
  }
}

module "stack" {
  source = "../../modules/stack"

  environment = local.environment
  location    = var.location
  owner       = coalesce(var.owner, local.owner)
  readers     = merge(local.readers, var.readers)
  extra_tags = {
    criticality = "high"
  }
}

# The resource group was created by hand before this code existed.
import {
  to = module.stack.azurerm_resource_group.this
  id = "${data.azurerm_subscription.current.id}/resourceGroups/rg-kestrel-prod"
}

data "azurerm_subscription" "current" {}
