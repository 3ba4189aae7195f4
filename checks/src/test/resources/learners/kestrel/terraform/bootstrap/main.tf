terraform {
  required_version = "~> 1.10"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.44"
    }
  }
}

provider "azurerm" {
  features {}
  storage_use_azuread = true
  use_oidc            = true
}

variable "owner" {
  type        = string
  description = "Owner tag of the state storage."
  default     = "kestrel-sre"
}

locals {
  tags = {
    project     = "kestrel"
    environment = "shared"
    owner       = var.owner
  }
  account = "stkestreltfstate"
}

resource "azurerm_resource_group" "tfstate" {
  name     = "rg-kestrel-tfstate"
  location = "swedencentral"
  tags     = local.tags
}

resource "azurerm_storage_account" "tfstate" {
  name                            = local.account
  resource_group_name             = azurerm_resource_group.tfstate.name
  location                        = azurerm_resource_group.tfstate.location
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  https_traffic_only_enabled      = true
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false

  blob_properties {
    versioning_enabled = true
    delete_retention_policy {
      days = 30
    }
    container_delete_retention_policy {
      days = 30
    }
  }

  tags = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "azurerm_storage_container" "state" {
  name                  = "state"
  storage_account_id    = azurerm_storage_account.tfstate.id
  container_access_type = "private"
}
