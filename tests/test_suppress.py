"""Inline suppressions: scoping, what is kept in the report, and the configuration's policy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from euno_lint.config import Settings
from euno_lint.engine import LintOptions, lint_paths
from euno_lint.findings import Report
from tests.conftest import CLEAN_RESOURCE, Run, write_tree

# Line numbers below refer to this configuration (CLEAN_RESOURCE with three problems).
BROKEN = (
    CLEAN_RESOURCE.replace('name = "sales"', 'name = "sales"\n  id   = "12"')
    .replace('frequency = "daily"', 'frequency = "Daily"')
    .replace("ttl_days    = 7", "ttl_days    = 0")
)


def _lint(tmp_path: Path, text: str, **settings: Any) -> Report:
    write_tree(tmp_path, {"main.tf": text})
    return lint_paths([str(tmp_path)], LintOptions(Settings(**settings), cwd=str(tmp_path)))


def _active(report: Report) -> list[str]:
    return [f"{f.line}:{f.code}" for f in report.active()]


def _suppressed(report: Report) -> list[tuple[str, str | None]]:
    return [(f"{f.line}:{f.code}", f.suppression_reason) for f in report.findings if f.suppressed]


def test_without_directives(tmp_path: Path) -> None:
    assert _active(_lint(tmp_path, BROKEN)) == ["8:EUNO105", "11:EUNO201", "16:EUNO302"]


def test_trailing_comment_covers_its_own_line(tmp_path: Path) -> None:
    text = BROKEN.replace('"Daily"', '"Daily" # euno-lint-ignore: EUNO201 -- legacy')
    report = _lint(tmp_path, text)
    assert _active(report) == ["8:EUNO105", "16:EUNO302"]
    assert _suppressed(report) == [("11:EUNO201", "legacy")]


def test_comment_on_its_own_line_covers_the_next_line(tmp_path: Path) -> None:
    text = BROKEN.replace(
        '    frequency = "Daily"',
        '    # euno-lint-ignore: invalid-frequency\n\n    // a note\n    frequency = "Daily"',
    )
    report = _lint(tmp_path, text)
    assert _active(report) == ["8:EUNO105", "19:EUNO302"]
    assert _suppressed(report) == [("14:EUNO201", None)]


def test_comment_before_a_block_covers_the_whole_block(tmp_path: Path) -> None:
    text = BROKEN.replace(
        'resource "euno_hex_integration"',
        '# euno-lint-ignore: EUNO201, EUNO302\nresource "euno_hex_integration"',
    )
    report = _lint(tmp_path, text)
    assert _active(report) == ["9:EUNO105"]
    nested = BROKEN.replace("  schedule {", "  # euno-lint-ignore: EUNO201\n  schedule {")
    assert _active(_lint(tmp_path, nested)) == ["8:EUNO105", "17:EUNO302"]


def test_comment_before_a_multi_line_attribute_covers_all_of_it(tmp_path: Path) -> None:
    weekly = CLEAN_RESOURCE.replace(
        '    frequency = "daily"',
        '    frequency = "weekly"\n    # euno-lint-ignore: EUNO205 -- legacy names\n'
        '    repeat_on = [\n      "monday",\n      "thu",\n    ]',
    )
    report = _lint(tmp_path, weekly)
    assert _active(report) == []
    assert _suppressed(report) == [("14:EUNO205", "legacy names")]


def test_a_directive_covers_only_its_codes(tmp_path: Path) -> None:
    text = BROKEN.replace('"Daily"', '"Daily" # euno-lint-ignore: EUNO302')
    assert _active(_lint(tmp_path, text)) == ["8:EUNO105", "11:EUNO201", "11:EUNO003", "16:EUNO302"]


def test_file_directive_covers_the_whole_file(tmp_path: Path) -> None:
    text = "# euno-lint-ignore-file: EUNO105, EUNO302 -- generated\n" + BROKEN
    report = _lint(tmp_path, text)
    assert _active(report) == ["12:EUNO201"]
    assert {reason for _, reason in _suppressed(report)} == {"generated"}


def test_unused_is_not_reported_for_a_disabled_rule(tmp_path: Path) -> None:
    text = BROKEN.replace('"Daily"', '"Daily" # euno-lint-ignore: EUNO201, EUNO408')
    assert _active(_lint(tmp_path, text, ignore=["EUNO408"])) == ["8:EUNO105", "16:EUNO302"]
    everything = _lint(tmp_path, text)
    assert "11:EUNO003" in _active(everything)


def test_forbidden_suppressions(tmp_path: Path) -> None:
    text = BROKEN.replace('"Daily"', '"Daily" # euno-lint-ignore: EUNO201 -- legacy')
    report = _lint(tmp_path, text, allow_inline_suppressions=False)
    assert _active(report) == ["8:EUNO105", "11:EUNO201", "11:EUNO002", "16:EUNO302"]
    assert "not allowed by the configuration" in report.active()[2].message


def test_required_reason(tmp_path: Path) -> None:
    text = BROKEN.replace('"Daily"', '"Daily" # euno-lint-ignore: EUNO201').replace(
        "= 0", "= 0 # euno-lint-ignore: EUNO302 -- tracked in DATA-12"
    )
    report = _lint(tmp_path, text, required_suppression_reason=True)
    assert _active(report) == ["8:EUNO105", "11:EUNO201", "11:EUNO002"]
    assert 'requires a reason: add "-- why"' in report.active()[2].message


def test_parse_errors_cannot_be_suppressed(tmp_path: Path) -> None:
    text = "# euno-lint-ignore-file: EUNO001\n" + BROKEN + "resource {\n"
    assert _active(_lint(tmp_path, text)) == ["26:EUNO001"]


def test_token_in_an_unparsed_module_can_be_suppressed(tmp_path: Path) -> None:
    token = "hxtw_" + "Ab1" * 8
    text = f'locals {{\n  old = "{token}" # euno-lint-ignore: EUNO407 -- revoked 2024-05\n}}\n'
    report = _lint(tmp_path, text)
    assert _active(report) == []
    assert _suppressed(report) == [("2:EUNO407", "revoked 2024-05")]


def test_outputs_keep_suppressed_findings(run_cli: Run, tmp_path: Path) -> None:
    text = BROKEN.replace('"Daily"', '"Daily" # euno-lint-ignore: EUNO201 -- legacy')
    write_tree(tmp_path, {"main.tf": text})
    as_text = run_cli(["--no-source", "."], cwd=tmp_path)
    assert "EUNO201" not in as_text.stdout
    assert as_text.stdout.splitlines()[-1] == (
        "2 errors, 0 warnings in 1 file (1 suppressed); 1 fixable with --fix ([*])"
    )
    as_json = json.loads(run_cli(["--format", "json", "."], cwd=tmp_path).stdout)
    suppressed = [f for f in as_json["findings"] if f["suppressed"]]
    assert [(f["code"], f["suppression_reason"]) for f in suppressed] == [("EUNO201", "legacy")]
    assert as_json["summary"]["suppressed"] == 1
    assert as_json["summary"]["errors"] == 2
