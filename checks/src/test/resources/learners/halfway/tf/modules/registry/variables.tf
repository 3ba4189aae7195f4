variable "name" {
  type        = string
  description = "Registry name (5-50 letters and digits)."

  validation {
    condition     = can(regex("^[a-zA-Z0-9]{5,50}$", var.name))
    error_message = "5 to 50 letters and digits."
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

variable "tags" {
  type        = map(string)
  description = "Tags."
}
