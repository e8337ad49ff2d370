"""`--plan`: a plan in JSON is linted like its configuration, or on its own at its entries.

tests/plans/ holds ``terraform show -json`` of the examples, planned against the stand-in
provider (the slow test plans them again, live, and checks the same).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from euno_lint.engine import LintOptions, UsageError, lint_paths
from euno_lint.findings import Finding, Report
from euno_lint.terraform.plan import PlanError, read_plan
from tests.conftest import Run, write_tree
from tests.oracle import harness

ROOT = Path(__file__).parent.parent
PLANS = Path(__file__).parent / "plans"
TOKEN = "plan-token-0123456789"


def _shown(report: Report) -> list[tuple[str, int, int, str, str, str | None]]:
    return [(f.path, f.line, f.column, f.code, f.message, f.resource) for f in report.findings]


@pytest.mark.parametrize("example", ["problems", "clean"])
def test_plan_with_its_configuration_reports_what_the_source_run_reports(example: str) -> None:
    source = lint_paths([f"examples/{example}"], LintOptions(cwd=str(ROOT)))
    planned = lint_paths(
        [f"examples/{example}"], LintOptions(cwd=str(ROOT), plan=str(PLANS / f"{example}.json"))
    )
    assert _shown(planned) == _shown(source)
    assert (example == "clean") == (not source.findings)


def test_plan_without_configuration_points_into_the_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    shutil.copy(PLANS / "problems.json", plan)
    report = lint_paths(["."], LintOptions(cwd=str(tmp_path), plan=str(plan)))
    codes = sorted({f.code for f in report.findings})
    # What needs the configuration's text (a hard-coded literal, a variable's declaration)
    # cannot be seen in a plan; everything about values can.
    assert codes == [
        "EUNO201",
        "EUNO205",
        "EUNO207",
        "EUNO208",
        "EUNO301",
        "EUNO302",
        "EUNO303",
        "EUNO406",
        "EUNO408",
        "EUNO501",
    ]
    text = plan.read_text()
    for finding in report.findings:
        assert finding.path == "plan.json"
        offset = _offset(text, finding)
        assert text[offset] == '"', finding  # each finding sits on a key of the plan
        assert finding.resource and finding.resource.startswith("euno_hex_integration.")
    frequency = next(f for f in report.findings if f.code == "EUNO201")
    assert text[_offset(text, frequency) :].startswith('"frequency":"Custom"')
    assert TOKEN not in json.dumps([str(f) + (f.excerpt or "") for f in report.findings])


def _offset(text: str, finding: Finding) -> int:
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[: finding.line - 1]) + finding.column - 1


def test_plan_values_win_over_static_ones(tmp_path: Path) -> None:
    """A value given with -var is in the plan, not in the configuration."""
    write_tree(tmp_path, {"main.tf": (ROOT / "examples/clean/main.tf").read_text()})
    write_tree(tmp_path, {"variables.tf": (ROOT / "examples/clean/variables.tf").read_text()})
    document = json.loads((PLANS / "clean.json").read_text())
    for resource in document["planned_values"]["root_module"]["resources"]:
        resource["values"]["schedule"]["frequency"] = "Weekly"
    (tmp_path / "plan.json").write_text(json.dumps(document))
    report = lint_paths(["."], LintOptions(cwd=str(tmp_path), plan="plan.json"))
    assert {f.code for f in report.findings} == {"EUNO201"}
    assert all(f.path == "main.tf" for f in report.findings)


def test_a_file_that_is_not_a_plan_is_a_usage_error(tmp_path: Path, run_cli: Run) -> None:
    write_tree(tmp_path, {"plan.json": '{"resources": []}', "bad.json": "{", "main.tf": ""})
    for name, message in (("plan.json", "not a plan"), ("bad.json", "invalid JSON")):
        with pytest.raises(PlanError, match=message):
            read_plan(str(tmp_path / name))
        with pytest.raises(UsageError, match=f"cannot use --plan {name}"):
            lint_paths(["."], LintOptions(cwd=str(tmp_path), plan=name))
    result = run_cli(["--plan", "plan.json", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert "cannot use --plan plan.json: not a plan" in result.stderr


def test_plan_on_the_command_line(tmp_path: Path, run_cli: Run) -> None:
    shutil.copy(PLANS / "problems.json", tmp_path / "plan.json")
    result = run_cli(["--plan", "plan.json", "--format", "json", "."], cwd=tmp_path)
    assert result.exit_code == 1, result.stderr
    document = json.loads(result.stdout)
    assert {f["path"] for f in document["findings"]} == {"plan.json"}


@pytest.mark.slow
@pytest.mark.skipif(harness.TERRAFORM is None, reason="terraform is not on PATH")
@pytest.mark.skipif(not harness.stand_in_available(), reason="the tf package is not installed")
@pytest.mark.parametrize("example", ["problems", "clean"])
def test_a_live_plan_reports_what_the_source_run_reports(example: str, tmp_path: Path) -> None:
    from tests.test_oracle_evaluation import _schema

    document = harness.plan(
        ROOT / "examples" / example, _schema(tmp_path), variables={"hex_api_token": TOKEN}
    )
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(document, default=_number))
    source = lint_paths([f"examples/{example}"], LintOptions(cwd=str(ROOT)))
    planned = lint_paths([f"examples/{example}"], LintOptions(cwd=str(ROOT), plan=str(plan)))
    assert _shown(planned) == _shown(source)


def _number(value: object) -> object:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(value)
