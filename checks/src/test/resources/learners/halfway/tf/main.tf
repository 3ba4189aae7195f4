terraform {
  required_version = ">= 1.9, < 2.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.44.0"
    }
  }

  backend "azurerm" {}
}

provider "azurerm" {
  features {}
}

locals {
  tags = {
    project     = "halfway"
    environment = var.env
    owner       = var.owner
  }
}

resource "azurerm_resource_group" "main" {
  name     = "rg-halfway-${var.env}"
  location = var.location
  tags     = local.tags
}

data "azurerm_client_config" "current" {}

module "platform" {
  source = "./modules/platform"

  registry_name = "acrhalfway${var.env}${var.suffix}"
  vault_name    = "kv-halfway-${var.env}-${var.suffix}"
  group         = azurerm_resource_group.main.name
  location      = azurerm_resource_group.main.location
  tenant_id     = data.azurerm_client_config.current.tenant_id
  tags          = local.tags
}
