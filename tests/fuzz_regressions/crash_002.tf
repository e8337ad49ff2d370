resource "euno_hex_integration" "main" {
  invalidation_strategy {
    ttl_days = 1e309
  }
}
