variable "location" {
  type        = string
  description = "Azure region of the environment."
  default     = "swedencentral"
}

variable "owner" {
  type        = string
  description = "Who answers for this environment (the owner tag)."
  default     = null
}

variable "readers" {
  type        = map(string)
  description = "Object ids allowed to read the vault's secrets, by a name of ours."
  default     = {}
}
