# Every rule of euno-lint fires at least once in this directory (see test_reporters.py).

resource "euno_hex_integration" "schema" {
  name   = "schema-problems"
  active = "yes"
  colour = "blue"
  id     = "12"

  schedule {
    frequency = "daily"
  }

  schedule {
    frequency = "hourly"
  }

  invalidation_strategy {
    revision_id = "2024-06"
  }

  configuration {
    api_token    = var.hex_api_token
    project_id   = "0b7c6a52-1f1e-4c7e-9d3a-3f0e8f1e2a10"
    namespace_id = "analytics"
  }
}

resource "euno_hex_integration" "schedule" {
  name = "schedule-problems"

  schedule {
    frequency       = "Custom"
    cron_expression = "0 8 * *"
    repeat_on       = ["mon"]
  }

  invalidation_strategy {
    revision_id = null
    ttl_days    = 0
  }

  configuration {
    api_token    = var.hex_api_token
    project_id   = "your-project-id"
    namespace_id = "https://app.hex.tech/acme/projects/0b7c6a52-1f1e-4c7e-9d3a-3f0e8f1e2a10"
  }
}

resource "euno_hex_integration" "cadence" {
  name = "schema-problems"

  schedule {
    frequency       = "daily"
    cron_expression = "0 8 * * * *"
    repeat_on       = ["monday"]
  }

  invalidation_strategy {
    ttl_days = 7
  }

  configuration {
    api_token    = "hxtw_ALLrulesFIXTUREonlyNOTaTOKEN1"
    project_id   = "8d7e6f5a-4b3c-4d2e-8f1a-0b9c8d7e6f5a"
    namespace_id = var.namespace
  }
}

resource "euno_hex_integration" "weekly" {
  name = "weekly"

  schedule {
    frequency = "weekly"
  }

  invalidation_strategy {
    revision_id = "2024-06"
    ttl_days    = 1
  }

  configuration {
    api_token    = var.hex_api_token
    project_id   = "8d7e6f5a-4b3c-4d2e-8f1a-0b9c8d7e6f5b"
    namespace_id = "weekly"
  }
}

resource "euno_hex_integration" "frequent" {
  name = "frequent" # euno-lint-ignore: EUNO501 -- nothing to suppress here

  schedule {
    frequency       = "custom"
    cron_expression = "*/5 * * * *" # euno-lint-ignore: EUNO2O8
  }

  invalidation_strategy {
    revision_id = "2024-06"
    ttl_days    = 1
  }

  configuration {
    api_token    = var.hex_api_token
    project_id   = "8d7e6f5a-4b3c-4d2e-8f1a-0b9c8d7e6f5c"
    namespace_id = "frequent" # euno-lint-ignore: EUNO406 -- kept to show a suppressed result
  }
}

resource "euno_hex_integration" "ttl" {
  name = "ttl"

  schedule {
    frequency = "weekly"
    repeat_on = ["friday"]
  }

  invalidation_strategy {
    revision_id = "2024-06"
    ttl_days    = 2
  }

  configuration {
    api_token    = var.hex_api_token
    project_id   = "todo"  # euno-lint-ignore: EUNO406 -- placeholder until the project exists
    namespace_id = "ttl"
  }
}

import {
  to = euno_hex_integration.weekly
  id = "weekly"
}

# A token kept in a comment: hxtp_ALLrulesFIXTUREpersonalTOKEN22

resource "euno_hex_integration" "custom" {
  name = "custom"

  schedule {
    frequency = "custom"
  }

  invalidation_strategy {
    revision_id = "2024-06"
    ttl_days    = 7
  }

  configuration {
    api_token    = var.hex_api_token
    project_id   = "8d7e6f5a-4b3c-4d2e-8f1a-0b9c8d7e6f5d"
    namespace_id = "custom"
  }
}
