"""Configuration: discovery, precedence, validation messages and every key's effect."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from euno_lint.rules import ALL_RULES
from tests.conftest import CLEAN_RESOURCE, CliResult, Run, write_tree

# One error (EUNO201), one warning (EUNO208 at 15-minute runs) in a clean resource.
FINDINGS = CLEAN_RESOURCE.replace(
    'frequency = "daily"', 'frequency       = "Custom"\n    cron_expression = "*/15 * * * *"'
)


def _codes(result: CliResult) -> list[str]:
    return [f["code"] for f in json.loads(result.stdout)["findings"] if not f["suppressed"]]


def _lint(run_cli: Run, cwd: Path, *args: str) -> CliResult:
    return run_cli(["--format", "json", *args], cwd=cwd)


def test_nearest_config_above_the_file_wins(run_cli: Run, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".euno-lint.toml": 'ignore = ["EUNO201"]\n',
            "infra/pyproject.toml": '[tool.euno-lint]\nignore = ["EUNO208"]\n',
            "infra/prod/main.tf": FINDINGS,
        },
    )
    # Wherever the run starts, the file is linted with the configuration nearest above it.
    assert _codes(_lint(run_cli, tmp_path, ".")) == ["EUNO201"]
    assert _codes(_lint(run_cli, tmp_path / "infra" / "prod", ".")) == ["EUNO201"]


def test_pyproject_without_our_table_is_skipped(run_cli: Run, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".euno-lint.toml": 'ignore = ["EUNO201"]\n',
            "infra/pyproject.toml": "[tool.black]\nline-length = 100\n",
            "infra/main.tf": FINDINGS,
        },
    )
    assert _codes(_lint(run_cli, tmp_path / "infra", ".")) == ["EUNO208"]


def test_config_option_and_isolated(run_cli: Run, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".euno-lint.toml": 'ignore = ["EUNO201"]\n',
            "strict.toml": 'select = ["EUNO2"]\nignore = ["EUNO208"]\n',
            "main.tf": FINDINGS,
        },
    )
    assert _codes(_lint(run_cli, tmp_path, "--config", "strict.toml", ".")) == ["EUNO201"]
    assert _codes(_lint(run_cli, tmp_path, "--isolated", ".")) == ["EUNO201", "EUNO208"]
    missing = run_cli(["--config", "nope.toml", "."], cwd=tmp_path)
    assert missing.exit_code == 2
    assert missing.stderr == "euno-lint: error: config file does not exist: nope.toml\n"


def test_command_line_overrides_the_file(run_cli: Run, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {".euno-lint.toml": 'ignore = ["EUNO201"]\nfail-on = "error"\n', "main.tf": FINDINGS},
    )
    assert run_cli(["."], cwd=tmp_path).exit_code == 0  # only a warning left, fail-on error
    assert run_cli(["--fail-on", "warning", "."], cwd=tmp_path).exit_code == 1
    assert _codes(_lint(run_cli, tmp_path, "--ignore", "EUNO208", ".")) == ["EUNO201"]
    selected = _lint(run_cli, tmp_path, "--select", "EUNO2,EUNO3", "--ignore", "EUNO201", ".")
    assert _codes(selected) == ["EUNO208"]
    assert run_cli(["--exit-zero", "--fail-on", "note", "."], cwd=tmp_path).exit_code == 0


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('fail_on = "error"\n', 'unknown key "fail_on"; did you mean "fail-on"?'),
        ('select = "EUNO2"\n', '"select": input should be a valid list'),
        ('fail-on = "warnings"\n', '"fail-on": input should be'),
        ('select = ["EUNO2O1"]\n', 'select: "EUNO2O1" is not a rule; did you mean "EUNO201"?'),
        ('ignore = ["EUNO001"]\n', "ignore: EUNO001 cannot be disabled; exclude the files instead"),
        ('[severity]\nEUNO999 = "note"\n', 'severity: "EUNO999" is not a rule'),
        ('[severity]\nEUNO303 = "fatal"\n', '"severity.EUNO303": input should be'),
        (
            "[rules.EUNO208]\nmin_interval = 5\n",
            'unknown option "min_interval"; did you mean "min-interval-minutes"?',
        ),
        (
            "[rules.EUNO208]\nmin-interval-minutes = 0\n",
            '"min-interval-minutes": input should be greater than or equal to 1',
        ),
        ("[rules.EUNO201]\nstrict = true\n", 'unknown option "strict"; EUNO201 has no options'),
        # Rule option keys are as strict as top-level keys: documented names, declared types.
        (
            "[rules.EUNO208]\nmin_interval_minutes = 30\n",
            'rules.EUNO208: unknown option "min_interval_minutes"; '
            'did you mean "min-interval-minutes"?',
        ),
        (
            '[rules.EUNO208]\nmin-interval-minutes = "30"\n',
            'rules.EUNO208: "min-interval-minutes": input should be a valid integer',
        ),
        (
            "[rules.schedule-too-frequent]\nmin-interval-minutes = 30.0\n",
            'rules.schedule-too-frequent: "min-interval-minutes": input should be a valid integer',
        ),
        (
            "[rules.EUNO501]\nscope = 1\n",
            "rules.EUNO501: \"scope\": input should be 'account' or 'run'",
        ),
        ("select = []\n", "select: selects no rule; name at least one"),
        ('respect-gitignore = "yes"\n', '"respect-gitignore": input should be a valid boolean'),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_invalid_configuration_is_one_clear_line(
    run_cli: Run, tmp_path: Path, config: str, message: str
) -> None:
    write_tree(tmp_path, {".euno-lint.toml": config, "main.tf": FINDINGS})
    result = run_cli(["."], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("euno-lint: error: .euno-lint.toml")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_unknown_rule_on_the_command_line(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli(["--select", "EUNO9", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        'euno-lint: error: command line: --select: "EUNO9" is not a rule'
    )


@pytest.mark.parametrize("selection", [",", "", " , ,"])
def test_empty_selection_is_a_usage_error(run_cli: Run, tmp_path: Path, selection: str) -> None:
    write_tree(tmp_path, {"main.tf": FINDINGS})
    result = run_cli(["--select", selection, "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "euno-lint: error: command line: --select: selects no rule; name at least one (a code, "
        "a name or a prefix such as EUNO2), or leave it out to run every rule\n"
    )
    # A selection that names a rule among empty entries is fine; so is --ignore , (nothing).
    assert _codes(_lint(run_cli, tmp_path, "--select", ",EUNO201,", ".")) == ["EUNO201"]
    assert _codes(_lint(run_cli, tmp_path, "--ignore", ",", ".")) == ["EUNO201", "EUNO208"]


def test_rule_options_and_severity(run_cli: Run, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".euno-lint.toml": (
                "[rules.schedule-too-frequent]\nmin-interval-minutes = 10\n"
                '[severity]\nEUNO201 = "note"\n'
            ),
            "main.tf": FINDINGS,
        },
    )
    document = json.loads(_lint(run_cli, tmp_path, ".").stdout)
    assert [(f["code"], f["severity"]) for f in document["findings"]] == [("EUNO201", "note")]
    assert run_cli(["."], cwd=tmp_path).exit_code == 0  # a note is below the default fail-on
    assert run_cli(["--fail-on", "note", "."], cwd=tmp_path).exit_code == 1


def test_rule_options_of_every_type_are_accepted_as_documented(
    run_cli: Run, tmp_path: Path
) -> None:
    write_tree(
        tmp_path,
        {
            ".euno-lint.toml": (
                '[rules.EUNO208]\nmin-interval-minutes = 10\n[rules.EUNO501]\nscope = "run"\n'
            ),
            "main.tf": FINDINGS,
        },
    )
    assert _codes(_lint(run_cli, tmp_path, ".")) == ["EUNO201"]  # 15 minutes >= 10: no EUNO208


def test_exclude_applies_to_walked_and_given_files(run_cli: Run, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".euno-lint.toml": 'exclude = ["generated/", "legacy.tf"]\n',
            "generated/main.tf": FINDINGS,
            "legacy.tf": "resource = = broken euno_hex_integration\n",
            "main.tf": CLEAN_RESOURCE,
        },
    )
    assert _codes(_lint(run_cli, tmp_path, ".")) == []
    assert _codes(_lint(run_cli, tmp_path, "legacy.tf")) == []
    overridden = _lint(run_cli, tmp_path, "--exclude", "other/", ".")
    assert _codes(overridden) == ["EUNO201", "EUNO208", "EUNO001"]


def test_var_files_are_relative_to_the_config_file(run_cli: Run, tmp_path: Path) -> None:
    config = CLEAN_RESOURCE.replace('"daily"', "var.frequency") + 'variable "frequency" {}\n'
    write_tree(
        tmp_path,
        {
            ".euno-lint.toml": 'var-files = ["env/prod.tfvars"]\n',
            "env/prod.tfvars": 'frequency = "Daily"\n',
            "infra/main.tf": config,
        },
    )
    assert _codes(_lint(run_cli, tmp_path / "infra", ".")) == ["EUNO201"]


def test_respect_gitignore_setting(run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write_tree(tmp_path, {".gitignore": "scratch/\n", "scratch/main.tf": FINDINGS})
    assert _codes(_lint(run_cli, tmp_path, ".")) == []
    write_tree(tmp_path, {".euno-lint.toml": "respect-gitignore = false\n"})
    assert _codes(_lint(run_cli, tmp_path, ".")) == ["EUNO201", "EUNO208"]
    assert _codes(_lint(run_cli, tmp_path, "--respect-gitignore", ".")) == []


def test_inline_suppression_settings(run_cli: Run, tmp_path: Path) -> None:
    suppressed = FINDINGS.replace('"Custom"', '"Custom" # euno-lint-ignore: EUNO201')
    write_tree(tmp_path, {"main.tf": suppressed})
    assert _codes(_lint(run_cli, tmp_path, ".")) == ["EUNO208"]
    write_tree(tmp_path, {".euno-lint.toml": "allow-inline-suppressions = false\n"})
    assert _codes(_lint(run_cli, tmp_path, ".")) == ["EUNO201", "EUNO002", "EUNO208"]
    write_tree(tmp_path, {".euno-lint.toml": "required-suppression-reason = true\n"})
    assert _codes(_lint(run_cli, tmp_path, ".")) == ["EUNO201", "EUNO002", "EUNO208"]


def test_show_settings_names_sources(run_cli: Run, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {".euno-lint.toml": 'ignore = ["EUNO201"]\n[rules.EUNO208]\nmin-interval-minutes = 30\n'},
    )
    result = run_cli(["--show-settings", "--fail-on", "error"], cwd=tmp_path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "# effective settings; configuration file: .euno-lint.toml"
    assert 'ignore = ["EUNO201"]  # .euno-lint.toml' in lines
    assert 'fail-on = "error"  # command line' in lines
    assert "respect-gitignore = true  # default" in lines
    assert "min-interval-minutes = 30" in lines
    total = len(ALL_RULES)  # rules come and go: one of them is ignored
    assert lines[-1].startswith(f"# enabled rules ({total - 1} of {total}): EUNO001, EUNO002")


def test_a_tree_is_linted_with_its_own_configuration_from_anywhere(
    run_cli: Run, tmp_path: Path
) -> None:
    """The configuration and the project root come from the linted paths: the same tree
    linted from its root and from elsewhere with an absolute path gives the same findings, the
    same fingerprints, and its baseline still applies."""
    repo = tmp_path / "repo"
    broken = CLEAN_RESOURCE.replace('"daily"', '"Daily"').replace('"analytics"', '"your-namespace"')
    write_tree(
        repo,
        {
            ".git/HEAD": "ref: refs/heads/main\n",
            ".euno-lint.toml": 'ignore = ["EUNO406"]\nexclude = ["legacy/"]\n'
            '[severity]\nEUNO201 = "note"\n',
            "infra/main.tf": broken,
            "legacy/main.tf": broken,
        },
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    here = run_cli(["--format", "json", "."], cwd=repo)
    there = run_cli(["--format", "json", str(repo)], cwd=elsewhere)
    assert here.exit_code == there.exit_code == 0, (here.stderr, there.stderr)

    def shown(output: str) -> list[tuple[str, int, str, str, str]]:
        return [
            (
                f["path"].rsplit("repo/", 1)[-1],
                f["line"],
                f["code"],
                f["severity"],
                f["fingerprint"],
            )
            for f in json.loads(output)["findings"]
        ]

    assert (
        shown(here.stdout)
        == shown(there.stdout)
        == [("infra/main.tf", 10, "EUNO201", "note", shown(here.stdout)[0][4])]
    )
    assert run_cli(["--write-baseline", "baseline.json", "."], cwd=repo).exit_code == 0
    applied = run_cli(["--baseline", str(repo / "baseline.json"), str(repo)], cwd=elsewhere)
    assert applied.exit_code == 0
    assert "no longer match" not in applied.stdout + applied.stderr


def test_two_configurations_in_one_directory_are_an_error(run_cli: Run, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".euno-lint.toml": 'fail-on = "error"\n',
            "pyproject.toml": '[tool.euno-lint]\nfail-on = "never"\n',
            "main.tf": CLEAN_RESOURCE,
        },
    )
    result = run_cli(["."], cwd=tmp_path)
    assert result.exit_code == 2
    assert ".euno-lint.toml and the [tool.euno-lint] table of pyproject.toml" in result.stderr


# --- Nested configurations: each file with the configuration nearest above it (like ruff).

NESTED_BROKEN = CLEAN_RESOURCE.replace('"daily"', '"Daily"').replace("= 7", "= 0")


def _nested_tree(root: Path, legacy_config: str) -> None:
    write_tree(
        root,
        {
            ".git/HEAD": "ref: refs/heads/main\n",
            ".euno-lint.toml": '[severity]\nEUNO302 = "note"\n',
            "infra/main.tf": NESTED_BROKEN,
            "infra/legacy/.euno-lint.toml": legacy_config,
            "infra/legacy/main.tf": NESTED_BROKEN,
            "infra/legacy/old/main.tf": NESTED_BROKEN,
        },
    )


def _coded(output: str) -> list[tuple[str, str, str]]:
    return [
        (f["path"].rsplit("repo/", 1)[-1], f["code"], f["severity"])
        for f in json.loads(output)["findings"]
    ]


def test_each_directory_is_linted_with_its_nearest_configuration(
    run_cli: Run, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    _nested_tree(repo, 'ignore = ["EUNO201"]\nexclude = ["old/"]\n')
    result = run_cli(["--format", "json", "."], cwd=repo)
    assert _coded(result.stdout) == [
        ("infra/legacy/main.tf", "EUNO302", "error"),  # its own configuration: no override
        ("infra/main.tf", "EUNO201", "error"),
        ("infra/main.tf", "EUNO302", "note"),
    ]
    # The same from another directory, and with the nested directory given alone.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    there = run_cli(["--format", "json", str(repo)], cwd=elsewhere)
    assert _coded(there.stdout) == _coded(result.stdout)
    alone = run_cli(["--format", "json", "infra/legacy"], cwd=repo)
    assert _coded(alone.stdout) == [("infra/legacy/main.tf", "EUNO302", "error")]


def test_a_nested_configuration_sets_severities_for_its_subtree(
    run_cli: Run, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    _nested_tree(repo, '[severity]\nEUNO201 = "warning"\n')
    result = run_cli(["--format", "json", "."], cwd=repo)
    assert ("infra/legacy/main.tf", "EUNO201", "warning") in _coded(result.stdout)
    assert ("infra/legacy/old/main.tf", "EUNO201", "warning") in _coded(result.stdout)
    assert ("infra/main.tf", "EUNO201", "error") in _coded(result.stdout)


def test_the_command_line_wins_over_nested_configurations(run_cli: Run, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _nested_tree(repo, 'ignore = ["EUNO201"]\n')
    result = run_cli(["--format", "json", "--select", "EUNO302", "."], cwd=repo)
    assert [c for _, c, _ in _coded(result.stdout)] == ["EUNO302"] * 3
    isolated = run_cli(["--format", "json", "--isolated", "."], cwd=repo)
    assert ("infra/legacy/main.tf", "EUNO201", "error") in _coded(isolated.stdout)
    (repo / "mine.toml").write_text("")
    named = run_cli(["--format", "json", "--config", "mine.toml", "."], cwd=repo)
    assert ("infra/legacy/main.tf", "EUNO201", "error") in _coded(named.stdout)


def test_an_invalid_nested_configuration_is_an_error_naming_it(
    run_cli: Run, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    _nested_tree(repo, 'ignroe = ["EUNO201"]\n')
    result = run_cli(["."], cwd=repo)
    assert result.exit_code == 2 and result.stdout == ""
    assert "infra/legacy/.euno-lint.toml" in result.stderr and "ignroe" in result.stderr
    assert "Traceback" not in result.stderr


def test_another_tools_broken_pyproject_is_not_ours(run_cli: Run, tmp_path: Path) -> None:
    """A monorepo's Python project with a broken pyproject.toml (no euno-lint table in it)
    does not stop the run; one that names euno-lint and is broken does."""
    write_tree(
        tmp_path,
        {
            "infra/main.tf": CLEAN_RESOURCE,
            "infra/tool/pyproject.toml": "[project\nname = 'x'\n",
            "infra/tool/main.tf": CLEAN_RESOURCE.replace('"sales"', '"tool"'),
        },
    )
    assert run_cli(["."], cwd=tmp_path).exit_code == 0
    (tmp_path / "infra/tool/pyproject.toml").write_text("[tool.euno-lint\nignore = []\n")
    result = run_cli(["."], cwd=tmp_path)
    assert result.exit_code == 2 and "invalid TOML" in result.stderr
