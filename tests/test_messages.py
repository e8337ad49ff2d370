"""Messages say what is really wrong (issue 14): ephemeral token variables, unreadable
directories, empty and placeholder values; and identities that survive edits."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from euno_lint.engine import LintOptions, lint_paths
from euno_lint.findings import Finding
from euno_lint.rules.configuration import placeholder_kind
from tests.conftest import CLEAN_RESOURCE, Run, write_tree


def _lint(root: Path, *paths: str) -> list[Finding]:
    report = lint_paths(list(paths) or ["."], LintOptions(cwd=str(root), root=str(root)))
    return list(report.findings)


# --- An ephemeral token variable: not EUNO402, but the resource argument that rejects it.

EPHEMERAL = CLEAN_RESOURCE.replace("  sensitive = true\n", "  ephemeral = true\n")


def test_an_ephemeral_token_variable_is_not_said_to_reach_the_plan(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": EPHEMERAL})
    findings = _lint(tmp_path)
    assert [f.code for f in findings] == ["EUNO410"]
    (finding,) = findings
    assert (finding.line, finding.column) == (19, 5)  # api_token, where Terraform reports it
    assert "plan" not in finding.message.replace("in plans", "")
    assert finding.message.startswith(
        'api_token takes variable "hex_api_token", which is ephemeral: Terraform rejects '
        "ephemeral values in resource arguments (only write-only arguments take them"
    )
    assert finding.message.endswith(
        "declare the variable sensitive = true instead of ephemeral = true"
    )
    assert [(r.path, r.line) for r in finding.related] == [("main.tf", 1)]


def test_an_ephemeral_variable_in_the_provider_block_is_fine(tmp_path: Path) -> None:
    provider = (
        'terraform {\n  required_providers {\n    euno = {\n      source  = "euno-ai/euno"\n'
        '      version = "~> 0.1"\n    }\n  }\n}\n\n'
        'variable "euno_api_key" {\n  type      = string\n  ephemeral = true\n}\n\n'
        'provider "euno" {\n  account_id = 1\n  server_url = "https://api.euno.ai"\n'
        "  api_key    = var.euno_api_key\n}\n"
    )
    write_tree(tmp_path, {"main.tf": provider})
    assert _lint(tmp_path) == []


# --- Unreadable directories: "cannot read directory: permission denied", never "path does
# not exist" or the operating system's capitalised text. Simulated (root reads everything): the
# directory `locked` lists nothing and nothing inside it can be looked up, as with mode 000.


@pytest.fixture
def locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    write_tree(tmp_path, {"infra/ok/main.tf": CLEAN_RESOURCE, "infra/locked/main.tf": EPHEMERAL})
    directory = str(tmp_path / "infra" / "locked")
    real_scandir, real_lstat, real_stat = os.scandir, os.lstat, os.stat
    real_access, real_open = os.access, os.open

    def denied(path: object) -> PermissionError:
        return PermissionError(errno.EACCES, "Permission denied", os.fspath(str(path)))

    def below(path: object) -> bool:
        return isinstance(path, str | Path) and os.fspath(path).startswith(directory + os.sep)

    def scandir(path: object = ".") -> object:
        if isinstance(path, str | Path) and os.fspath(path) == directory:
            raise denied(path)
        return real_scandir(path)  # type: ignore[call-overload]

    def lstat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if below(path):
            raise denied(path)
        return real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if below(path):
            raise denied(path)
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if isinstance(path, str | Path) and os.fspath(path) in (directory, "infra/locked"):
            return False
        if below(path):
            return False
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    def open_(path: object, *args: object, **kwargs: object) -> int:
        if below(path):
            raise denied(path)
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "lstat", lstat)
    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "open", open_)
    yield tmp_path


def test_an_unreadable_directory_inside_a_tree(locked: Path) -> None:
    problems = [(f.path, f.code, f.message) for f in _lint(locked, "infra") if f.code == "EUNO001"]
    assert problems == [("infra/locked", "EUNO001", "cannot read directory: permission denied")]


def test_a_file_in_a_directory_that_cannot_be_searched(locked: Path) -> None:
    findings = _lint(locked, "infra/locked/main.tf")
    assert [(f.path, f.code, f.message) for f in findings] == [
        ("infra/locked/main.tf", "EUNO001", "cannot read file: permission denied")
    ]


def test_an_unreadable_directory_given_on_the_command_line(run_cli: Run, locked: Path) -> None:
    result = run_cli(["--no-source", "infra/locked"], cwd=locked)
    assert "not readable" not in result.stderr and "does not exist" not in result.stderr
    assert result.exit_code == 1, result.stderr
    assert "EUNO001 cannot read directory: permission denied" in result.stdout


# --- Values: placeholders are found in their usual shapes, and real IDs are left alone.


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("workspace_id", "00000000-0000-0000-0000-000000000000"),
        ("project_id", "TODO: fill in"),
        ("project_id", "your project id"),
        ("namespace_id", "example"),
        ("namespace_id", "your-namespace"),
        ("namespace_id", "<namespace>"),
        ("revision_id", "changeme"),
        ("project_id", "example-project-id"),
        ("workspace_name", "Insert your workspace name here"),
        ("project_id", "PROJECT_ID"),
        ("project_id", "123e4567-e89b-12d3-a456-426614174000"),
        ("project_id", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"),
        ("namespace_id", "xxxx"),
        ("namespace_id", "FIXME(alice)"),
    ],
)
def test_placeholder_shapes(argument: str, value: str) -> None:
    assert placeholder_kind(argument, value) is not None


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("project_id", "0b7c6a52-1f1e-4c7e-9d3a-3f0e8f1e2a10"),
        ("project_id", "3F9C2D1E-8B7A-4C6D-9E0F-1A2B3C4D5E6F"),
        ("namespace_id", "analytics"),
        ("namespace_id", "todo-list-analytics"),
        ("namespace_id", "yourself"),
        ("namespace_id", "examples"),
        ("namespace_id", "example-analytics"),
        ("namespace_id", "project"),
        ("workspace_name", "Acme Analytics"),
        ("workspace_name", "workspace"),
        ("revision_id", "2024-06"),
        ("revision_id", "changes-2024"),
        ("project_id", ""),  # empty: EUNO409, not a placeholder
    ],
)
def test_real_values_are_not_placeholders(argument: str, value: str) -> None:
    assert placeholder_kind(argument, value) is None


# --- Identity that survives edits: a list finding is identified by the element's value.


def _fingerprints(root: Path, code: str) -> list[str]:
    return sorted(f.fingerprint for f in _lint(root) if f.code == code)


def test_a_list_element_keeps_its_identity_when_an_element_is_added(tmp_path: Path) -> None:
    weekly = CLEAN_RESOURCE.replace(
        'frequency = "daily"', 'frequency = "weekly"\n    repeat_on = ["mon", "friday"]'
    )
    write_tree(tmp_path, {"main.tf": weekly})
    before = _fingerprints(tmp_path, "EUNO205")
    write_tree(tmp_path, {"main.tf": weekly.replace('["mon"', '["tuesday", "mon"')})
    assert len(before) == 1
    assert _fingerprints(tmp_path, "EUNO205") == before


def test_a_list_element_keeps_its_identity_when_a_comment_line_is_added(tmp_path: Path) -> None:
    weekly = CLEAN_RESOURCE.replace(
        'frequency = "daily"', 'frequency = "weekly"\n    repeat_on = ["mon", "friday"]'
    )
    write_tree(tmp_path, {"main.tf": weekly})
    before = _fingerprints(tmp_path, "EUNO205")
    write_tree(tmp_path, {"main.tf": "# a comment\n\n" + weekly})
    assert len(before) == 1 and _fingerprints(tmp_path, "EUNO205") == before


# --- Terraform agrees: it rejects exactly the resources EUNO410 reports, and accepts an
# ephemeral variable in the provider block.

EPHEMERAL_CASES = ("EUNO410/ephemeral.tf", "EUNO410/code_schema", "EUNO410/module")


@pytest.mark.slow
@pytest.mark.parametrize("name", EPHEMERAL_CASES)
def test_terraform_rejects_what_euno410_reports(name: str, tmp_path: Path) -> None:
    import shutil

    from tests.oracle import harness

    if harness.TERRAFORM is None or not harness.stand_in_available():
        pytest.skip("terraform or the stand-in provider is not available")
    case = Path(__file__).parent / "fixtures" / name
    workdir = tmp_path / "module"
    if case.is_dir():
        shutil.copytree(case, workdir)
    else:
        workdir.mkdir()
        shutil.copy(case, workdir / "main.tf")
    report = lint_paths([str(workdir)], LintOptions(cwd=str(workdir)))
    ours = {f.resource for f in report.findings if f.code == "EUNO410"}
    profiles = Path(__file__).parent.parent / "euno_lint" / "terraform" / "profiles"
    diagnostics = harness.validate(workdir, profiles / f"{report.schemas[0]}.json")
    theirs = {
        d.get("address") for d in diagnostics if d["summary"] == "Invalid use of ephemeral value"
    }
    assert ours and ours == theirs
    assert all(d["summary"] == "Invalid use of ephemeral value" for d in diagnostics)
