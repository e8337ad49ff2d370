# Copied from the provider documentation's example, with the mistakes people make. Terraform
# plans all of it without a word: the provider or Euno rejects it later, or it misbehaves.
resource "euno_hex_integration" "marketing" {
  name = "marketing-dashboards"

  schedule {
    frequency       = "daily"
    cron_expression = "0 8 * * * *"
  }

  invalidation_strategy {
    revision_id = ""
    ttl_days    = 7
  }

  configuration {
    api_token    = var.hex_api_token
    project_id   = "https://app.hex.tech/acme/hex/3f9c2d1e-8b7a-4c6d-9e0f-1a2b3c4d5e6f/draft/logic"
    namespace_id = "your-namespace-id"
  }
}

resource "euno_hex_integration" "weekly_digest" {
  name = "marketing-dashboards"

  schedule {
    frequency = "weekly"
    repeat_on = ["monday"]
  }

  invalidation_strategy {
    revision_id = "2024-06"
    ttl_days    = 3
  }

  configuration {
    api_token    = "hxtw_EXAMPLEonlyEXAMPLEonlyEXAMPLE0"
    project_id   = "8d7e6f5a-4b3c-4d2e-8f1a-0b9c8d7e6f5a"
    namespace_id = "marketing"
  }
}

resource "euno_hex_integration" "finance" {
  name = "finance"

  schedule {
    frequency       = "Custom"
    cron_expression = "*/15 * * * *"
    repeat_on       = ["mon", "friday"]
  }

  invalidation_strategy {
    revision_id = "2024-06"
    ttl_days    = 0
  }

  configuration {
    api_token    = var.hex_api_token
    project_id   = "8d7e6f5a-4b3c-4d2e-8f1a-0b9c8d7e6f5b"
    namespace_id = var.namespace
  }
}
