resource "euno_hex_integration" "broken" {
  name = "broken"
