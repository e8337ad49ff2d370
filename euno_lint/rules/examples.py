"""Configuration snippets shared by the rule documentation (each page's example and fix)."""

from __future__ import annotations

TOKEN_VARIABLE = """\
variable "hex_api_token" {
  type      = string
  sensitive = true
}
"""


def integration(
    *,
    schedule: str = '    frequency = "daily"\n',
    invalidation: str = '    revision_id = "2024-06"\n    ttl_days    = 7\n',
    configuration: str = (
        "    api_token    = var.hex_api_token\n"
        '    project_id   = "0b7c6a52-1f1e-4c7e-9d3a-3f0e8f1e2a10"\n'
        '    namespace_id = "analytics"\n'
    ),
    top: str = '  name = "sales-analytics"\n',
    label: str = "sales",
    variables: str = TOKEN_VARIABLE,
) -> str:
    """A complete resource (and the token variable) with the given block contents."""
    return (
        (f"{variables}\n" if variables else "") + f'resource "euno_hex_integration" "{label}" {{\n'
        f"{top}\n"
        f"  schedule {{\n{schedule}  }}\n\n"
        f"  invalidation_strategy {{\n{invalidation}  }}\n\n"
        f"  configuration {{\n{configuration}  }}\n"
        "}\n"
    )


CLEAN_EXAMPLE = integration()


CODE_PIN = """\
terraform {
  required_providers {
    euno = {
      source  = "euno-ai/euno"
      version = "~> 0.1"
    }
  }
}
"""


def code_integration(
    *,
    schedule: str = (
        '    time_zone   = "America/Los_Angeles"\n'
        '    repeat_on   = ["Mon", "Wed", "Fri"]\n'
        '    repeat_time = "10:00:00"\n'
    ),
    invalidation: str = "    ttl_days = 7\n",
    configuration: str = (
        "    api_token    = var.hex_api_token\n"
        '    workspace_id = "0b7c6a52-1f1e-4c7e-9d3a-3f0e8f1e2a10"\n'
    ),
    top: str = '  name   = "sales-analytics"\n  active = true\n',
) -> str:
    """A complete resource under the provider's code (pinned to ~> 0.1, with its variable)."""
    return (
        f"{CODE_PIN}\n{TOKEN_VARIABLE}\n"
        'resource "euno_hex_integration" "sales" {\n'
        f"{top}\n"
        f"  schedule {{\n{schedule}  }}\n\n"
        f"  invalidation_strategy {{\n{invalidation}  }}\n\n"
        f"  configuration {{\n{configuration}  }}\n"
        "}\n"
    )


CODE_EXAMPLE = code_integration()
