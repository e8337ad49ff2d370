variable "hex_api_token" {
  description = "Hex workspace token."
  type        = string
}

variable "namespace" {
  description = "The Euno namespace of the finance integration."
  type        = string
  default     = "finance"
}
