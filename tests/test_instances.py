"""Instances, variants, module instances and what could not be analysed (the fixtures under
tests/fixtures/evaluation show each case in a configuration; these pin the details)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from euno_lint.engine import LintOptions, lint_paths
from euno_lint.findings import Report
from euno_lint.hcl import Block, parse
from euno_lint.hcl.render import render
from euno_lint.terraform.override import Merged, is_override_file, merge
from euno_lint.terraform.types import CONVERSION_FAILED, Type, convert, parse_type
from tests.conftest import CLEAN_RESOURCE, Run, write_tree

FIXTURES = Path(__file__).parent / "fixtures" / "evaluation"


def _lint(root: Path) -> Report:
    return lint_paths(["."], LintOptions(cwd=str(root)))


def _messages(report: Report) -> list[tuple[int, str, str, str | None]]:
    return [(f.line, f.code, f.message, f.resource) for f in report.findings]


def test_a_problem_every_instance_has_is_reported_once(tmp_path: Path) -> None:
    resource = CLEAN_RESOURCE.replace(
        '  name = "sales"', '  for_each = toset(["a", "b"])\n  name = each.key'
    )
    write_tree(tmp_path, {"main.tf": resource.replace('"daily"', '"Daily"')})
    findings = _lint(tmp_path).findings
    assert [(f.code, f.resource) for f in findings] == [("EUNO201", "euno_hex_integration.main")]
    assert "(in " not in findings[0].message


def test_a_problem_some_instances_have_names_them(tmp_path: Path) -> None:
    resource = CLEAN_RESOURCE.replace(
        '  name = "sales"',
        '  for_each = { a = "daily", b = "Daily", c = "Weekly" }\n  name = each.key',
    ).replace('frequency = "daily"', "frequency = each.value")
    write_tree(tmp_path, {"main.tf": resource})
    found = [(f.resource, f.message.rsplit(" (from", 1)[1]) for f in _lint(tmp_path).findings]
    assert found == [
        ('euno_hex_integration.main["b"]', ' main.tf:7) (in euno_hex_integration.main["b"])'),
        ('euno_hex_integration.main["c"]', ' main.tf:7) (in euno_hex_integration.main["c"])'),
    ]


def test_count_instances_and_names_that_vary(tmp_path: Path) -> None:
    resource = CLEAN_RESOURCE.replace(
        '  name = "sales"', '  count = 3\n  name  = "sales-${count.index}"'
    )
    write_tree(tmp_path, {"main.tf": resource})
    report = _lint(tmp_path)
    assert report.findings == ()
    assert report.resources == 3


def test_a_condition_on_a_variable_without_value_splits_in_two(tmp_path: Path) -> None:
    resource = CLEAN_RESOURCE.replace(
        'frequency = "daily"', 'frequency = var.fast ? "hourly" : "Weekly"'
    )
    write_tree(tmp_path, {"main.tf": resource + 'variable "fast" {\n  type = bool\n}\n'})
    (finding,) = _lint(tmp_path).findings
    assert finding.message.endswith("(when var.fast is false)")


def test_too_many_conditions_are_not_analysed(tmp_path: Path) -> None:
    branches = " ".join(f'var.c{n} ? "daily" :' for n in range(5)) + ' "Daily"'
    resource = CLEAN_RESOURCE.replace('frequency = "daily"', f"frequency = {branches}")
    variables = "".join(f'variable "c{n}" {{\n  type = bool\n}}\n' for n in range(5))
    write_tree(tmp_path, {"main.tf": resource + variables})
    report = _lint(tmp_path)
    assert [g.reason for g in report.not_analysed] == [
        "its values depend on too many unknown conditions"
    ]


def test_coverage_in_the_json_summary(run_cli: Run) -> None:
    result = run_cli(["--format", "json", "remote_module"], cwd=FIXTURES)
    assert result.exit_code == 1, result.stderr
    summary = json.loads(result.stdout)["summary"]
    assert summary["not_analysed"] == 2
    assert [(g["line"], g["subject"]) for g in summary["not_analysed_reasons"]] == [
        (2, "module.vendor"),
        (17, "euno_hex_integration.per_project"),
    ]
    assert "not fetched" in summary["not_analysed_reasons"][0]["reason"]


def test_coverage_in_the_sarif_log(run_cli: Run) -> None:
    result = run_cli(["--format", "sarif", "remote_module"], cwd=FIXTURES)
    notifications = json.loads(result.stdout)["runs"][0]["invocations"][0][
        "toolExecutionNotifications"
    ]
    assert [n["level"] for n in notifications] == ["warning", "warning"]
    assert "module.vendor was not fully analysed" in notifications[0]["message"]["text"]


def test_a_module_called_from_outside_the_scanned_path_is_read(tmp_path: Path) -> None:
    child = CLEAN_RESOURCE.replace('"daily"', "var.frequency") + 'variable "frequency" {}\n'
    write_tree(
        tmp_path,
        {
            ".git/HEAD": "",
            "modules/hex/main.tf": child,
            "envs/prod/main.tf": 'module "hex" {\n  source    = "../../modules/hex"\n'
            '  frequency = "Daily"\n}\n',
        },
    )
    report = lint_paths(["envs/prod"], LintOptions(cwd=str(tmp_path)))
    assert [(f.path, f.code) for f in report.findings] == [("modules/hex/main.tf", "EUNO201")]
    assert "(from envs/prod/main.tf:3)" in report.findings[0].message


def test_a_module_source_outside_the_tree_is_not_read(tmp_path: Path) -> None:
    write_tree(tmp_path / "outside", {"main.tf": CLEAN_RESOURCE.replace('"daily"', '"Daily"')})
    write_tree(
        tmp_path / "repo",
        {".git/HEAD": "", "main.tf": 'module "x" {\n  source = "../outside"\n}\n' + CLEAN_RESOURCE},
    )
    report = _lint(tmp_path / "repo")
    assert report.findings == ()
    assert [g.reason for g in report.not_analysed] == [
        'its source "../outside" is outside the scanned tree or missing'
    ]


def test_dynamic_blocks_count_as_the_blocks_they_make(tmp_path: Path) -> None:
    resource = CLEAN_RESOURCE.replace(
        '  schedule {\n    frequency = "daily"\n  }',
        '  dynamic "schedule" {\n    for_each = ["a", "b"]\n'
        '    content {\n      frequency = "daily"\n    }\n  }',
    )
    write_tree(tmp_path, {"main.tf": resource})
    assert [f.code for f in _lint(tmp_path).findings] == ["EUNO104"]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('var.env == "prod"', 'var.env == "prod"'),
        ("(1 + 2) * 3", "(1 + 2) * 3"),
        ("1 + (2 * 3)", "1 + 2 * 3"),
        ("!(a && b) || c", "!(a && b) || c"),
        (
            'x ? "${y}-z" : [for k, v in m : v if k != "a"]',
            'x ? "${y}-z" : [for k, v in m : v if k != "a"]',
        ),
        ('local.m["a b"].c[0]', 'local.m["a b"].c[0]'),
        ("f(a...)", "f(a...)"),
    ],
)
def test_render_is_canonical(text: str, shown: str) -> None:
    expression = parse(f"x = {text}\n").body.attributes[0].value
    assert render(expression) == shown


def _type(text: str) -> Type:
    return parse_type(parse(f"x = {text}\n").body.attributes[0].value)


def test_type_conversion_as_terraform_does_it() -> None:
    assert convert("5", _type("number")) == 5
    assert convert(5, _type("string")) == "5"
    assert convert("yes", _type("bool")) is CONVERSION_FAILED
    assert convert(("b", "a", "b"), _type("set(string)")) == ("a", "b")
    team = _type(
        "map(object({ token = string, days = optional(number, 7), note = optional(string) }))"
    )
    assert convert({"x": {"token": "t", "extra": 1}}, team) == {
        "x": {"token": "t", "days": 7, "note": None}
    }
    assert convert({"x": {"days": 1}}, team) is CONVERSION_FAILED


def _block(text: str) -> Block:
    return parse(text).body.blocks[0]


def test_override_merges_arguments_and_replaces_nested_blocks() -> None:
    assert is_override_file("override.tf") and is_override_file("a_override.tf.json")
    assert not is_override_file("overrides.tf")
    base = _block(
        'resource "x" "y" {\n  a = 1\n  b = 2\n  s {\n    p = 1\n  }\n  s {\n    p = 2\n  }\n'
        "  lifecycle {\n    prevent_destroy = true\n    ignore_changes = [a]\n  }\n}\n"
    )
    change = _block(
        'resource "x" "y" {\n  b = 3\n  dynamic "s" {\n    for_each = []\n'
        "    content {}\n  }\n  lifecycle {\n    prevent_destroy = false\n  }\n}\n"
    )
    merged = merge(Merged(base, {}), change, "o.tf")
    body = merged.block.body
    assert [a.name for a in body.attributes] == ["a", "b"]
    assert body.attribute("b") is change.body.attribute("b")
    assert [b.type for b in body.blocks] == ["dynamic", "lifecycle"]
    lifecycle = body.blocks_of("lifecycle")[0]
    assert [a.name for a in lifecycle.body.attributes] == ["prevent_destroy", "ignore_changes"]
    assert merged.files == {"b": "o.tf", "s": "o.tf", "lifecycle": "o.tf"}


def test_one_instance_does_not_supersede_another_at_the_same_line(tmp_path: Path) -> None:
    """EUNO208 about one project's cron does not hide EUNO207 about another's, although both
    are at the module's cron_expression line."""
    resource = CLEAN_RESOURCE.replace(
        '  name = "sales"', "  for_each = var.projects\n  name     = each.key"
    ).replace(
        '    frequency = "daily"',
        "    frequency       = each.value.frequency\n    cron_expression = each.value.cron",
    )
    projects = (
        'variable "projects" {\n  default = {\n'
        '    a = { frequency = "daily", cron = "0 8 * * * *" }\n'
        '    b = { frequency = "custom", cron = "*/15 * * * *" }\n  }\n}\n'
    )
    write_tree(tmp_path, {"main.tf": resource + projects})
    found = [(f.code, f.resource) for f in _lint(tmp_path).findings]
    assert found == [
        ("EUNO207", 'euno_hex_integration.main["a"]'),
        ("EUNO208", 'euno_hex_integration.main["b"]'),
    ]


def test_files_of_called_modules_are_counted(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".git/HEAD": "",
            "modules/hex/main.tf": CLEAN_RESOURCE,
            "envs/prod/main.tf": 'module "hex" {\n  source = "../../modules/hex"\n}\n',
        },
    )
    report = lint_paths(["envs/prod"], LintOptions(cwd=str(tmp_path)))
    assert (report.files, report.resources) == (2, 1)


def test_a_call_that_is_only_a_comment_does_not_hide_a_module(tmp_path: Path) -> None:
    """Calls are first found in the files' bytes: a commented-out call makes a directory look
    called. Nothing calls it for real, so it is linted as a root module of its own."""
    write_tree(
        tmp_path,
        {
            "a/main.tf": '# module "b" { source = "../b" }\n',
            "b/main.tf": CLEAN_RESOURCE.replace('"daily"', '"Daily"'),
        },
    )
    report = _lint(tmp_path)
    assert [(f.path, f.code, f.resource) for f in report.findings] == [
        ("b/main.tf", "EUNO201", "euno_hex_integration.main")
    ]


def test_a_value_from_a_var_file_says_so(tmp_path: Path, run_cli: Run) -> None:
    resource = CLEAN_RESOURCE.replace('"daily"', "var.frequency")
    write_tree(
        tmp_path,
        {
            "infra/main.tf": resource + 'variable "frequency" {\n  default = "daily"\n}\n',
            "env/prod.tfvars": '\nfrequency = "Weekly"\n',
        },
    )
    result = run_cli(["--var-file", "env/prod.tfvars", "--format", "json", "infra"], cwd=tmp_path)
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["message"].endswith("(from env/prod.tfvars:2)")
    assert finding["related"] == [
        {"path": "env/prod.tfvars", "line": 2, "column": 13, "end_line": 2, "end_column": 21}
    ]
