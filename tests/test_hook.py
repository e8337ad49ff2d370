"""The pre-commit hook agrees with CI: given files mean "what this change touches".

Each scenario is a real `git commit` through pre-commit, with a local hook that runs this
euno-lint the way `.pre-commit-hooks.yaml` declares it (its file pattern, arguments and serial
run; `language: system` so that no environment is built): the commit is refused exactly when
`euno-lint .` on the same tree fails. Then the property behind it, on every fixture: for any
files of a module, the given-files run reports what the full run reports in those files or
because of them.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from euno_lint.engine import LintOptions, lint_paths
from euno_lint.findings import Finding
from tests.conftest import CLEAN_RESOURCE, write_tree

REPO = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
EUNO_LINT = Path(sys.executable).parent / "euno-lint"

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (Path(sys.executable).parent / "pre-commit").exists(),
    reason="needs git and pre-commit (the dev extra)",
)


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PRE_COMMIT_HOME": str(cwd.parent / "pre-commit-home"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        ["git", *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=300
    )


def _repository(root: Path, files: dict[str, str]) -> Path:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    local = {
        "id": hook["id"],
        "name": hook["name"],
        "entry": str(EUNO_LINT),
        "language": "system",
        "files": hook["files"],
        "args": hook["args"],
        "require_serial": hook["require_serial"],
    }
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    write_tree(root, {**files, ".pre-commit-config.yaml": yaml.safe_dump(config)})
    assert _git(root, "init", "-q").returncode == 0
    assert _git(root, "add", ".").returncode == 0
    assert _git(root, "commit", "-q", "--no-verify", "-m", "start").returncode == 0
    installed = subprocess.run(
        [str(Path(sys.executable).parent / "pre-commit"), "install"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr
    return root


def _full_run_fails(root: Path) -> bool:
    result = subprocess.run(
        [str(EUNO_LINT), "."], cwd=root, capture_output=True, text=True, timeout=300
    )
    assert result.returncode in (0, 1), result.stderr
    return result.returncode == 1


def _commit(root: Path, changes: dict[str, str]) -> subprocess.CompletedProcess[str]:
    write_tree(root, changes)
    for name in changes:
        assert _git(root, "add", name).returncode == 0
    return _git(root, "commit", "-q", "-m", "change")


MODULE = (
    CLEAN_RESOURCE.replace('name = "sales"', "name = var.name").replace(
        'frequency = "daily"', 'frequency = "daily"'
    )
    + 'variable "name" {\n  type = string\n}\n'
)


def test_a_suppressed_duplicate_in_a_called_module_commits(tmp_path: Path) -> None:
    """Two module calls of one root share a name; b's copy carries the suppression. Changing
    b's file must not report the suppression as unused: the hook lints the root that calls b."""
    suppressed = MODULE.replace(
        "name = var.name", "name = var.name # euno-lint-ignore: EUNO501 -- separate EU team"
    )
    root = _repository(
        tmp_path / "repo",
        {
            "infra/main.tf": 'module "a" {\n  source = "./a"\n  name   = "shared"\n}\n'
            'module "b" {\n  source = "./b"\n  name   = "shared"\n}\n',
            "infra/a/main.tf": MODULE,
            "infra/b/main.tf": suppressed,
        },
    )
    assert not _full_run_fails(root)
    committed = _commit(root, {"infra/b/main.tf": suppressed + "# reviewed\n"})
    assert committed.returncode == 0, committed.stdout + committed.stderr


def test_a_change_that_makes_a_sibling_wrong_is_refused(tmp_path: Path) -> None:
    """main.tf switches api_token to a variable declared without sensitive in variables.tf,
    with a token in terraform.tfvars: the findings sit in the siblings, the change causes them."""
    root = _repository(
        tmp_path / "repo",
        {
            "main.tf": CLEAN_RESOURCE,
            "variables.tf": 'variable "legacy_token" {\n  type = string\n}\n',
            "terraform.tfvars": 'legacy_token = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"\n',
        },
    )
    assert not _full_run_fails(root)
    changed = CLEAN_RESOURCE.replace("var.hex_api_token", "var.legacy_token")
    committed = _commit(root, {"main.tf": changed})
    assert committed.returncode != 0
    output = committed.stdout + committed.stderr
    assert "EUNO402" in output and "EUNO405" in output
    assert _full_run_fails(root)


def test_a_new_file_that_duplicates_a_name_is_refused(tmp_path: Path) -> None:
    """00-new.tf sorts before one.tf: the pair is reported on the new (given) side."""
    other = CLEAN_RESOURCE.replace('"main"', '"copy"').split('resource "euno_hex_integration"')
    root = _repository(tmp_path / "repo", {"one.tf": CLEAN_RESOURCE})
    committed = _commit(root, {"00-new.tf": 'resource "euno_hex_integration"' + other[1]})
    assert committed.returncode != 0
    output = committed.stdout + committed.stderr
    assert "00-new.tf:2:3: error EUNO501" in output, output
    assert _full_run_fails(root)


ONE_ACCOUNT = '[rules.EUNO501]\nscope = "run"\n'


def test_a_suppressed_duplicate_in_another_root_module_commits(tmp_path: Path) -> None:
    """With one account for the whole repository (scope = "run"), infra/a and infra/b share a
    name and b's copy carries the suppression: changing b alone must not call it unused."""
    suppressed = CLEAN_RESOURCE.replace(
        'name = "sales"', 'name = "sales" # euno-lint-ignore: EUNO501 -- separate EU account'
    )
    root = _repository(
        tmp_path / "repo",
        {
            ".euno-lint.toml": ONE_ACCOUNT,
            "infra/a/main.tf": CLEAN_RESOURCE,
            "infra/b/main.tf": suppressed,
        },
    )
    assert not _full_run_fails(root)
    committed = _commit(root, {"infra/b/main.tf": suppressed + "# reviewed\n"})
    assert committed.returncode == 0, committed.stdout + committed.stderr


def test_a_duplicate_in_another_directory_is_refused(tmp_path: Path) -> None:
    """The hook compares the new file's names with every root module of the repository."""
    root = _repository(
        tmp_path / "repo",
        {".euno-lint.toml": ONE_ACCOUNT, "infra/a/main.tf": CLEAN_RESOURCE},
    )
    committed = _commit(root, {"infra/c/main.tf": CLEAN_RESOURCE})
    assert committed.returncode != 0
    output = committed.stdout + committed.stderr
    assert "infra/c/main.tf:7:3: error EUNO501" in output, output
    assert _full_run_fails(root)


def test_each_root_module_with_the_same_address_is_reported(tmp_path: Path) -> None:
    """Three root modules hold euno_hex_integration.main named alike: two findings, not one
    (an address names a resource within its root module)."""
    write_tree(
        tmp_path,
        {
            ".euno-lint.toml": ONE_ACCOUNT,
            **{f"infra/{d}/main.tf": CLEAN_RESOURCE for d in "abc"},
        },
    )
    result = subprocess.run(
        [str(EUNO_LINT), "--format", "json", "."], cwd=tmp_path, capture_output=True, text=True
    )
    findings = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["code"]) for f in findings] == [
        ("infra/b/main.tf", "EUNO501"),
        ("infra/c/main.tf", "EUNO501"),
    ]


# ----------------------------------------------------------------------- the property


def _cases() -> list[Path]:
    return [
        case
        for rule in sorted(p for p in FIXTURES.iterdir() if p.is_dir())
        for case in sorted(rule.iterdir())
        if case.is_dir() and 2 <= len(_files(case)) <= 6
    ]


def _files(case: Path) -> list[Path]:
    suffixes = (".tf", ".tf.json", ".tfvars", ".tfvars.json")
    return sorted(p for p in case.rglob("*") if p.is_file() and p.name.endswith(suffixes))


def _key(finding: Finding) -> tuple[str, int, int, str, str]:
    return (finding.path, finding.line, finding.column, finding.code, finding.message)


@pytest.mark.slow
@pytest.mark.parametrize("case", _cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_given_files_report_what_the_full_run_reports_about_them(case: Path) -> None:
    full = lint_paths([str(case)], LintOptions(cwd=str(case))).findings
    files = _files(case)
    for count in (1, 2):
        for chosen in itertools.combinations(files, count):
            names = {str(p.relative_to(case)) for p in chosen}
            given = lint_paths(sorted(names), LintOptions(cwd=str(case))).findings
            expected = {
                _key(f)
                for f in full
                if f.code != "EUNO501"
                and (f.path in names or any(place.path in names for place in f.related))
            }
            ours = {_key(f) for f in given if f.code != "EUNO501"}
            assert ours == expected, (sorted(names), sorted(ours ^ expected))
            # A duplicate pair is reported once when it involves a given file, on a given side
            # when one is (the full run reports it on the later side).
            involved = [
                f
                for f in full
                if f.code == "EUNO501"
                and (f.path in names or any(place.path in names for place in f.related))
            ]
            reported = [f for f in given if f.code == "EUNO501"]
            assert len(reported) == len(involved), (sorted(names), reported, involved)
            assert all(
                f.path in names or any(place.path in names for place in f.related) for f in reported
            )
