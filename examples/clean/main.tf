locals {
  namespace = "analytics"
}

# Weekdays at 09:00 (the 6-field cron dialect: seconds come first).
resource "euno_hex_integration" "sales_analytics" {
  name = "sales-analytics"

  schedule {
    frequency       = "custom"
    cron_expression = "0 0 9 * * MON-FRI"
  }

  invalidation_strategy {
    revision_id = var.revision_id
    ttl_days    = 7
  }

  configuration {
    api_token    = var.hex_api_token
    project_id   = "3f9c2d1e-8b7a-4c6d-9e0f-1a2b3c4d5e6f"
    namespace_id = local.namespace
  }
}

resource "euno_hex_integration" "finance_weekly" {
  name = "finance-weekly"

  schedule {
    frequency = "weekly"
    repeat_on = ["monday", "thursday"]
  }

  invalidation_strategy {
    revision_id = var.revision_id
    ttl_days    = 7
  }

  configuration {
    api_token                 = var.hex_api_token
    project_id                = "8d7e6f5a-4b3c-4d2e-8f1a-0b9c8d7e6f5a"
    namespace_id              = local.namespace
    exclude_deleted_notebooks = false
  }
}
