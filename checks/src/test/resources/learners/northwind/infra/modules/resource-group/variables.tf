variable "name" {
  type        = string
  description = "Name of the resource group."
}

variable "location" {
  type        = string
  description = "Azure region."

  validation {
    condition     = ((length(var.location) >= 4) && ((lower(var.location) == var.location) && (!(strcontains(var.location, " ")))))
    error_message = "A region's programmatic name: lower case, no spaces (e.g. westeurope)."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags of the group."
}
