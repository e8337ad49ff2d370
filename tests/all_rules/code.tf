# The rules of the provider's code (euno-0.1): these resources use its arguments only, and the
# provider block is checked against it.
variable "euno_api_key" {
  type      = string
  sensitive = true
}

variable "fivetran_secrets" {
  type      = map(string)
  sensitive = true
}

provider "euno" {
  account_id = 1
  server_url = "https://api.euno.ai"
  api_key    = var.euno_api_key
  endpoint   = "https://api.euno.ai"
}

resource "euno_hex_integration" "code" {
  name   = "code-schema"
  active = true

  schedule {
    time_zone   = "Mars/Olympus_Mons"
    repeat_on   = ["Mon"]
    repeat_time = "10am"
  }

  invalidation_strategy {
    ttl_days = 7
  }

  configuration {
    api_token    = var.hex_api_token
    workspace_id = "1b7c6a52-1f1e-4c7e-9d3a-3f0e8f1e2a10"
  }
}

resource "euno_fivetran_integration" "code" {
  name   = "fivetran-code-schema"
  active = true

  schedule {
    time_zone     = "UTC"
    repeat_period = 0
  }

  invalidation_strategy {
    ttl_days = 7
  }

  configuration {
    api_key    = var.fivetran_secrets["key"]
    api_secret = var.fivetran_secrets["secret"]
  }
}
