"""Where users meet euno-lint: the pre-commit hook, the GitHub Action and its example workflow."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from tests.conftest import CLEAN_RESOURCE, write_tree

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _load(name: str) -> Any:
    return yaml.safe_load((REPO / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("vendor.github-actions", "action.yml"),
        ("vendor.github-workflows", "examples/github-workflow.yml"),
    ],
)
def test_github_files_match_their_schemas(schema: str, path: str) -> None:
    checker = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
    assert checker is not None, "check-jsonschema comes with the test extra"
    result = subprocess.run(
        [checker, "--builtin-schema", schema, str(REPO / path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_action_never_interpolates_expressions_into_scripts() -> None:
    for step in _load("action.yml")["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), f"step {step.get('name')!r} interpolates into run"


def test_workflow_uploads_sarif_with_the_right_permission() -> None:
    job = _load("examples/github-workflow.yml")["jobs"]["euno-lint"]
    assert job["permissions"]["security-events"] == "write"
    uses = [step.get("uses", "") for step in job["steps"]]
    assert uses[0].startswith("actions/checkout@")
    assert uses[-1].startswith("github/codeql-action/upload-sarif@")
    upload = job["steps"][-1]
    assert "exit-code == '0'" in upload["if"] and "exit-code == '1'" in upload["if"]
    assert job["permissions"]["actions"] == "read"  # private repositories need it


class _ActionRun(NamedTuple):
    status: int
    outputs: dict[str, str]
    log: str


def _run_action_script(tmp_path: Path, env: dict[str, str]) -> _ActionRun:
    step = next(s for s in _load("action.yml")["runs"]["steps"] if s.get("id") == "lint")
    output = tmp_path / "github-output"
    output.write_text("")
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    environment = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(output),
        "RUNNER_TEMP": str(runner_temp),
        "EUNO_FORMAT": "sarif",
        "EUNO_OUTPUT": "",
        "EUNO_ARGS": "",
        "EUNO_FAIL": "false",
        "NO_COLOR": "1",
        **env,
    }
    # GitHub runs composite bash steps as `bash --noprofile --norc -eo pipefail {0}`.
    script = tmp_path / "step.sh"
    script.write_text(step["run"])
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=tmp_path / "checkout", env=environment, capture_output=True, text=True,
    )  # fmt: skip
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return _ActionRun(result.returncode, outputs, result.stdout + result.stderr)


def test_action_script_writes_sarif_and_reports_the_exit_code(tmp_path: Path) -> None:
    broken = CLEAN_RESOURCE.replace('"daily"', '"Daily"')
    checkout = tmp_path / "checkout"
    write_tree(checkout, {"infra/main.tf": broken, "infra/other dir/x.tf": CLEAN_RESOURCE})
    report = str(tmp_path / "runner-temp" / "euno-lint.sarif")
    run = _run_action_script(tmp_path, {"EUNO_PATHS": "infra"})
    assert (run.status, run.outputs) == (0, {"exit-code": "1", "report": report})
    assert '"ruleId": "EUNO201"' in Path(report).read_text()
    assert "1 error, 0 warnings in 2 files" in run.log  # the log says what the report holds
    failing = _run_action_script(tmp_path, {"EUNO_PATHS": "infra", "EUNO_FAIL": "true"})
    assert (failing.status, failing.outputs) == (1, {"exit-code": "1", "report": report})
    # Could not run: no report is offered for upload, not even the previous run's.
    broken_usage = _run_action_script(tmp_path, {"EUNO_PATHS": "does-not-exist"})
    assert (broken_usage.status, broken_usage.outputs) == (2, {"exit-code": "2"})
    assert not Path(report).exists()


def test_action_inputs_one_per_line(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    write_tree(
        checkout,
        {
            "a/main.tf": CLEAN_RESOURCE.replace('"daily"', '"Daily"'),
            "b dir/main.tf": CLEAN_RESOURCE.replace('"sales"', '"s2"').replace("daily", "Hourly"),
        },
    )
    run = _run_action_script(
        tmp_path,
        {"EUNO_PATHS": "a\nb dir\n", "EUNO_ARGS": "--fail-on\nerror\n", "EUNO_FORMAT": "json"},
    )
    assert run.outputs["exit-code"] == "1", run.log
    document = json.loads(Path(run.outputs["report"]).read_text())
    assert sorted(f["path"] for f in document["findings"]) == ["a/main.tf", "b dir/main.tf"]


def test_action_github_format_annotates_the_log(tmp_path: Path) -> None:
    write_tree(tmp_path / "checkout", {"main.tf": CLEAN_RESOURCE.replace('"daily"', '"Daily"')})
    run = _run_action_script(tmp_path, {"EUNO_PATHS": ".", "EUNO_FORMAT": "github"})
    assert run.outputs == {"exit-code": "1"}
    assert "::error file=main.tf,line=" in run.log


def test_action_removes_a_planted_report_before_writing(tmp_path: Path) -> None:
    write_tree(tmp_path / "checkout", {"main.tf": CLEAN_RESOURCE})
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    planted = tmp_path / "checkout" / "report.sarif"
    planted.symlink_to(victim)
    run = _run_action_script(tmp_path, {"EUNO_PATHS": ".", "EUNO_OUTPUT": "report.sarif"})
    assert run.outputs == {"exit-code": "0", "report": "report.sarif"}, run.log
    assert victim.read_text() == "precious\n" and not planted.is_symlink()


def test_action_inputs_are_not_executed(tmp_path: Path) -> None:
    write_tree(tmp_path / "checkout", {"main.tf": CLEAN_RESOURCE})
    hostile = {
        "EUNO_PATHS": ". $(touch pwned-paths)",
        "EUNO_ARGS": "--no-source `touch pwned-args`",
    }
    _run_action_script(tmp_path, hostile)
    assert not list(tmp_path.glob("**/pwned*"))


def test_pre_commit_hook_definition() -> None:
    (hook,) = _load(".pre-commit-hooks.yaml")
    assert (hook["id"], hook["language"], hook["entry"]) == ("euno-lint", "python", "euno-lint")
    assert hook["require_serial"] is True
    pattern = re.compile(hook["files"])
    matched = [
        "main.tf",
        "a/b.tfvars",
        "x.auto.tfvars.json",
        "terraform.tfvars.json",
        "main.tf.json",
    ]
    for name in matched:
        assert pattern.search(name), name
    for name in ["README.md", "main.tf.bak", "package.json", "main.json"]:
        assert not pattern.search(name), name


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("EUNO_LINT_WHEELHOUSE"),
    reason="needs EUNO_LINT_WHEELHOUSE (a directory of wheels, prepared by .ci/run) so that "
    "pre-commit can build the hook's environment without the network",
)
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    wheelhouse = os.environ["EUNO_LINT_WHEELHOUSE"]
    environment = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": wheelhouse,
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "NO_COLOR": "1",
    }
    project = tmp_path / "infra-repo"
    write_tree(project, {"main.tf": CLEAN_RESOURCE.replace('"daily"', '"Daily"')})
    _git(project, "init", "-q")
    _git(project, "add", ".")
    pre_commit = shutil.which("pre-commit", path=str(BIN)) or "pre-commit"
    command = [pre_commit, "try-repo", str(REPO), "euno-lint", "--all-files"]

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, cwd=project, env=environment, capture_output=True, text=True, timeout=900
        )

    failing = try_repo()
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "EUNO201" in failing.stdout
    write_tree(project, {"main.tf": CLEAN_RESOURCE})
    _git(project, "add", ".")
    passing = try_repo()
    assert passing.returncode == 0, passing.stdout + passing.stderr
