"""The command line: exit codes, formats, options and error handling."""

from __future__ import annotations

import io
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
            "fix": None,
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
        "fixed": 0,
        "fixable": 0,
        "unsafe_fixable": 0,
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


# --- Everyday options: --statistics, --color, --stdin-filename, SARIF limits -----------------

# CLEAN_RESOURCE is a sensitive token variable, then a resource that uses it.
VARIABLE, RESOURCE = CLEAN_RESOURCE.split("\n\n", 1)
# Two resources with an invalid frequency (EUNO201 twice), one of them every 15 minutes (EUNO208).
TWO_BAD = (
    CLEAN_RESOURCE.replace('"daily"', '"Daily"')
    + "\n"
    + RESOURCE.replace('"main"', '"other"')
    .replace('name = "sales"', 'name = "other"')
    .replace(
        'frequency = "daily"', 'frequency       = "Custom"\n    cron_expression = "*/15 * * * *"'
    )
)


def _statistics_tree(tmp_path: Path) -> Path:
    write_tree(tmp_path, {"main.tf": TWO_BAD})
    return tmp_path


def test_statistics_in_text_after_the_findings(run_cli: Run, tmp_path: Path) -> None:
    _statistics_tree(tmp_path)
    plain = run_cli(["--no-source", "."], cwd=tmp_path)
    result = run_cli(["--no-source", "--statistics", "."], cwd=tmp_path)
    assert result.exit_code == plain.exit_code == 1
    lines = result.stdout.splitlines()
    findings = plain.stdout.splitlines()[:-1]
    assert [line.split()[2] for line in findings] == ["EUNO201", "EUNO201", "EUNO208"]
    assert lines == [
        *findings,
        "findings per rule:",
        "  2  EUNO201  invalid-frequency",
        "  1  EUNO208  schedule-too-frequent",
        "2 errors, 1 warning in 1 file; 2 fixable with --fix ([*])",
    ]
    assert result.stderr == ""


def test_statistics_count_active_findings_only(run_cli: Run, tmp_path: Path) -> None:
    suppressed = TWO_BAD.replace('"Daily"', '"Daily" # euno-lint-ignore: EUNO201', 1)
    write_tree(tmp_path, {"main.tf": suppressed})
    result = run_cli(["--no-source", "--statistics", "."], cwd=tmp_path)
    assert result.stdout.splitlines()[-4:] == [
        "findings per rule:",
        "  1  EUNO201  invalid-frequency",
        "  1  EUNO208  schedule-too-frequent",
        "1 error, 1 warning in 1 file (1 suppressed); 1 fixable with --fix ([*])",
    ]


def test_statistics_without_findings_add_nothing(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": CLEAN_RESOURCE})
    result = run_cli(["--statistics", "."], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (0, "0 errors, 0 warnings in 1 file\n")


def test_statistics_in_json_summary(run_cli: Run, tmp_path: Path) -> None:
    _statistics_tree(tmp_path)
    document = json.loads(run_cli(["--format", "json", "--statistics", "."], cwd=tmp_path).stdout)
    assert list(document["summary"])[-1] == "statistics"
    assert document["summary"]["statistics"] == [
        {"code": "EUNO201", "name": "invalid-frequency", "count": 2},
        {"code": "EUNO208", "name": "schedule-too-frequent", "count": 1},
    ]
    without = json.loads(run_cli(["--format", "json", "."], cwd=tmp_path).stdout)
    assert "statistics" not in without["summary"]  # the default document is unchanged


def test_statistics_in_github_and_on_stderr_for_sarif(run_cli: Run, tmp_path: Path) -> None:
    _statistics_tree(tmp_path)
    table = [
        "findings per rule:",
        "  2  EUNO201  invalid-frequency",
        "  1  EUNO208  schedule-too-frequent",
    ]
    github = run_cli(["--format", "github", "--statistics", "."], cwd=tmp_path)
    summary = "2 errors, 1 warning in 1 file; 2 fixable with --fix ([*])"
    assert github.stdout.splitlines()[-4:] == [*table, summary]
    sarif = run_cli(["--format", "sarif", "--statistics", "-o", "r.sarif", "."], cwd=tmp_path)
    assert sarif.exit_code == 1
    assert sarif.stderr.splitlines() == [
        *table,
        f"euno-lint: {summary}; sarif report: r.sarif",
    ]
    json.loads((tmp_path / "r.sarif").read_text())  # the report itself is untouched


@pytest.fixture
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    return monkeypatch


@pytest.mark.parametrize(
    ("args", "tty", "environment", "colored"),
    [
        ([], False, {}, False),
        ([], True, {}, True),
        (["--color", "always"], False, {}, True),
        (["--color", "never"], True, {}, False),
        ([], False, {"FORCE_COLOR": "1"}, True),
        ([], True, {"NO_COLOR": "1"}, False),
        ([], False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),  # NO_COLOR wins in auto
        (["--color", "always"], False, {"NO_COLOR": "1"}, True),  # the command line wins
        (["--color", "never"], False, {"FORCE_COLOR": "1"}, False),
        ([], True, {"TERM": "dumb"}, False),
        ([], False, {"FORCE_COLOR": ""}, False),  # empty means not set
    ],
)
def test_color_option_and_environment(
    run_cli: Run,
    tmp_path: Path,
    plain_environment: pytest.MonkeyPatch,
    args: list[str],
    tty: bool,
    environment: dict[str, str],
    colored: bool,
) -> None:
    write_tree(tmp_path, {"main.tf": BROKEN})
    plain_environment.setattr(sys.stdout, "isatty", lambda: tty)
    for name, value in environment.items():
        plain_environment.setenv(name, value)
    result = run_cli([*args, "main.tf"], cwd=tmp_path)
    assert result.exit_code == 1
    assert ("\x1b[" in result.stdout) is colored
    assert "EUNO103" in result.stdout


def test_color_of_reports_written_to_a_file(
    run_cli: Run, tmp_path: Path, plain_environment: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, {"main.tf": BROKEN})
    plain_environment.setenv("FORCE_COLOR", "1")
    run_cli(["-o", "auto.txt", "main.tf"], cwd=tmp_path)
    assert "\x1b[" not in (tmp_path / "auto.txt").read_text()  # auto: the terminal only
    run_cli(["--color", "always", "-o", "always.txt", "main.tf"], cwd=tmp_path)
    assert "\x1b[" in (tmp_path / "always.txt").read_text()
    result = run_cli(["--color", "always", "--format", "json", "main.tf"], cwd=tmp_path)
    assert "\x1b[" not in result.stdout  # only text has colours


@pytest.mark.parametrize(
    ("args", "colored"),
    [
        (["--explain", "EUNO201", "--color", "always"], True),
        (["--color", "always", "--explain", "EUNO201"], True),
        (["--explain", "EUNO201", "--color", "never"], False),
        (["--explain", "EUNO201"], False),
    ],
)
def test_color_of_explain_wherever_the_option_is(
    run_cli: Run,
    tmp_path: Path,
    plain_environment: pytest.MonkeyPatch,
    args: list[str],
    colored: bool,
) -> None:
    result = run_cli(args, cwd=tmp_path)
    assert result.exit_code == 0
    assert ("\x1b[" in result.stdout) is colored
    assert "EUNO201" in result.stdout


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str | bytes) -> None:
    data = text.encode("utf-8") if isinstance(text, str) else text
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


# The engine hook these need (LintOptions.sources, read by engine/run.py instead of the disk,
# and discover() accepting such a file that is not on disk) is another part of the work.


@pytest.mark.parametrize(
    "args", [["--stdin-filename", "infra/main.tf", "-"], ["--stdin-filename", "infra/main.tf"]]
)
def test_stdin_is_linted_as_the_named_file(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    write_tree(tmp_path, {"infra/main.tf": CLEAN_RESOURCE})  # on disk: clean
    _stdin(monkeypatch, BROKEN)  # the editor's buffer: broken
    result = run_cli(["--no-source", *args], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "infra/main.tf:15:5: error EUNO103 "
        'invalid value for "ttl_days": a number is required, got "seven" (schema: documented)',
        "1 error, 0 warnings in 1 file",
    ]
    assert result.stderr == ""


def test_stdin_reads_its_siblings_from_disk(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The buffer declares no variable: variables.tf (sensitive token) and terraform.tfvars (a
    # bad ttl) beside it on disk give the context; main.tf on disk is stale and not read.
    buffer = RESOURCE.replace("ttl_days    = 7", "ttl_days    = var.ttl")
    write_tree(
        tmp_path,
        {
            "main.tf": "this stale copy does not parse {",
            "variables.tf": VARIABLE + '\nvariable "ttl" {}\n',
            "terraform.tfvars": 'ttl = "x"\n',
        },
    )
    _stdin(monkeypatch, buffer)
    result = run_cli(["--format", "json", "--stdin-filename", "main.tf", "-"], cwd=tmp_path)
    document = json.loads(result.stdout)
    assert [(f["code"], f["path"]) for f in document["findings"]] == [("EUNO103", "main.tf")]
    assert 'got "x"' in document["findings"][0]["message"]
    assert document["summary"]["files"] == 1


def test_stdin_for_a_file_not_yet_on_disk(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, {"infra/variables.tf": VARIABLE + "\n"})
    _stdin(monkeypatch, RESOURCE.replace('"daily"', '"Daily"'))
    result = run_cli(["--no-source", "--stdin-filename", "infra/new.tf", "-"], cwd=tmp_path)
    assert result.exit_code == 1
    assert [line.split()[2] for line in result.stdout.splitlines()[:-1]] == ["EUNO201"]
    assert result.stdout.startswith("infra/new.tf:")


def test_stdin_needs_a_name_and_stands_alone(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, {"main.tf": CLEAN_RESOURCE})
    _stdin(monkeypatch, BROKEN)
    unnamed = run_cli(["-"], cwd=tmp_path)
    assert unnamed.exit_code == 2
    assert unnamed.stderr == (
        "euno-lint: error: - reads a file from stdin: name it with --stdin-filename NAME "
        "(see euno-lint --help)\n"
    )
    mixed = run_cli(["--stdin-filename", "main.tf", "-", "main.tf"], cwd=tmp_path)
    assert mixed.exit_code == 2
    assert mixed.stderr.startswith("euno-lint: error: --stdin-filename lints stdin alone")
    assert len(mixed.stderr.splitlines()) == 1
    assert run_cli(["--stdin-filename", "main.tf", "."], cwd=tmp_path).exit_code == 2


def test_stdin_named_as_a_file_that_is_not_terraform(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, BROKEN)
    result = run_cli(["--stdin-filename", "notes.md", "-"], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (0, "0 errors, 0 warnings in 0 files\n")
    assert result.stderr == (
        "euno-lint: warning: no Terraform files in notes.md: "
        "not a .tf, .tf.json, .tfvars or .tfvars.json file\n"
    )
    required = run_cli(["--require-files", "--stdin-filename", "notes.md", "-"], cwd=tmp_path)
    assert required.exit_code == 2


def test_sarif_over_github_limits_is_written_with_a_warning(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from euno_lint.reporters import sarif

    _statistics_tree(tmp_path)  # three results
    monkeypatch.setattr(sarif, "KEPT_RESULTS", 2)
    kept = run_cli(["--format", "sarif", "-o", "kept.sarif", "."], cwd=tmp_path)
    assert kept.exit_code == 1
    assert kept.stderr.splitlines()[0] == (
        "euno-lint: warning: kept.sarif: the SARIF run has 3 results; "
        "GitHub code scanning keeps only 2 of them"
    )
    monkeypatch.setattr(sarif, "MAX_RESULTS", 2)
    rejected = run_cli(["--format", "sarif", "."], cwd=tmp_path)
    assert rejected.exit_code == 1
    assert rejected.stderr == (
        "euno-lint: warning: stdout: the SARIF run has 3 results; GitHub code scanning rejects "
        "more than 2 in a run: report fewer (--select, --ignore, --exclude, --baseline)\n"
    )
    assert len(json.loads(rejected.stdout)["runs"][0]["results"]) == 3  # written anyway
    within = run_cli(["--format", "sarif", "--select", "EUNO208", "."], cwd=tmp_path)
    assert within.stderr == ""


# --- Never silently green -----------------------------------------------------------------


def test_a_directory_without_terraform_files_is_a_warning(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"empty/.keep": "", "app/main.py": "print('hi')\n", "infra/main.tf": ""})
    for path in ("empty", "app/"):
        result = run_cli([path], cwd=tmp_path)
        assert (result.exit_code, result.stdout) == (0, "0 errors, 0 warnings in 0 files\n")
        assert result.stderr == f"euno-lint: warning: no Terraform files in {path}\n"
    both = run_cli(["infra", "empty"], cwd=tmp_path)
    assert (both.exit_code, both.stdout) == (0, "0 errors, 0 warnings in 1 file\n")
    assert both.stderr == "euno-lint: warning: no Terraform files in empty\n"
    default = run_cli([], cwd=tmp_path / "app")
    assert default.stderr == "euno-lint: warning: no Terraform files in .\n"
    assert run_cli(["infra"], cwd=tmp_path).stderr == ""


def test_a_directory_whose_terraform_files_are_all_excluded_is_a_warning(
    run_cli: Run, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"legacy/main.tf": BROKEN})
    result = run_cli(["--exclude", "legacy/", "legacy"], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (0, "0 errors, 0 warnings in 0 files\n")
    assert result.stderr == "euno-lint: warning: no Terraform files in legacy\n"


def test_a_given_file_that_is_not_terraform_is_a_warning_not_a_file(
    run_cli: Run, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"main.tf": CLEAN_RESOURCE, "setup.py": "print('hi')\n"})
    alone = run_cli(["setup.py"], cwd=tmp_path)
    assert (alone.exit_code, alone.stdout) == (0, "0 errors, 0 warnings in 0 files\n")
    assert alone.stderr == (
        "euno-lint: warning: no Terraform files in setup.py: "
        "not a .tf, .tf.json, .tfvars or .tfvars.json file\n"
    )
    together = run_cli(["--format", "json", "setup.py", "main.tf"], cwd=tmp_path)
    assert json.loads(together.stdout)["summary"]["files"] == 1  # setup.py does not count
    assert together.stderr == alone.stderr
    sarif = json.loads(run_cli(["--format", "sarif", "setup.py"], cwd=tmp_path).stdout)
    assert sarif["runs"][0]["results"] == []
    assert len(sarif["runs"][0]["tool"]["driver"]["rules"]) > 1  # every enabled rule, as always


def test_terraform_file_kinds_are_not_warned_about(run_cli: Run, tmp_path: Path) -> None:
    files = {"a.tf": "", "b.tf.json": "{}", "c.tfvars": "", "d.tfvars.json": "{}"}
    write_tree(tmp_path, files)
    result = run_cli(["--require-files", *files], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "0 errors, 0 warnings in 4 files\n"


def test_require_files_makes_it_an_error(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"empty/.keep": "", "main.tf": BROKEN, "notes.txt": ""})
    result = run_cli(["--require-files", "empty"], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "euno-lint: error: no Terraform files in empty (--require-files)\n"
    file = run_cli(["--require-files", "main.tf", "notes.txt"], cwd=tmp_path)
    assert (file.exit_code, file.stdout) == (2, "")
    assert file.stderr == (
        "euno-lint: error: no Terraform files in notes.txt: not a .tf, .tf.json, .tfvars or "
        ".tfvars.json file (--require-files)\n"
    )
    assert run_cli(["--require-files", "main.tf"], cwd=tmp_path).exit_code == 1
    assert run_cli(["--require-files", "."], cwd=tmp_path).exit_code == 1
