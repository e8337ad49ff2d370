variable "ephemeral_token" {
  type      = string
  ephemeral = true
}

resource "euno_hex_integration" "values" {
  name = ""

  schedule {
    frequency = "daily"
  }

  invalidation_strategy {
    revision_id = "2024-06"
    ttl_days    = 7
  }

  configuration {
    api_token    = var.ephemeral_token
    project_id   = "0b7c6a52-1f1e-4c7e-9d3a-3f0e8f1e2a10"
    namespace_id = "analytics"
  }
}
