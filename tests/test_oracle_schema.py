"""Terraform judges the schema rules: for every schema fixture, `terraform validate` (run offline
against a stand-in provider that serves the same profile's schema JSON) and euno-lint's
EUNO101-EUNO106 findings agree both ways, on the same lines.

The stand-in also makes the checks terraform-plugin-framework, the real provider's SDK, adds to
Terraform core's: a read-only attribute set, a required attribute null or in an absent block.
What neither can see is listed in `OVERLAY`: facts from the profile's overlay that only the
provider's code enforces, or values that come from tfvars (which `validate` does not read). One
difference is by design: a block written as an argument (or the reverse) is one EUNO102, where
Terraform adds that the block (or argument) is then missing.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from euno_lint.config import Settings
from euno_lint.engine import LintOptions, lint_paths
from euno_lint.findings import Finding
from tests.oracle import harness

FIXTURES = Path(__file__).parent / "fixtures"
PROFILES = Path(__file__).parent.parent / "euno_lint" / "terraform" / "profiles"
SCHEMA_CODES = frozenset({"EUNO101", "EUNO102", "EUNO103", "EUNO104", "EUNO105", "EUNO106"})
SCHEMA_FIXTURE_DIRS = (
    "EUNO101",
    "EUNO102",
    "EUNO103",
    "EUNO104",
    "EUNO105",
    "EUNO106",
    "EUNO209",
    "EUNO210",
    "EUNO211",
    "profiles",
)
# Terraform's summaries, and the codes that report the same problem.
SUMMARIES: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (re.compile(r"Unsupported (argument|block type)"), frozenset({"EUNO102", "EUNO106"})),
    (re.compile(r"Invalid resource type"), frozenset({"EUNO102"})),
    (
        re.compile(r"Missing required argument|Missing Configuration for Required Attribute"),
        frozenset({"EUNO101", "EUNO301"}),  # EUNO301 reports a documented revision_id
    ),
    (re.compile(r"Insufficient \w+ blocks|Missing \w+ block"), frozenset({"EUNO101"})),
    (re.compile(r"Incorrect attribute value type|Inappropriate value"), frozenset({"EUNO103"})),
    (
        re.compile(r"Duplicate \w+ block|Too many \w+ blocks|Attribute redefined"),
        frozenset({"EUNO104"}),
    ),
    (re.compile(r"Invalid Configuration for Read-Only Attribute"), frozenset({"EUNO105"})),
)
# (fixture, line, code): findings Terraform cannot confirm, and why.
OVERLAY = {
    # euno-0.1's overlay: integer-only numbers (Int64Attribute); Terraform's number takes 2.5.
    ("EUNO103/code_schema", 26, "EUNO103"),
    ("EUNO211/repeat_periods.tf", 78, "EUNO103"),
    # The value comes from terraform.tfvars, which validate does not read (plan does).
    ("EUNO103/value_from_tfvars", 23, "EUNO103"),
}

# Fixtures Terraform cannot validate on their own, and why.
NOT_ALONE = {
    # Its meta-arguments refer to a provider alias and a resource that are not in the fixture.
    "EUNO102/meta_arguments_allowed.tf",
}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(harness.TERRAFORM is None, reason="terraform is not on PATH"),
    pytest.mark.skipif(
        not harness.stand_in_available(), reason="the tf package (test extra) is not installed"
    ),
]


def _cases() -> list[Path]:
    cases = []
    for name in SCHEMA_FIXTURE_DIRS:
        for case in sorted((FIXTURES / name).iterdir()):
            if (case.is_dir() or case.suffix == ".tf") and f"{name}/{case.name}" not in NOT_ALONE:
                cases.append(case)
    return cases


def _copy(case: Path, target: Path) -> Path:
    if case.is_dir():
        shutil.copytree(case, target)
    else:
        target.mkdir()
        shutil.copy(case, target / "main.tf")
    return target


_NAMED = re.compile(r'"(\w+)"')
_WRONG_FORM = re.compile(r'"(\w+)" is (a block, not an argument|an argument, not a block)')
_MEANT = re.compile(r'did you mean "(\w+)"\?')


def _terraform_problems(
    diagnostics: Iterable[harness.Diagnostic],
) -> list[tuple[int, frozenset[str], str, str]]:
    """(line, codes that report it, summary, the name it is about) of each schema diagnostic."""
    found = []
    for diagnostic in diagnostics:
        if diagnostic.get("severity") != "error":
            continue
        summary = str(diagnostic.get("summary", ""))
        codes = next((codes for pattern, codes in SUMMARIES if pattern.match(summary)), None)
        if codes is None:
            continue  # not a schema problem (an undeclared variable, say)
        line = int(((diagnostic.get("range") or {}).get("start") or {}).get("line", 0))
        named = _NAMED.search(str(diagnostic.get("detail", "")))
        found.append((line, codes, summary, named.group(1) if named else ""))
    return found


@pytest.mark.parametrize("case", _cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_terraform_agrees_with_the_schema_rules(case: Path, tmp_path: Path) -> None:
    workdir = _copy(case, tmp_path / "module")
    report = lint_paths(
        [str(workdir)], LintOptions(Settings(respect_gitignore=False), cwd=str(workdir))
    )
    assert len(report.schemas) == 1, f"one profile per schema fixture, got {report.schemas}"
    schema = PROFILES / f"{report.schemas[0]}.json"
    name = f"{case.parent.name}/{case.name}"
    ours: list[Finding] = [f for f in report.findings if f.code in SCHEMA_CODES | {"EUNO301"}]
    theirs = _terraform_problems(harness.validate(workdir, schema))

    wrong_form = {
        m.group(1) for f in ours if f.code == "EUNO102" and (m := _WRONG_FORM.match(f.message))
    }
    # A misspelt required argument is one EUNO102 that suggests it, not also a missing one.
    wrong_form |= {
        m.group(1) for f in ours if f.code == "EUNO102" and (m := _MEANT.search(f.message))
    }
    problems = []
    for line, codes, summary, subject in theirs:
        if summary.startswith(("Missing", "Insufficient")) and subject in wrong_form:
            continue  # one problem, one finding: the EUNO102 that says how to write it
        if not any(f.line == line and f.code in codes for f in ours):
            problems.append(f"Terraform reports {summary!r} on line {line}; euno-lint does not")
    for finding in ours:
        if finding.code not in SCHEMA_CODES or (name, finding.line, finding.code) in OVERLAY:
            continue
        if not any(line == finding.line and finding.code in codes for line, codes, _, _ in theirs):
            problems.append(f"euno-lint reports {finding}; Terraform does not")
    assert not problems, "\n".join(problems)


def test_the_overlay_exceptions_are_still_needed(tmp_path: Path) -> None:
    for name, line, code in sorted(OVERLAY):
        workdir = _copy(FIXTURES / name, tmp_path / name.replace("/", "_"))
        report = lint_paths(
            [str(workdir)], LintOptions(Settings(respect_gitignore=False), cwd=str(workdir))
        )
        assert any(f.line == line and f.code == code for f in report.findings), (name, line)


BROKEN_EVERY_TYPE = {
    "euno_hex_integration": ("workspace_id", "workspace"),
    "euno_fivetran_integration": ("api_secret", "api_secrets"),
    "euno_snowflake_integration": ("host", "hostname"),
    "euno_dbt_core_integration": ("build_target", "build"),
}


def test_a_schema_file_terraform_printed_is_the_truth_for_every_type(tmp_path: Path) -> None:
    every_type = FIXTURES / "profiles" / "code_schema_every_type"
    printed = harness.providers_schema(every_type, PROFILES / "euno-0.1.json")
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(printed))
    options = LintOptions(Settings(provider_schema=str(schema_file)), cwd=str(tmp_path))
    clean = lint_paths([str(every_type)], options)
    assert (clean.findings, clean.schemas) == ((), ("file:schema.json",))

    broken = (every_type / "main.tf").read_text()
    for argument, misspelt in BROKEN_EVERY_TYPE.values():
        broken = re.sub(rf"\b{argument}(\s*)=", rf"{misspelt}\1=", broken, count=1)
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "main.tf").write_text(broken)
    report = lint_paths([str(tmp_path / "broken")], options)
    unknown = sorted(
        (str(f.resource).split(".")[0], f.code) for f in report.findings if f.code == "EUNO102"
    )
    assert unknown == sorted((kind, "EUNO102") for kind in BROKEN_EVERY_TYPE)
    assert all(f.schema == "file:schema.json" for f in report.findings if f.resource)
