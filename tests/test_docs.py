"""The rule reference: complete metadata, executed examples, and pages that match the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from euno_lint.docs import REGENERATE, lint_example, rendered_pages
from euno_lint.rules import ALL_RULES, find_rule
from euno_lint.rules.base import Rule
from tests.conftest import Run

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_metadata_is_complete(rule: type[Rule]) -> None:
    assert rule.code.startswith("EUNO") and len(rule.code) == 7
    assert rule.name == rule.name.lower() and " " not in rule.name
    assert rule.summary[:1].isupper() and not rule.summary.endswith(".")
    assert len(rule.why.split()) >= 20, "explain why the problem matters"
    assert rule.example and rule.fix
    assert find_rule(rule.code) is rule and find_rule(rule.name) is rule


def test_codes_and_names_are_unique() -> None:
    assert len({r.code for r in ALL_RULES}) == len(ALL_RULES)
    assert len({r.name for r in ALL_RULES}) == len(ALL_RULES)
    assert [r.code for r in ALL_RULES] == sorted(r.code for r in ALL_RULES)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_example_triggers_the_rule_and_fix_is_clean(rule: type[Rule]) -> None:
    reported = lint_example(rule.example)
    assert any(f" {rule.code} " in line for line in reported), reported
    assert lint_example(rule.fix) == []


def test_checked_in_pages_match_the_rules() -> None:
    expected = rendered_pages()
    actual = {p.name: p.read_text(encoding="utf-8") for p in RULES_DIR.glob("*.md")}
    stale = sorted(n for n in expected.keys() | actual.keys() if expected.get(n) != actual.get(n))
    assert not stale, f"rules/ is out of date ({', '.join(stale)}): run `{REGENERATE}`"


def test_readme_generated_parts_are_current() -> None:
    from euno_lint.docs import readme_sections, update_readme

    readme = (RULES_DIR.parent / "README.md").read_text(encoding="utf-8")
    expected = update_readme(readme, readme_sections(RULES_DIR.parent))
    assert readme == expected, f"README.md is out of date: run `{REGENERATE}`"


def test_list_rules(run_cli: Run) -> None:
    result = run_cli(["--list-rules"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(ALL_RULES)
    assert lines[0].split()[:3] == ["EUNO001", "parse-error", "error"]


def test_explain_by_code_or_name(run_cli: Run) -> None:
    by_code = run_cli(["--explain", "EUNO202"])
    by_name = run_cli(["--explain", "custom-frequency-requires-cron"])
    assert by_code.exit_code == by_name.exit_code == 0
    assert by_code.stdout == by_name.stdout == (RULES_DIR / "EUNO202.md").read_text()


def test_explain_unknown_rule(run_cli: Run) -> None:
    result = run_cli(["--explain", "EUNO2O2"])
    assert result.exit_code == 2
    assert result.stderr == 'euno-lint: error: unknown rule "EUNO2O2"; did you mean "EUNO202"?\n'


def _section(page: str, heading: str) -> str:
    return page.split(f"## {heading}\n\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_each_page_says_how_to_silence_its_own_rule(rule: type[Rule]) -> None:
    suppress = _section(rendered_pages()[f"{rule.code}.md"], "Suppress")
    assert rule.code in suppress
    if rule.code != "EUNO001":  # only EUNO001 is about files that cannot be parsed
        assert "cannot be parsed" not in suppress
    if rule.suppressible:
        assert f"# euno-lint-ignore: {rule.code}" in suppress
    else:
        assert "euno-lint-ignore:" not in suppress
        assert ("ignore = [" in suppress) == rule.can_be_disabled
        assert ("exclude = [" in suppress) == (not rule.can_be_disabled)


def test_the_parse_error_page_does_not_promise_that_terraform_agrees() -> None:
    why = " ".join(_section(rendered_pages()["EUNO001.md"], "Why it matters").split())
    assert "Terraform will refuse it too" not in why
    assert "valid Terraform that euno-lint's HCL parser does not support" in why
    assert "directory" in why  # an unreadable directory is reported here too
