"""Static values: variables in Terraform's order, locals, templates, and what stays unknown."""

from __future__ import annotations

from pathlib import Path

from euno_lint.engine import LintOptions, lint_paths
from euno_lint.findings import Span
from euno_lint.hcl import parse
from euno_lint.terraform.loader import load_module
from euno_lint.terraform.scope import TfvarsAssignment
from euno_lint.terraform.source import read_bytes
from euno_lint.terraform.values import UNKNOWN, Value
from tests.conftest import write_tree


def _evaluate(root: Path, expression: str, var_files: dict[str, Value] | None = None) -> Value:
    contents = {str(p): read_bytes(str(p)) for p in sorted(root.iterdir()) if p.is_file()}
    assignments = [
        TfvarsAssignment(name, "cli.tfvars", Span.point(), value, auto_loaded=True)
        for name, value in (var_files or {}).items()
    ]
    module = load_module(str(root), contents, assignments)
    assert module is not None
    value = parse(f"x = {expression}\n").body.attributes[0].value
    return module.scope.evaluate(value)


MARKER = 'resource "euno_hex_integration" "m" {}\n'


def test_variable_precedence_follows_terraform(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": MARKER + 'variable "v" {\n  default = "default"\n}\n'})
    assert _evaluate(tmp_path, "var.v") == "default"
    write_tree(tmp_path, {"terraform.tfvars": 'v = "tfvars"\n'})
    assert _evaluate(tmp_path, "var.v") == "tfvars"
    write_tree(tmp_path, {"terraform.tfvars.json": '{"v": "tfvars.json"}'})
    assert _evaluate(tmp_path, "var.v") == "tfvars.json"
    write_tree(
        tmp_path, {"b.auto.tfvars": 'v = "b.auto"\n', "a.auto.tfvars.json": '{"v": "a.auto"}'}
    )
    assert _evaluate(tmp_path, "var.v") == "b.auto"
    write_tree(tmp_path, {"prod.tfvars": 'v = "not auto-loaded"\n'})
    assert _evaluate(tmp_path, "var.v") == "b.auto"
    assert _evaluate(tmp_path, "var.v", {"v": "var-file"}) == "var-file"


def test_variable_without_value_is_unknown(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": MARKER + 'variable "v" {}\n'})
    assert _evaluate(tmp_path, "var.v") is UNKNOWN
    assert _evaluate(tmp_path, "var.undeclared") is UNKNOWN


def test_locals_templates_and_collections(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "main.tf": MARKER
            + 'variable "env" {\n  default = "prod"\n}\n'
            + 'locals {\n  prefix = "sales-${var.env}"\n  days = ["monday", local.second]\n'
            + '  second = "friday"\n  m = { k = 7 }\n  a = local.b\n  b = local.a\n}\n',
        },
    )
    assert _evaluate(tmp_path, '"${local.prefix}-eu"') == "sales-prod-eu"
    assert _evaluate(tmp_path, "local.days") == ("monday", "friday")
    assert _evaluate(tmp_path, 'local.m["k"]') == 7
    assert _evaluate(tmp_path, "local.days[1]") == "friday"
    assert _evaluate(tmp_path, "local.a") is UNKNOWN  # a cycle, not a hang
    assert _evaluate(tmp_path, '"n-${1 + 1}"') == "n-2"
    assert _evaluate(tmp_path, 'lower("X")') == "x"
    assert _evaluate(tmp_path, "true ? 1 : 2") == 1
    assert _evaluate(tmp_path, "[for d in local.days : upper(d)]") == ("MONDAY", "FRIDAY")


def test_references_that_stay_unknown(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": MARKER})
    for expression in (
        "each.value",
        "count.index",
        "aws_s3_bucket.b.id",
        "data.x.y.z",
        "module.m.out",
        "lower(var.undeclared)",
        "var.unset == 1 ? 1 : 2",
        "[for d in local.x : d]",
        "path.module",
        "timestamp()",
    ):
        assert _evaluate(tmp_path, expression) is UNKNOWN, expression


def test_unknown_values_are_never_judged(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "main.tf": """
            variable "ttl" {}
            variable "names" {}

            resource "euno_hex_integration" "m" {
              for_each = toset(var.names)
              name     = each.key
              active   = each.value == "a"

              schedule {
                frequency = lookup(local.f, each.key)
                repeat_on = [each.value]
              }

              invalidation_strategy {
                revision_id = terraform_data.rev.id
                ttl_days    = var.ttl * 2
              }

              configuration {
                api_token    = data.vault_generic_secret.hex.data["token"]
                project_id   = module.hex.project_id
                namespace_id = each.value
              }
            }
            """
        },
    )
    report = lint_paths([str(tmp_path)], LintOptions(cwd=str(tmp_path)))
    assert report.findings == ()
