variable "project" {
  type        = string
  description = "Short project code used in every name (2 to 8 lowercase letters)."

  validation {
    condition     = can(regex("^[a-z]{2,8}$", var.project))
    error_message = "project must be 2 to 8 lowercase letters."
  }
}

variable "suffix" {
  type        = string
  description = "A few characters that make the global names (registry, vault) ours."

  validation {
    condition     = can(regex("^[a-z0-9]{2,4}$", var.suffix))
    error_message = "suffix must be 2 to 4 lowercase letters or digits."
  }
}

variable "owner" {
  type        = string
  description = "Team accountable for the environment, written in the owner tag."
}

variable "location" {
  type        = string
  description = "Azure region."
  default     = "westeurope"
}

variable "platform_subscription_id" {
  type        = string
  description = "Subscription of the platform team, where the shared DNS zone is (ARM_SUBSCRIPTION_ID style, given by CI)."
  default     = null
}

variable "alert_emails" {
  type        = list(string)
  description = <<-EOT
    Addresses told when the monthly budget reaches 80 %.
    A shared mailbox, not a person.
  EOT
}

variable "extra_tags" {
  type        = map(string)
  description = "Tags added next to project, environment and owner."
  default     = {}
}

variable "database_url" {
  type        = string
  description = "Connection string of the api's database, stored in the vault (given as TF_VAR_database_url)."
  sensitive   = true
  default     = null
}
