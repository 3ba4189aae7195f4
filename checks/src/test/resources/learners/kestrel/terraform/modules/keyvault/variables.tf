variable "vault_name" {
  type        = string
  description = <<-EOT
    Name of the vault: 3 to 24 characters, letters, digits and hyphens,
    starting with a letter, unique across Azure.
  EOT

  validation {
    condition     = length(var.vault_name) >= 3 && length(var.vault_name) <= 24 && can(regex("^[a-zA-Z][-a-zA-Z0-9]*[a-zA-Z0-9]$", var.vault_name))
    error_message = "The vault name breaks Azure's rules."
  }
}

variable "group" {
  type        = string
  description = "Resource group."
}

variable "location" {
  type        = string
  description = "Azure region."
}

variable "tags" {
  type        = map(string)
  description = "Tags."
}

variable "allowed_ips" {
  type        = list(string)
  description = "Public IP ranges allowed to reach the vault; empty leaves it open to authenticated callers."
  default     = []
}
