variable "group_name" {
  type        = string
  description = "Resource group of the state storage."
  default     = "rg-northwind-state"
}

variable "account_name" {
  type        = string
  description = "Storage account of the state, unique across Azure."
  default     = "stnorthwindstate01"

  validation {
    condition     = can(regex("^[a-z0-9]{3,24}$", var.account_name))
    error_message = "A storage account name is 3 to 24 lowercase letters and digits."
  }
}

variable "location" {
  type        = string
  description = "Azure region of the state."
  default     = "westeurope"
}
