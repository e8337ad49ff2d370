variable "hex_api_token" {
  description = "Hex workspace token."
  type        = string
}
