provider "azurerm" {
  features {}
  use_oidc = true
}

# The shared DNS zone lives in the platform team's subscription, reached with the same identity.
provider "azurerm" {
  alias = "platform"
  features {}
  use_oidc = true

  subscription_id = var.platform_subscription_id
}
