"""Fixes: byte offsets, the applier (exact bytes, overlaps, rounds, safe writes) and the CLI's
--fix, --diff and --unsafe-fixes."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

from euno_lint.engine.fix import Fixer, fix_rounds, overlap, splice, unified_diff
from euno_lint.engine.positions import ByteMap
from euno_lint.findings import Finding, Fix, FixEdit, Report, Severity
from euno_lint.rules import ALL_RULES
from euno_lint.rules.base import Rule
from euno_lint.rules.cadence import DAY_FORMS, FREQUENCIES
from euno_lint.rules.cron import WEEKDAY_NAMES
from euno_lint.rules.reference import example_files, fix_kind
from euno_lint.suggest import edit_distance, sole_candidate
from tests.conftest import CLEAN_RESOURCE, Run, write_tree

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

DAILY = CLEAN_RESOURCE.replace('frequency = "daily"', 'frequency = "Daily"')
WEKLY = CLEAN_RESOURCE.replace(
    'frequency = "daily"', 'frequency = "wekly"\n    repeat_on = ["monday"]'
)


def _edit(path: str, start: int, end: int, text: str, data: bytes) -> FixEdit:
    digest = hashlib.sha256(data).hexdigest()
    return FixEdit(path, 1, 1, 1, 1, start, end, text, digest)


# --- byte offsets -------------------------------------------------------------------------


def test_byte_map_counts_bom_crlf_tabs_and_multibyte_characters() -> None:
    data = "\ufeffa\tb\r\n# é€😀 x\r\nlast".encode()
    positions = ByteMap(data)
    assert positions.offset(1, 1) == 3  # after the BOM
    assert positions.offset(1, 3) == 5  # a tab is one character
    assert positions.offset(1, 4) == 6  # the end of the line, before its CR
    line_two = data.index(b"#")
    assert positions.offset(2, 6) == data.index(b" x")  # é € 😀: 2, 3 and 4 bytes
    assert positions.offset(3, 5) == len(data)  # a last line without a newline
    assert positions.offset(1, 5) is None  # past the end of the line
    assert positions.offset(4, 1) is None
    assert positions.offset(2, 1) == line_two
    assert positions.newline_at(1) == "\r\n"
    assert positions.newline_at(3) == "\r\n"  # a last line takes the line before's ending


def test_splice_keeps_every_byte_outside_the_edits() -> None:
    data = b'\xef\xbb\xbfa = "X"\r\nb = 1'
    edits = [_edit("f", 7, 10, '"y"', data), _edit("f", len(data), len(data), "\n", data)]
    assert splice(data, edits) == b'\xef\xbb\xbfa = "y"\r\nb = 1\n'


def test_splice_refuses_overlapping_edits() -> None:
    data = b"abcdef"
    with pytest.raises(ValueError, match="overlapping"):
        splice(data, [_edit("f", 0, 3, "x", data), _edit("f", 2, 4, "y", data)])
    assert overlap(_edit("f", 2, 2, "x", data), _edit("f", 2, 4, "y", data))
    assert not overlap(_edit("f", 0, 2, "x", data), _edit("f", 2, 4, "y", data))
    assert not overlap(_edit("f", 0, 3, "x", data), _edit("g", 0, 3, "y", data))


def test_unified_diff_marks_a_last_line_without_newline_and_keeps_crlf() -> None:
    diff = unified_diff(b"a\r\nb", b"a\r\nc", "x.tf")
    assert diff == (
        b"--- a/x.tf\n+++ b/x.tf\n@@ -1,2 +1,2 @@\n a\r\n-b\n\\ No newline at end of file\n"
        b"+c\n\\ No newline at end of file\n"
    )


# --- the applier --------------------------------------------------------------------------


def _fixer_with(tree: Path, name: str, text: bytes) -> tuple[Fixer, Fix]:
    (tree / name).write_bytes(text)
    start = text.index(b"Daily")
    fix = Fix("lowercase", True, (_edit(name, start, start + 5, "daily", text),))
    return Fixer([str(tree)], str(tree)), fix


def test_overlapping_fixes_wait_for_the_next_round(tmp_path: Path) -> None:
    data = b'frequency = "Daily"\n'
    (tmp_path / "main.tf").write_bytes(data)
    start = data.index(b"Daily")
    first = Fix("a", True, (_edit("main.tf", start, start + 5, "daily", data),))
    second = Fix("b", True, (_edit("main.tf", start, start + 1, "d", data),))
    fixer = Fixer([str(tmp_path)], str(tmp_path))
    assert fixer.apply_round([first, second]) == 1
    assert fixer.changed() == {str(tmp_path / "main.tf"): b'frequency = "daily"\n'}
    # The second fix was computed from the old bytes: it never applies to the new ones.
    assert fixer.apply_round([second]) == 0


def _finding(fix: Fix) -> Finding:
    return Finding("main.tf", 1, 1, 1, 2, "EUNO201", "x", Severity.ERROR, "m", fix=fix)


def test_rounds_stop_at_the_bound_and_say_so(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_bytes(b"x")
    fixer = Fixer([str(tmp_path)], str(tmp_path))

    def relint(changed: Mapping[str, bytes]) -> Report:
        data = changed.get(str(tmp_path / "main.tf"), b"x")
        grow = Fix("grow", True, (_edit("main.tf", len(data), len(data), "x", data),))
        return Report((_finding(grow),), 1, 0)

    report, stopped = fix_rounds(relint({}), relint, fixer, rounds=3)
    assert stopped
    assert fixer.current[str(tmp_path / "main.tf")] == b"xxxx"
    assert len(report.findings) == 1

    quiet = Fixer([str(tmp_path)], str(tmp_path))
    report, stopped = fix_rounds(Report((), 1, 0), relint, quiet)
    assert not stopped


def test_unsafe_fixes_apply_only_when_asked(tmp_path: Path) -> None:
    data = b'f = "Daily"\n'
    (tmp_path / "main.tf").write_bytes(data)
    start = data.index(b"Daily")
    unsafe = Fix("guess", False, (_edit("main.tf", start, start + 5, "daily", data),))
    report = Report((_finding(unsafe),), 1, 0)
    fixer = Fixer([str(tmp_path)], str(tmp_path))
    assert fix_rounds(report, lambda _: Report((), 1, 0), fixer)[0] is report
    assert not fixer.changed()
    fix_rounds(report, lambda _: Report((), 1, 0), fixer, unsafe=True)
    assert fixer.changed()


def test_write_keeps_mode_and_bytes(tmp_path: Path) -> None:
    text = '\ufeff# é\r\nfrequency = "Daily"\r\n\tx = 1'.encode()
    fixer, fix = _fixer_with(tmp_path, "main.tf", text)
    os.chmod(tmp_path / "main.tf", 0o640)
    assert fixer.apply_round([fix]) == 1
    written = fixer.write()
    assert written.problems == ()
    assert (tmp_path / "main.tf").read_bytes() == text.replace(b"Daily", b"daily")
    assert stat.S_IMODE((tmp_path / "main.tf").stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["main.tf"]  # no temporary file left


def test_a_file_changed_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    fixer, fix = _fixer_with(tmp_path, "main.tf", b'frequency = "Daily"\n')
    fixer.apply_round([fix])
    (tmp_path / "main.tf").write_bytes(b'frequency = "Daily" # edited\n')
    written = fixer.write()
    assert written.files == ()
    assert "changed on disk" in written.problems[0]
    assert (tmp_path / "main.tf").read_bytes() == b'frequency = "Daily" # edited\n'


def test_a_fix_computed_from_other_bytes_does_not_apply(tmp_path: Path) -> None:
    fixer, fix = _fixer_with(tmp_path, "main.tf", b'frequency = "Daily"\n')
    (tmp_path / "main.tf").write_bytes(b'frequency  = "Daily"\n')  # changed after linting
    assert fixer.apply_round([fix]) == 0


def test_a_symbolic_link_is_never_written_through(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    target = tmp_path / "target.tf"
    data = b'frequency = "Daily"\n'
    target.write_bytes(data)
    (tree / "main.tf").symlink_to(target)
    start = data.index(b"Daily")
    fix = Fix("x", True, (_edit("main.tf", start, start + 5, "daily", data),))
    fixer = Fixer([str(tree)], str(tree))
    assert fixer.apply_round([fix]) == 0
    assert "symbolic link" in next(iter(fixer.problems.values()))
    assert target.read_bytes() == data


def test_a_linked_directory_on_the_way_is_refused(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tmp_path / "elsewhere").mkdir()
    tree.mkdir()
    data = b'frequency = "Daily"\n'
    (tmp_path / "elsewhere" / "main.tf").write_bytes(data)
    (tree / "linked").symlink_to(tmp_path / "elsewhere")
    start = data.index(b"Daily")
    fix = Fix("x", True, (_edit("linked/main.tf", start, start + 5, "daily", data),))
    fixer = Fixer([str(tree)], str(tree))
    assert fixer.apply_round([fix]) == 0
    assert (tmp_path / "elsewhere" / "main.tf").read_bytes() == data


def test_a_file_outside_the_linted_paths_is_not_written(tmp_path: Path) -> None:
    (tmp_path / "linted").mkdir()
    data = b'frequency = "Daily"\n'
    (tmp_path / "module.tf").write_bytes(data)
    start = data.index(b"Daily")
    fix = Fix("x", True, (_edit("module.tf", start, start + 5, "daily", data),))
    fixer = Fixer([str(tmp_path / "linted")], str(tmp_path))
    assert fixer.apply_round([fix]) == 0
    assert "outside the linted paths" in next(iter(fixer.problems.values()))
    assert fixer.write().files == ()
    assert (tmp_path / "module.tf").read_bytes() == data


def test_a_file_swapped_for_a_link_after_reading_is_not_written(tmp_path: Path) -> None:
    fixer, fix = _fixer_with(tmp_path, "main.tf", b'frequency = "Daily"\n')
    fixer.apply_round([fix])
    elsewhere = tmp_path.parent / f"{tmp_path.name}-target.tf"
    elsewhere.write_bytes(b'frequency = "Daily"\n')
    (tmp_path / "main.tf").unlink()
    (tmp_path / "main.tf").symlink_to(elsewhere)
    assert "symbolic link" in fixer.write().problems[0]
    assert elsewhere.read_bytes() == b'frequency = "Daily"\n'
    assert (tmp_path / "main.tf").is_symlink()


# --- the command line ---------------------------------------------------------------------


def test_fix_applies_safe_fixes_byte_exactly(run_cli: Run, tmp_path: Path) -> None:
    text = ("\ufeff# café ✓\n" + DAILY).replace("\n", "\r\n").rstrip("\r\n").encode()
    (tmp_path / "main.tf").write_bytes(text)
    result = run_cli(["--fix", "."], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "0 errors, 0 warnings in 1 file; 1 fix applied\n"
    assert (tmp_path / "main.tf").read_bytes() == text.replace(b'"Daily"', b'"daily"')


def test_a_finding_with_a_safe_fix_is_marked(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": DAILY})
    result = run_cli(["--no-source", "."], cwd=tmp_path)
    assert result.stdout.splitlines() == [
        'main.tf:10:5: error EUNO201 [*] frequency "Daily" is not valid; did you mean "daily"? '
        "(valid: hourly, daily, weekly, custom)",
        "1 error, 0 warnings in 1 file; 1 fixable with --fix ([*])",
    ]


def test_diff_prints_and_does_not_write(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"infra/main.tf": DAILY})
    result = run_cli(["--diff", "infra"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:3] == [
        "--- a/infra/main.tf",
        "+++ b/infra/main.tf",
        "@@ -7,7 +7,7 @@",
    ]
    assert '-    frequency = "Daily"' in result.stdout.splitlines()
    assert '+    frequency = "daily"' in result.stdout.splitlines()
    assert result.stderr.startswith("euno-lint: would apply 1 fix; 0 findings would remain")
    assert (tmp_path / "infra/main.tf").read_text() == DAILY
    assert run_cli(["--diff", "--exit-zero", "infra"], cwd=tmp_path).exit_code == 0


def test_diff_without_changes_exits_zero(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": WEKLY})
    result = run_cli(["--diff", "."], cwd=tmp_path)  # the only fix is unsafe
    assert (result.exit_code, result.stdout) == (0, "")
    assert "would apply 0 fixes; 1 finding would remain" in result.stderr


def test_unsafe_fixes_only_when_asked(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": WEKLY})
    assert run_cli(["--fix", "."], cwd=tmp_path).exit_code == 1
    assert '"wekly"' in (tmp_path / "main.tf").read_text()
    result = run_cli(["--fix", "--unsafe-fixes", "."], cwd=tmp_path)
    assert result.exit_code == 0
    assert '"weekly"' in (tmp_path / "main.tf").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unsafe-fixes", "."], "--unsafe-fixes needs --fix or --diff"),
        (["--diff", "--format", "json", "."], "--diff prints a diff on stdout"),
        (["--fix", "--write-baseline", "b.json", "."], "do not go together"),
    ],
)
def test_fix_options_that_do_not_go_together(
    run_cli: Run, tmp_path: Path, args: list[str], message: str
) -> None:
    write_tree(tmp_path, {"main.tf": DAILY})
    result = run_cli(args, cwd=tmp_path)
    assert result.exit_code == 2
    assert message in result.stderr
    assert (tmp_path / "main.tf").read_text() == DAILY


def test_fix_with_json_reports_what_remains(run_cli: Run, tmp_path: Path) -> None:
    remaining = DAILY.replace("ttl_days    = 7", "ttl_days    = 0")
    write_tree(tmp_path, {"main.tf": remaining})
    result = run_cli(["--fix", "--format", "json", "."], cwd=tmp_path)
    document = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [f["code"] for f in document["findings"]] == ["EUNO302"]
    assert document["summary"]["fixed"] == 1
    assert document["summary"]["fixable"] == 0


def test_json_fix_object(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": DAILY})
    document = json.loads(run_cli(["--format", "json", "."], cwd=tmp_path).stdout)
    start = DAILY.encode().index(b'"Daily"')
    assert document["findings"][0]["fix"] == {
        "description": 'write "daily"',
        "safe": True,
        "edits": [
            {
                "path": "main.tf",
                "line": 10,
                "column": 17,
                "end_line": 10,
                "end_column": 24,
                "start_byte": start,
                "end_byte": start + 7,
                "replacement": '"daily"',
            }
        ],
    }


def test_fix_of_stdin_prints_the_fixed_buffer(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    class _Stdin(io.TextIOWrapper):
        pass

    monkeypatch.setattr(sys, "stdin", _Stdin(io.BytesIO(DAILY.encode())))
    result = run_cli(["--fix", "--stdin-filename", "main.tf", "-"], cwd=tmp_path)
    assert result.stdout == DAILY.replace('"Daily"', '"daily"')
    assert result.exit_code == 0
    assert "1 fix applied" in result.stderr
    assert not (tmp_path / "main.tf").exists()


def test_baselined_findings_are_not_fixed(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": DAILY})
    assert run_cli(["--write-baseline", "base.json", "."], cwd=tmp_path).exit_code == 0
    result = run_cli(["--fix", "--baseline", "base.json", "."], cwd=tmp_path)
    assert result.exit_code == 0
    assert (tmp_path / "main.tf").read_text() == DAILY


def test_suppressed_findings_are_not_fixed(run_cli: Run, tmp_path: Path) -> None:
    text = DAILY.replace('"Daily"', '"Daily" # euno-lint-ignore: EUNO201 -- on purpose')
    write_tree(tmp_path, {"main.tf": text})
    assert run_cli(["--fix", "."], cwd=tmp_path).exit_code == 0
    assert (tmp_path / "main.tf").read_text() == text


def test_a_value_from_a_variable_is_not_fixed(run_cli: Run, tmp_path: Path) -> None:
    text = DAILY.replace('frequency = "Daily"', "frequency = var.frequency") + (
        'variable "frequency" {\n  default = "Daily"\n}\n'
    )
    write_tree(tmp_path, {"main.tf": text})
    document = json.loads(run_cli(["--format", "json", "."], cwd=tmp_path).stdout)
    assert [f["fix"] for f in document["findings"] if f["code"] == "EUNO201"] == [None]


def test_sensitive_is_added_aligned_and_with_the_files_line_endings(
    run_cli: Run, tmp_path: Path
) -> None:
    variables = (
        'variable "hex_api_token" {\r\n  description = "The token."\r\n'
        "  type        = string\r\n}\r\n"
    )
    resource = CLEAN_RESOURCE.split("\n}\n", 1)[1]
    write_tree(tmp_path, {"main.tf": resource})
    (tmp_path / "variables.tf").write_bytes(variables.encode())
    assert run_cli(["--fix", "."], cwd=tmp_path).exit_code == 0
    assert (tmp_path / "variables.tf").read_bytes() == (
        variables.replace("string\r\n", "string\r\n  sensitive   = true\r\n").encode()
    )


@pytest.mark.parametrize(
    "secret", ["hxtw_" + "k3Q9" * 8, "plain-secret-value"], ids=["token", "literal"]
)
def test_no_fix_next_to_a_secret(run_cli: Run, tmp_path: Path, secret: str) -> None:
    # The secret is written two lines from the fixable value: a diff would show it.
    text = DAILY.replace("var.hex_api_token", f'"{secret}"')
    text = text.replace(
        '    frequency = "Daily"\n  }\n',
        '    frequency = "Daily"\n  }\n  # ' + ("" if secret.startswith("hxtw_") else "x") + "\n",
    )
    configuration = text[text.index("  configuration {") : text.rindex("  }\n") + 4]
    text = text.replace(configuration, "").replace("  schedule {", configuration + "  schedule {")
    write_tree(tmp_path, {"main.tf": text})
    document = json.loads(run_cli(["--format", "json", "."], cwd=tmp_path).stdout)
    assert [f["fix"] for f in document["findings"] if f["code"] == "EUNO201"] == [None]
    result = run_cli(["--diff", "."], cwd=tmp_path)
    assert secret not in result.stdout + result.stderr
    assert result.stdout == ""


# --- every fixture, and the examples -----------------------------------------------------

_TOKEN = re.compile(r"hxtw_[A-Za-z0-9_]{8,}")


def _token_cases() -> list[Path]:
    codes = ("EUNO401", "EUNO404", "EUNO405", "EUNO407", "EUNO410", "evaluation")
    return [case for code in codes for case in sorted((FIXTURES / code).iterdir())]


@pytest.mark.parametrize("case", _token_cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_fix_or_diff_output_holds_a_token(run_cli: Run, tmp_path: Path, case: Path) -> None:
    work = _copy(case, tmp_path)
    files = [p for p in work.rglob("*") if p.is_file()]
    tokens = {t for p in files for t in _TOKEN.findall(p.read_text(errors="replace"))}
    outputs = [
        run_cli(["--isolated", "--diff", "--unsafe-fixes", "."], cwd=work),
        run_cli(["--isolated", "--format", "json", "."], cwd=work),
        run_cli(["--isolated", "--format", "sarif", "."], cwd=work),
        run_cli(["--isolated", "--fix", "--unsafe-fixes", "."], cwd=work),
    ]
    for output in outputs:
        shown = output.stdout + output.stderr
        assert not any(token in shown for token in tokens)
        assert not any(token[:16] in shown for token in tokens)


def _copy(case: Path, into: Path) -> Path:
    work = into / "work"
    work.mkdir()
    if case.is_dir():
        shutil.copytree(case, work / case.name, symlinks=True)
    else:
        shutil.copy(case, work / case.name)
    return work


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _fmt_check(root: Path) -> int:
    command = ["terraform", "fmt", "-check", "-recursive", "."]
    return subprocess.run(command, cwd=root, capture_output=True, check=False).returncode


def _fixture_cases() -> list[Path]:
    return [case for group in sorted(FIXTURES.iterdir()) for case in sorted(group.iterdir())]


@pytest.mark.slow
@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@pytest.mark.parametrize("case", _fixture_cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixing_any_fixture_keeps_it_valid_and_settles(
    run_cli: Run, tmp_path: Path, case: Path, unsafe: bool
) -> None:
    if shutil.which("terraform") is None:
        pytest.skip("terraform is not installed: the fmt verdict cannot be compared")
    work = _copy(case, tmp_path)
    flags = ["--isolated", "--fix", *(["--unsafe-fixes"] if unsafe else [])]
    before = json.loads(run_cli(["--isolated", "--format", "json", "."], cwd=work).stdout)
    fmt_before = _fmt_check(work)
    fixed = {
        (f["code"], f["path"], f["line"])
        for f in before["findings"]
        if f["fix"] and (f["fix"]["safe"] or unsafe) and not f["suppressed"]
    }
    after = json.loads(run_cli([*flags, "--format", "json", "."], cwd=work).stdout)
    assert _fmt_check(work) == fmt_before
    parse_errors = [f for f in after["findings"] if f["code"] == "EUNO001"]
    assert len(parse_errors) == sum(1 for f in before["findings"] if f["code"] == "EUNO001")
    assert not fixed & {(f["code"], f["path"], f["line"]) for f in after["findings"]}
    settled = _snapshot(work)
    run_cli(flags, cwd=work)
    assert _snapshot(work) == settled


@pytest.mark.slow
@pytest.mark.parametrize("case", _fixture_cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixing_a_formatted_fixture_keeps_it_formatted(
    run_cli: Run, tmp_path: Path, case: Path
) -> None:
    if shutil.which("terraform") is None:
        pytest.skip("terraform is not installed")
    work = _copy(case, tmp_path)
    command = ["terraform", "fmt", "-recursive", "."]
    if subprocess.run(command, cwd=work, capture_output=True, check=False).returncode != 0:
        pytest.skip("terraform fmt cannot format this fixture (it does not parse)")
    assert _fmt_check(work) == 0
    run_cli(["--isolated", "--fix", "--unsafe-fixes", "."], cwd=work)
    assert _fmt_check(work) == 0


def test_fix_leaves_only_findings_without_a_safe_fix(run_cli: Run, tmp_path: Path) -> None:
    work = tmp_path / "problems"
    shutil.copytree(EXAMPLES / "problems", work)
    result = run_cli(["--fix", "--format", "json", "."], cwd=work)
    document = json.loads(result.stdout)
    assert document["summary"]["fixed"] == 4
    assert [f for f in document["findings"] if f["fix"] and f["fix"]["safe"]] == []
    assert {f["code"] for f in document["findings"]} >= {"EUNO207", "EUNO401", "EUNO501"}


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_diff_applied_with_patch_equals_fix(run_cli: Run, tmp_path: Path, unsafe: bool) -> None:
    if shutil.which("patch") is None:
        pytest.skip("patch is not installed")
    flags = ["--unsafe-fixes"] if unsafe else []
    fixed, patched = tmp_path / "fixed", tmp_path / "patched"
    shutil.copytree(EXAMPLES / "problems", fixed)
    shutil.copytree(EXAMPLES / "problems", patched)
    (patched / "crlf.tf").write_bytes(b"# \xc3\xa9\r\nlocals {\r\n  a = 1\r\n}")
    (fixed / "crlf.tf").write_bytes((patched / "crlf.tf").read_bytes())
    diff = run_cli(["--diff", *flags, "."], cwd=patched)
    assert diff.exit_code == 1
    run_cli(["--fix", *flags, "."], cwd=fixed)
    subprocess.run(["patch", "-p1", "--quiet"], input=diff.stdout.encode(), cwd=patched, check=True)
    assert _snapshot(patched) == _snapshot(fixed)
    assert _snapshot(fixed) != _snapshot(EXAMPLES / "problems")


# A rule whose example shows a finding --fix cannot correct (and why).
_EXAMPLE_WITHOUT_FIX = {"EUNO102": "repeat_every is a near miss of no argument"}


@pytest.mark.parametrize("rule", [r for r in ALL_RULES if r.autofix], ids=lambda r: r.code)
def test_a_rule_with_an_autofix_fixes_its_own_example(
    run_cli: Run, tmp_path: Path, rule: type[Rule]
) -> None:
    write_tree(tmp_path, example_files(rule.example))
    before = json.loads(run_cli(["--isolated", "--format", "json", "."], cwd=tmp_path).stdout)
    own = [f for f in before["findings"] if f["code"] == rule.code]
    assert own
    if rule.code in _EXAMPLE_WITHOUT_FIX:
        assert [f["fix"] for f in own] == [None] * len(own)
        return
    assert all(f["fix"] is not None for f in own)
    assert fix_kind(rule) in ("safe", "unsafe", "safe or unsafe")
    run_cli(["--isolated", "--fix", "--unsafe-fixes", "."], cwd=tmp_path)
    after = json.loads(run_cli(["--isolated", "--format", "json", "."], cwd=tmp_path).stdout)
    assert [f for f in after["findings"] if f["code"] == rule.code] == []


def test_rules_without_an_autofix_offer_no_fix() -> None:
    assert {fix_kind(r) for r in ALL_RULES if not r.autofix} == {""}
    fixable = {r.code: fix_kind(r) for r in ALL_RULES if r.autofix}
    assert fixable == {
        "EUNO102": "unsafe",
        "EUNO105": "safe",
        "EUNO201": "safe or unsafe",
        "EUNO204": "safe",
        "EUNO205": "safe or unsafe",
        "EUNO207": "unsafe",
        "EUNO402": "safe or unsafe",
        "EUNO408": "safe",
    }


def test_an_unknown_argument_is_renamed_only_as_an_unsafe_fix(run_cli: Run, tmp_path: Path) -> None:
    typo = CLEAN_RESOURCE.replace("namespace_id = ", "namespace_di = ")
    write_tree(tmp_path, {"main.tf": typo})
    assert run_cli(["--fix", "."], cwd=tmp_path).exit_code == 1
    assert (tmp_path / "main.tf").read_text() == typo
    assert run_cli(["--fix", "--unsafe-fixes", "."], cwd=tmp_path).exit_code == 0
    assert (tmp_path / "main.tf").read_text() == CLEAN_RESOURCE


def test_a_removal_that_would_misalign_the_others_is_not_offered(
    run_cli: Run, tmp_path: Path
) -> None:
    aligned = CLEAN_RESOURCE.replace(
        '  name = "sales"\n', '  name            = "sales"\n  last_updated_at = "2024"\n'
    )
    write_tree(tmp_path, {"main.tf": aligned})
    document = json.loads(run_cli(["--format", "json", "."], cwd=tmp_path).stdout)
    assert [(f["code"], f["fix"]) for f in document["findings"]] == [("EUNO105", None)]


def test_two_spellings_of_one_day_are_not_both_fixed(run_cli: Run, tmp_path: Path) -> None:
    days = CLEAN_RESOURCE.replace(
        'frequency = "daily"', 'frequency = "weekly"\n    repeat_on = ["mon", "Monday"]'
    )
    write_tree(tmp_path, {"main.tf": days})
    document = json.loads(run_cli(["--format", "json", "."], cwd=tmp_path).stdout)
    assert [f["fix"] for f in document["findings"]] == [None, None]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Daily", ("daily", True)),
        ("wekly", ("weekly", False)),
        ("dayly", ("daily", False)),
        ("sometimes", None),
        ("weeks", None),  # nearest by edits is not what the message suggests
        (" daily", ("daily", False)),
    ],
)
def test_sole_candidate_of_a_frequency(word: str, expected: tuple[str, bool] | None) -> None:
    assert sole_candidate(word, FREQUENCIES) == expected


def test_sole_candidate_counts_spellings_of_one_day_once() -> None:
    def day(form: str) -> int:
        return DAY_FORMS[form.lower()]

    assert sole_candidate("Thurs", tuple(DAY_FORMS), day) == ("thursday", False)
    assert sole_candidate("wendesday", WEEKDAY_NAMES, day) == ("wednesday", False)
    assert sole_candidate("Funday", WEEKDAY_NAMES, day) == ("sunday", False)  # one edit
    assert sole_candidate("Mundays", WEEKDAY_NAMES, day) is None  # monday or sunday: a tie
    assert sole_candidate("xyz", WEEKDAY_NAMES, day) is None
    assert edit_distance("wendesday", "wednesday") == 1
    assert edit_distance("kitten", "sitting") == 3


@pytest.mark.parametrize(
    "line",
    ["::error file=x::forged", "  ##[warning]forged", "# \x1b]0;title\x07", "# \u202eevil"],
    ids=["workflow-command", "old-command", "escape", "bidi"],
)
def test_no_fix_whose_diff_would_show_text_a_terminal_acts_on(
    run_cli: Run, tmp_path: Path, line: str
) -> None:
    closing = '    frequency = "Daily"\n  }\n'
    text = DAILY.replace(closing, f"{closing}  /*\n{line}\n  */\n")
    write_tree(tmp_path, {"main.tf": text})
    result = run_cli(["--diff", "."], cwd=tmp_path)
    assert result.stdout == ""
    assert "would apply 0 fixes" in result.stderr


def test_a_file_whose_name_a_diff_cannot_show_is_not_fixed(tmp_path: Path) -> None:
    name = "x\n::error file=a::forged.tf"
    fixer, fix = _fixer_with(tmp_path, name, b'frequency = "Daily"\n')
    assert fixer.apply_round([fix]) == 0
    assert "characters a diff cannot show" in next(iter(fixer.problems.values()))
    assert fixer.diff(str(tmp_path)) == b""


def test_no_fix_that_would_misalign_trailing_comments(run_cli: Run, tmp_path: Path) -> None:
    # terraform fmt aligns the comments of consecutive lines: "monday" would push one out.
    aligned = CLEAN_RESOURCE.replace(
        'frequency = "daily"\n',
        'frequency = "weekly"\n    repeat_on = [\n      "mon",    # first\n'
        '      "friday", # second\n    ]\n',
    )
    alone = aligned.replace('"friday", # second', '"friday",')
    write_tree(tmp_path, {"aligned/main.tf": aligned, "alone/main.tf": alone})
    document = json.loads(run_cli(["--format", "json", "."], cwd=tmp_path).stdout)
    fixes = {f["path"]: f["fix"] is not None for f in document["findings"]}
    assert fixes == {"aligned/main.tf": False, "alone/main.tf": True}


@pytest.mark.parametrize(
    ("declaration", "fixed"),
    [
        ('variable "hex_api_token" {}\n', 'variable "hex_api_token" {\n  sensitive = true\n}\n'),
        ('variable "hex_api_token" {\n}\n', 'variable "hex_api_token" {\n  sensitive = true\n}\n'),
        ('variable "hex_api_token" { }\n', None),  # what is between the braces is not known
        (
            'variable "hex_api_token" {\n  sensitive = false\n}\n',
            'variable "hex_api_token" {\n  sensitive = true\n}\n',
        ),
    ],
    ids=["braces", "two-lines", "spaced", "false"],
)
def test_sensitive_in_a_declaration_without_arguments(
    run_cli: Run, tmp_path: Path, declaration: str, fixed: str | None
) -> None:
    resource = CLEAN_RESOURCE.split("\n}\n", 1)[1]
    write_tree(tmp_path, {"main.tf": resource, "variables.tf": declaration})
    run_cli(["--fix", "."], cwd=tmp_path)
    assert (tmp_path / "variables.tf").read_text() == (fixed or declaration)
    if fixed is not None and shutil.which("terraform") is not None:
        assert _fmt_check(tmp_path) == 0


def test_sensitive_longer_than_the_group_pads_the_group(run_cli: Run, tmp_path: Path) -> None:
    resource = CLEAN_RESOURCE.split("\n}\n", 1)[1]
    declaration = 'variable "hex_api_token" {\n  type = string # the token\n}\n'
    write_tree(tmp_path, {"main.tf": resource, "variables.tf": declaration})
    assert run_cli(["--fix", "."], cwd=tmp_path).exit_code == 0
    assert (tmp_path / "variables.tf").read_text() == (
        'variable "hex_api_token" {\n  type      = string # the token\n  sensitive = true\n}\n'
    )
    if shutil.which("terraform") is not None:
        assert _fmt_check(tmp_path) == 0
