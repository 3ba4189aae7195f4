variable "name" {
  type        = string
  description = "Vault name (3-24 letters, digits, hyphens)."

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", var.name))
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
  description = "Tenant."
}

variable "tags" {
  type        = map(string)
  description = "Tags."
}
