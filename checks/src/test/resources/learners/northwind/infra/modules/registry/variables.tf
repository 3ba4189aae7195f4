variable "name" {
  type        = string
  description = "Registry name, 5 to 50 letters and digits, unique across Azure."

  validation {
    condition     = can(regex("^[a-zA-Z0-9]{5,50}$", var.name))
    error_message = "A registry name is 5 to 50 letters and digits."
  }
}

variable "resource_group" {
  type        = string
  description = "Resource group of the registry."
}

variable "location" {
  type        = string
  description = "Azure region."
}

variable "replica_locations" {
  type        = list(string)
  description = "Regions to replicate to (Premium only); empty on Basic."
  default     = []
}

variable "tags" {
  type        = map(string)
  description = "Tags of the registry."
}
