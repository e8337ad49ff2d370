variable "hex_api_token" {
  type    = string
  default = "hxtw_ALLrulesFIXTUREdefaultTOKEN333"
}
