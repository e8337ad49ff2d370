variable "hex_api_token" {
  description = "Hex workspace token used by Euno to crawl the projects."
  type        = string
  sensitive   = true
}

variable "revision_id" {
  description = "Bump to make Euno re-crawl everything."
  type        = string
}
