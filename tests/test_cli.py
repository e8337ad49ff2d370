"""The command line: exit codes, formats, options and error handling."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from euno_lint import __version__
from euno_lint.engine.baseline import fingerprint
from tests.conftest import CLEAN_RESOURCE, Run, write_tree

BROKEN = CLEAN_RESOURCE.replace("ttl_days    = 7", 'ttl_days    = "seven"')


def test_clean_directory_exits_zero(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": CLEAN_RESOURCE})
    result = run_cli(["."], cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stdout == "0 errors, 0 warnings in 1 file\n"
    assert result.stderr == ""


def test_default_path_is_the_current_directory(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"infra/main.tf": BROKEN})
    result = run_cli([], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.startswith("infra/main.tf:15:5: error EUNO103 ")


def test_findings_exit_one_with_source_and_summary(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": BROKEN})
    result = run_cli(["main.tf"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "main.tf:15:5: error EUNO103 "
        'invalid value for "ttl_days": a number is required, got "seven" (schema: documented)',
        '   15 |     ttl_days    = "seven"',
        "      |     ^^^^^^^^^^^^^^^^^^^^^",
        "1 error, 0 warnings in 1 file",
    ]


def test_no_source_drops_the_excerpt(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": BROKEN})
    result = run_cli(["--no-source", "main.tf"], cwd=tmp_path)
    assert len(result.stdout.splitlines()) == 2


@pytest.mark.parametrize(
    ("fail_on", "expected"), [("error", 1), ("warning", 1), ("note", 1), ("never", 0)]
)
def test_fail_on_threshold(run_cli: Run, tmp_path: Path, fail_on: str, expected: int) -> None:
    write_tree(tmp_path, {"main.tf": BROKEN})
    assert run_cli(["--fail-on", fail_on, "."], cwd=tmp_path).exit_code == expected


def test_parse_error_is_a_finding_not_a_failure(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": 'resource "euno_hex_integration" "x" {\n', "ok.tf": ""})
    result = run_cli(["."], cwd=tmp_path)
    assert result.exit_code == 1
    assert "EUNO001" in result.stdout


def test_json_shape(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"infra/main.tf": BROKEN, "infra/other.tf": "locals {}\n"})
    result = run_cli(["--format", "json", "infra"], cwd=tmp_path)
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert list(document) == ["version", "findings", "summary"]
    assert document["version"] == __version__
    assert document["findings"] == [
        {
            "code": "EUNO103",
            "name": "invalid-argument-type",
            "severity": "error",
            "message": 'invalid value for "ttl_days": a number is required, got "seven" '
            "(schema: documented)",
            "path": "infra/main.tf",
            "line": 15,
            "column": 5,
            "end_line": 15,
            "end_column": 26,
            "resource": "euno_hex_integration.main",
            "schema": "documented",
            "related": [],
            "fingerprint": fingerprint(
                "EUNO103",
                "infra/main.tf",
                "euno_hex_integration.main",
                "invalidation_strategy.ttl_days",
            ),
            "suppressed": False,
            "suppression_reason": None,
        }
    ]
    assert document["summary"] == {
        "files": 2,
        "resources": 1,
        "errors": 1,
        "warnings": 0,
        "notes": 0,
        "suppressed": 0,
        "baselined": 0,
        "stale_baseline_entries": 0,
        "not_analysed": 0,
        "not_analysed_reasons": [],
    }


def test_output_file(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": BROKEN})
    result = run_cli(["--format", "json", "--output", "report.json", "main.tf"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads((tmp_path / "report.json").read_text())["summary"]["errors"] == 1


def test_unwritable_output_is_exit_two(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": CLEAN_RESOURCE})
    result = run_cli(["--output", "missing-dir/report.txt", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("euno-lint: error: cannot write missing-dir/report.txt")


def test_missing_path_is_exit_two_with_one_line(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli(["nope"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == "euno-lint: error: path does not exist: nope\n"
    assert result.stdout == ""


def test_bad_option_is_exit_two_with_one_line(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli(["--format", "yaml", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("euno-lint: error: Invalid value for '--format'")


def test_internal_error_is_exit_two_without_traceback(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import euno_lint.engine

    def explode(*_args: object, **_kwargs: object) -> None:
        raise ValueError("boom hxtw_" + "A" * 24)

    monkeypatch.setattr(euno_lint.engine, "lint_paths", explode)
    result = run_cli(["."], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "euno-lint: error: internal error (ValueError); run with --debug for details\n"
    )
    debug = run_cli(["--debug", "."], cwd=tmp_path)
    assert debug.exit_code == 2
    assert "Traceback" in debug.stderr
    assert "A" * 24 not in debug.stderr


def test_var_file_values_apply(run_cli: Run, tmp_path: Path) -> None:
    config = CLEAN_RESOURCE.replace("ttl_days    = 7", "ttl_days    = var.ttl")
    write_tree(tmp_path, {"main.tf": config + 'variable "ttl" {}\n', "prod.tfvars": 'ttl = "x"\n'})
    assert run_cli(["."], cwd=tmp_path).exit_code == 0
    result = run_cli(["--var-file", "prod.tfvars", "--no-source", "."], cwd=tmp_path)
    assert result.exit_code == 1
    assert 'got "x"' in result.stdout


def test_unusable_var_file_is_exit_two(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": CLEAN_RESOURCE, "bad.tfvars": "ttl = \n"})
    missing = run_cli(["--var-file", "none.tfvars", "."], cwd=tmp_path)
    assert missing.exit_code == 2
    assert missing.stderr.startswith("euno-lint: error: cannot use --var-file none.tfvars")
    broken = run_cli(["--var-file", "bad.tfvars", "."], cwd=tmp_path)
    assert broken.exit_code == 2
    assert "bad.tfvars:" in broken.stderr


def test_no_color_and_plain_pipes(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, {"main.tf": BROKEN})
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("NO_COLOR", raising=False)
    colored = run_cli(["main.tf"], cwd=tmp_path)
    assert "\x1b[" in colored.stdout
    monkeypatch.setenv("NO_COLOR", "1")
    plain = run_cli(["main.tf"], cwd=tmp_path)
    assert "\x1b[" not in plain.stdout


def _subprocess(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "euno_lint", *args], cwd=cwd, capture_output=True, text=True, env=env
    )


def test_version_and_module_entry_point(tmp_path: Path) -> None:
    result = _subprocess("--version", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, f"euno-lint {__version__}\n")
    write_tree(tmp_path, {"main.tf": BROKEN})
    lint = _subprocess(".", cwd=tmp_path)
    assert lint.returncode == 1
    assert "EUNO103" in lint.stdout
