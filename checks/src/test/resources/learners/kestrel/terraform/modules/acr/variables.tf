variable "registry_name" {
  type        = string
  description = "5 to 50 letters and digits, unique across Azure."

  validation {
    condition     = can(regex("^[[:alnum:]]{5,50}$", var.registry_name))
    error_message = "A registry name is 5 to 50 letters and digits."
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

variable "sku" {
  type        = string
  description = "Registry tier; Basic is all the project needs."
  default     = "Basic"
}

variable "tags" {
  type        = map(string)
  description = "Tags."
}
