resource "euno_hex_integration" "main" {
  id {}
}
