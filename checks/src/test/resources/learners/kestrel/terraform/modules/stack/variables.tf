variable "environment" {
  type        = string
  description = "dev or prod."

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment is dev or prod."
  }
}

variable "location" {
  type        = string
  description = "Azure region."

  validation {
    condition = (
      var.location == "westeurope" ||
      var.location == "northeurope" ||
      var.location == "francecentral" ||
      var.location == "germanywestcentral" ||
      var.location == "swedencentral" ||
      var.location == "norwayeast" ||
      var.location == "switzerlandnorth" ||
      var.location == "uksouth" ||
      var.location == "ukwest" ||
      var.location == "polandcentral" ||
      var.location == "italynorth" ||
      var.location == "spaincentral" ||
      var.location == "eastus" ||
      var.location == "eastus2" ||
      var.location == "westus3" ||
      var.location == "centralus"
    )
    error_message = "Use a region the team has quota in."
  }
}

variable "owner" {
  type        = string
  description = "The owner tag."
}

variable "readers" {
  type        = map(string)
  description = "Object ids that read the vault's secrets, keyed by a short name."
  default     = {}
}

variable "extra_tags" {
  type        = map(string)
  description = "More tags, next to project, environment and owner."
  default     = {}
}
