terraform {
  required_version = ">= 1.9.0, < 2.0.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ">= 4.44.0, < 5.0.0"
    }
  }

  # One state blob per workspace: "northwind.tfstateenv:dev", "northwind.tfstateenv:prod".
  backend "azurerm" {
    resource_group_name  = "rg-northwind-state"
    storage_account_name = "stnorthwindstate01"
    container_name       = "tfstate"
    key                  = "northwind.tfstate"
    use_azuread_auth     = true
    use_oidc             = true
  }
}
