"""Secret hygiene: no output format, log or error path may contain a token euno-lint found."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run, write_tree

LITERAL = "hxtw_PlantedLiteralToken00000000001"
LOCAL = "plain-token-through-a-local-Q7x9k2"
DEFAULT = "hxtw_PlantedDefaultToken0000000003"
TFVARS = "tfvars-token-value-Z3k8m1"
TFVARS_JSON = "json-tfvars-token-R5t7u9"
COMMENT = "hxtp_PlantedCommentToken0000000006"
BROKEN_HEX = "hxtw_PlantedInBrokenFile0000000007"
BROKEN_PLAIN = "broken-file-plain-secret-W2v4y6"
PLANTED = (LITERAL, LOCAL, DEFAULT, TFVARS, TFVARS_JSON, COMMENT, BROKEN_HEX, BROKEN_PLAIN)

RESOURCE = """
resource "euno_hex_integration" "{label}" {{
  name = "{label}"

  schedule {{
    frequency = "Daily"
  }}

  invalidation_strategy {{
    revision_id = "2024-06"
    ttl_days    = 7
  }}

  configuration {{
    api_token    = {token}
    project_id   = "0b7c6a52-1f1e-4c7e-9d3a-3f0e8f1e2a10"
    namespace_id = "analytics"
  }}
}}
"""


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    write_tree(
        tmp_path,
        {
            "infra/main.tf": (
                RESOURCE.format(label="literal", token=f'"{LITERAL}"')
                + RESOURCE.format(label="local", token="local.token")
                + RESOURCE.format(label="variable", token="var.hex_api_token")
                + RESOURCE.format(label="json", token="var.json_token")
                + f'\nlocals {{\n  token = "{LOCAL}"\n}}\n'
                + f"\n# rotated last week: {COMMENT}\n"
            ),
            "infra/variables.tf": (
                f'variable "hex_api_token" {{\n  default = "{DEFAULT}"\n}}\n'
                'variable "json_token" {}\n'
            ),
            "infra/terraform.tfvars": f'hex_api_token = "{TFVARS}"\n',
            "infra/secrets.auto.tfvars.json": json.dumps({"json_token": TFVARS_JSON}),
            "infra/broken.tf": (
                'resource "euno_hex_integration" "broken" {\n'
                f'  api_token = "{BROKEN_HEX}"\n'
                f'  other     = "{BROKEN_PLAIN}\n'
            ),
        },
    )
    return tmp_path


def _assert_clean(text: str, where: str) -> None:
    leaked = [token for token in PLANTED if token in text]
    assert not leaked, f"{where} leaks {leaked}"


OUTPUTS = [
    ["infra"],
    ["--no-source", "infra"],
    ["--format", "json", "infra"],
    ["--format", "sarif", "infra"],
    ["--format", "github", "infra"],
    ["--format", "junit", "infra"],
    ["--explain", "EUNO401"],
    ["--show-settings"],
    ["--format", "json", "infra/broken.tf"],
]


@pytest.mark.parametrize("args", OUTPUTS, ids=lambda a: " ".join(a))
def test_no_output_contains_a_planted_token(run_cli: Run, planted: Path, args: list[str]) -> None:
    result = run_cli(args, cwd=planted)
    assert result.exit_code in (0, 1), result.stderr
    _assert_clean(result.stdout + result.stderr, " ".join(args))


def test_the_findings_are_there_but_redacted(run_cli: Run, planted: Path) -> None:
    document = json.loads(run_cli(["--format", "json", "infra"], cwd=planted).stdout)
    codes = {f["code"] for f in document["findings"]}
    assert {"EUNO001", "EUNO401", "EUNO402", "EUNO404", "EUNO405", "EUNO407"} <= codes
    messages = " ".join(f["message"] for f in document["findings"])
    assert '"hxtw_…"' in messages and '"…"' in messages
    text = run_cli(["infra"], cwd=planted).stdout
    assert 'api_token    = "hxtw_…"' in text  # the source excerpt under EUNO401


def test_baseline_file_contains_no_token(run_cli: Run, planted: Path) -> None:
    run_cli(["--write-baseline", "baseline.json", "infra"], cwd=planted)
    _assert_clean((planted / "baseline.json").read_text(), "the baseline file")


def test_debug_error_path_withholds_exception_messages(
    run_cli: Run, planted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import euno_lint.rules.secrets as secrets

    def explode(self: object, resource: object) -> None:
        raise ValueError(f"could not handle {LOCAL} and {LITERAL}")

    monkeypatch.setattr(secrets.HardcodedApiToken, "check", explode)
    result = run_cli(["--debug", "infra"], cwd=planted)
    assert result.exit_code == 2
    assert "Traceback" in result.stderr and "explode" in result.stderr
    _assert_clean(result.stdout + result.stderr, "--debug traceback")


def test_usage_errors_in_debug_mode(planted: Path) -> None:
    for args in (
        ["--debug", "--format", "yaml", "infra"],
        ["--debug", "--var-file", "infra/broken.tf", "infra"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "euno_lint", *args], cwd=planted, capture_output=True, text=True
        )
        assert result.returncode == 2
        _assert_clean(result.stdout + result.stderr, " ".join(args))


NAME_BODY = "Q" * 8 + "NamedLikeATokenBody" + "0" * 13  # 40 letters and digits
TOKEN_NAME = f"hxtw_{NAME_BODY}"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_run_wide_findings_are_redacted_too(run_cli: Run, tmp_path: Path, fmt: str) -> None:
    # EUNO501 is built after the modules are linted, from two resources named like a token.
    resource = RESOURCE.replace('name = "{label}"', f'name = "{TOKEN_NAME}"')
    write_tree(
        tmp_path,
        {
            "a/main.tf": resource.format(label="first", token="var.t") + 'variable "t" {\n}\n',
            "a/second.tf": resource.format(label="second", token="var.t"),
        },
    )
    result = run_cli(["--format", fmt, "."], cwd=tmp_path)
    assert result.exit_code == 1, result.stderr
    assert "EUNO501" in result.stdout
    assert len(NAME_BODY) == 40 and NAME_BODY not in result.stdout + result.stderr
    run_cli(["--write-baseline", "baseline.json", "."], cwd=tmp_path)
    assert NAME_BODY not in (tmp_path / "baseline.json").read_text()


# Identity that survives edits: EUNO407's fingerprint is a digest of the token, not its line.
LEAKED = "hxtw_LeakedIdentityToken000000000009"
LEAKED_AGAIN = "hxtp_AnotherLeakedToken0000000000010"


def _token_findings(root: Path) -> list[tuple[str, str, int]]:
    from euno_lint.engine import LintOptions, lint_paths

    report = lint_paths(["."], LintOptions(cwd=str(root), root=str(root)))
    return sorted(
        (f.fingerprint, f.subject, f.line) for f in report.findings if f.code == "EUNO407"
    )


def test_a_leaked_token_keeps_its_identity_when_lines_are_added(tmp_path: Path) -> None:
    text = f'# old token: {LEAKED}\nlocals {{\n  rotated = ["{LEAKED_AGAIN}"]\n}}\n'
    write_tree(tmp_path, {"main.tf": "# euno_ resources live elsewhere\n" + text})
    before = _token_findings(tmp_path)
    write_tree(
        tmp_path,
        {
            "main.tf": "# euno_ resources live elsewhere\n# a comment line\n\n"
            + text.replace("rotated = [", 'rotated = [\n    "first",\n')
        },
    )
    after = _token_findings(tmp_path)
    assert len(before) == 2
    assert [line for _, _, line in after] != [line for _, _, line in before]
    assert [(fp, subject) for fp, subject, _ in after] == [(fp, s) for fp, s, _ in before]


def test_a_token_identity_is_a_digest_never_the_token(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.tf": f"# {LEAKED}\n# again: {LEAKED}\n# {LEAKED_AGAIN}\n"})
    found = _token_findings(tmp_path)
    subjects = [subject for _, subject, _ in found]
    assert len(set(subjects)) == 3, "the same token twice is two findings, told apart"
    assert all(s.startswith("token:") for s in subjects)
    for subject in subjects:
        assert "hxt" not in subject and "Leaked" not in subject and "Another" not in subject
    assert len({fp for fp, _, _ in found}) == 3


def test_a_baseline_of_a_leaked_token_survives_a_comment_line(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": f"locals {{\n  # {LEAKED}\n}}\n"})
    run_cli(["--write-baseline", "baseline.json", "."], cwd=tmp_path)
    assert LEAKED[5:] not in (tmp_path / "baseline.json").read_text()
    write_tree(tmp_path, {"main.tf": f"# moved\n\nlocals {{\n  # {LEAKED}\n}}\n"})
    result = run_cli(["--baseline", "baseline.json", "."], cwd=tmp_path)
    assert result.exit_code == 0, result.stdout
    assert "EUNO407" not in result.stdout and "no longer match" not in result.stdout
