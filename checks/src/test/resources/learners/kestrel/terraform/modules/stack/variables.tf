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
