variable "name" {
  type        = string
  description = "Vault name: 3 to 24 letters, digits and hyphens, starting with a letter."

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", var.name))
    error_message = "A key vault name has 3 to 24 letters, digits and hyphens and starts with a letter."
  }
}

variable "resource_group" {
  type        = string
  description = "Resource group of the vault."
}

variable "location" {
  type        = string
  description = "Azure region."
}

variable "tenant_id" {
  type        = string
  description = "Entra ID tenant of the vault."
}

variable "retention_days" {
  type        = number
  description = "Soft-delete retention, 7 to 90 days."
  default     = 90
}

variable "tags" {
  type        = map(string)
  description = "Tags of the vault."
}
