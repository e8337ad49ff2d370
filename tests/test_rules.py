"""The one generic rule test: lint each fixture and match its inline expectations exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from euno_lint.engine import LintOptions, lint_paths
from euno_lint.terraform.discover import file_kind
from tests.expectations import compare, read_expectations

FIXTURES = Path(__file__).parent / "fixtures"


def _cases() -> list[Path]:
    cases: list[Path] = []
    for rule_dir in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        for case in sorted(rule_dir.iterdir()):
            if case.is_dir() or file_kind(case.name) in ("tf", "tf_json"):
                cases.append(case)
    return cases


@pytest.mark.parametrize("case", _cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(case: Path) -> None:
    files = sorted(p for p in case.rglob("*") if p.is_file()) if case.is_dir() else [case]
    expected = [
        e
        for f in files
        if file_kind(f.name) is not None
        for e in read_expectations(f, f.relative_to(FIXTURES).as_posix())
    ]
    report = lint_paths([str(case)], LintOptions(cwd=str(FIXTURES)))
    problems = compare(expected, report.active())
    assert not problems, "\n".join(problems)


def test_every_rule_has_fixtures() -> None:
    from euno_lint.rules import ALL_RULES

    with_fixtures = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    missing = [rule.code for rule in ALL_RULES if rule.code not in with_fixtures]
    assert not missing, f"rules without fixtures: {missing}"
