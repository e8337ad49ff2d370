resource "euno_hex_integration" "main" {
  schedule {
    cron_expression = "["
  }
}
