"""The baseline: record, then report only new findings; identities survive moved lines."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CLEAN_RESOURCE, CliResult, Run, write_tree

TWO_PROBLEMS = CLEAN_RESOURCE.replace('"daily"', '"Daily"').replace("= 7", "= 0")


def _record(run_cli: Run, root: Path) -> CliResult:
    return run_cli(["--write-baseline", ".euno-lint-baseline.json", "infra"], cwd=root)


def test_baselined_findings_are_counted_not_reported(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"infra/main.tf": TWO_PROBLEMS})
    recorded = _record(run_cli, tmp_path)
    assert (recorded.exit_code, recorded.stdout) == (
        0,
        "wrote 2 findings to .euno-lint-baseline.json\n",
    )
    document = json.loads((tmp_path / ".euno-lint-baseline.json").read_text())
    assert [(e["code"], e["path"], e["subject"]) for e in document["findings"]] == [
        ("EUNO201", "infra/main.tf", "schedule.frequency"),
        ("EUNO302", "infra/main.tf", "invalidation_strategy.ttl_days"),
    ]
    result = run_cli(["--baseline", ".euno-lint-baseline.json", "infra"], cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stdout == "0 errors, 0 warnings in 1 file (2 baselined)\n"


def test_inserted_lines_do_not_revive_baselined_findings(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"infra/main.tf": TWO_PROBLEMS})
    _record(run_cli, tmp_path)
    moved = '# A comment\n\nlocals {\n  team = "data"\n}\n\n' + TWO_PROBLEMS
    write_tree(tmp_path, {"infra/main.tf": moved})
    result = run_cli(
        ["--baseline", ".euno-lint-baseline.json", "--format", "json", "infra"], cwd=tmp_path
    )
    document = json.loads(result.stdout)
    assert (result.exit_code, document["findings"], document["summary"]["baselined"]) == (0, [], 2)


def test_new_findings_are_reported_and_stale_entries_counted(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"infra/main.tf": TWO_PROBLEMS})
    _record(run_cli, tmp_path)
    changed = TWO_PROBLEMS.replace("= 0", "= 7").replace('"analytics"', '"your-namespace"')
    write_tree(tmp_path, {"infra/main.tf": changed})
    result = run_cli(
        ["--baseline", ".euno-lint-baseline.json", "--no-source", "infra"], cwd=tmp_path
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "infra/main.tf:21:5: error EUNO406 "
        'namespace_id "your-namespace" is a placeholder: set the real value',
        "1 error, 0 warnings in 1 file (1 baselined)",
        "1 baseline entry no longer matches any finding: "
        "rewrite the baseline with --write-baseline to prune it",
    ]
    as_json = json.loads(
        run_cli(
            ["--baseline", ".euno-lint-baseline.json", "--format", "json", "infra"], cwd=tmp_path
        ).stdout
    )
    assert as_json["summary"]["stale_baseline_entries"] == 1


def test_identities_are_counted(run_cli: Run, tmp_path: Path) -> None:
    one = TWO_PROBLEMS.replace("= 0", "= 7")
    write_tree(tmp_path, {"infra/main.tf": one})
    _record(run_cli, tmp_path)
    twice = one + one.split("\n\n", 1)[1].replace('"main"', '"again"').replace(
        '"sales"', '"sales-2"'
    )
    write_tree(tmp_path, {"infra/main.tf": twice})
    result = run_cli(
        ["--baseline", ".euno-lint-baseline.json", "--no-source", "infra"], cwd=tmp_path
    )
    assert [line.split()[2] for line in result.stdout.splitlines()[:-1]] == ["EUNO201"]


def test_fingerprints_do_not_depend_on_the_working_directory(run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write_tree(tmp_path, {"infra/main.tf": TWO_PROBLEMS})
    from_root = json.loads(run_cli(["--format", "json", "infra"], cwd=tmp_path).stdout)
    from_dir = json.loads(run_cli(["--format", "json", "."], cwd=tmp_path / "infra").stdout)
    assert [f["fingerprint"] for f in from_root["findings"]] == [
        f["fingerprint"] for f in from_dir["findings"]
    ]
    assert from_root["findings"][0]["path"] != from_dir["findings"][0]["path"]


def test_unusable_baseline_is_exit_two(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": CLEAN_RESOURCE, "bad.json": "{not json", "other.json": "[]"})
    missing = run_cli(["--baseline", "none.json", "."], cwd=tmp_path)
    assert (missing.exit_code, missing.stderr) == (
        2,
        "euno-lint: error: cannot read baseline none.json: No such file or directory\n",
    )
    assert "is not valid JSON" in run_cli(["--baseline", "bad.json", "."], cwd=tmp_path).stderr
    assert "is not a version 1" in run_cli(["--baseline", "other.json", "."], cwd=tmp_path).stderr


def _weekly(days: str) -> str:
    return CLEAN_RESOURCE.replace(
        'frequency = "daily"', f'frequency = "weekly"\n    repeat_on = [{days}]'
    )


def test_a_list_element_keeps_its_identity_when_elements_are_added(
    run_cli: Run, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"infra/main.tf": _weekly('"monday", "funday", "monday"')})
    _record(run_cli, tmp_path)
    document = json.loads((tmp_path / ".euno-lint-baseline.json").read_text())
    assert [(e["code"], e["subject"]) for e in document["findings"]] == [
        ("EUNO205", 'schedule.repeat_on["funday"]#1'),
        ("EUNO205", 'schedule.repeat_on["monday"]#2'),
    ]
    write_tree(tmp_path, {"infra/main.tf": _weekly('"friday", "monday", "funday", "monday"')})
    result = run_cli(["--baseline", ".euno-lint-baseline.json", "infra"], cwd=tmp_path)
    summary = "0 errors, 0 warnings in 1 file (2 baselined)\n"
    assert (result.exit_code, result.stdout) == (0, summary)
    # A new problem in the list is new: a third "monday", another unknown day.
    write_tree(tmp_path, {"infra/main.tf": _weekly('"monday", "funday", "monday", "monday"')})
    result = run_cli(["--baseline", ".euno-lint-baseline.json", "infra"], cwd=tmp_path)
    assert result.exit_code == 1 and result.stdout.count("EUNO205") == 1
