variable "env" {
  type        = string
  description = "Environment: dev or prod."
}

variable "owner" {
  type        = string
  description = "Owner tag."
}

variable "suffix" {
  type        = string
  description = "Makes the global names unique."
}

variable "location" {
  type        = string
  description = "Azure region."
  default     = "francecentral"
}
