resource "euno_hex_integration" "main" {
  schedule {
    frequency = "\uD800"
  }
}
