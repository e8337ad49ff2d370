# Mistakes Terraform itself rejects, at validate or plan: euno-lint reports them before
# terraform init, with the provider's schema named in each message.
variable "hex_api_token" {
  description = "Hex workspace token."
  type        = string
  sensitive   = true
}

resource "euno_hex_integration" "marketing" {
  name   = "marketing-dashboards"
  active = "yes"

  schedule {
    cron_expression = "0 8 * * *"
  }

  invalidation_strategy {
    revision_id = null
    ttl_days    = "a week"
  }

  configuration {
    api_token    = var.hex_api_token
    project_id   = "3f9c2d1e-8b7a-4c6d-9e0f-1a2b3c4d5e6f"
    namespace_id = var.namespace
    region       = "eu"
  }
}
