resource "euno_hex_integration" "main" {
  name = "\u"
}
