variable "registry_name" {
  type        = string
  description = "Registry name (5-50 letters and digits)."

  validation {
    condition     = can(regex("^[a-zA-Z0-9]{5,50}$", var.registry_name))
    error_message = "5 to 50 letters and digits."
  }
}

variable "vault_name" {
  type        = string
  description = "Vault name (3-24 letters, digits, hyphens)."

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", var.vault_name))
    error_message = "3 to 24 letters, digits and hyphens, starting with a letter."
  }
}

variable "group" {
  type        = string
  description = "Resource group."
}

variable "location" {
  type        = string
  description = "Region."
}

variable "tenant_id" {
  type        = string
  description = "Tenant of the vault."
}

variable "tags" {
  type        = map(string)
  description = "Tags."
}
