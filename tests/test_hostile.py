"""Hostile inputs: every one ends in exit 0 or 1, a well-formed report, EUNO001 where a file is
unusable, and the other files still linted with their findings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CLEAN_RESOURCE, Run, write_tree

# A module whose good file has one known finding: it must survive whatever sits next to it.
GOOD = CLEAN_RESOURCE.replace('"daily"', '"Daily"')
GOOD_FINDING = ("main.tf", "EUNO201")


def _lint(run_cli: Run, root: Path, *args: str) -> tuple[int, list[tuple[str, str, str]]]:
    result = run_cli(["--format", "json", *args] if args else ["--format", "json", "."], cwd=root)
    assert result.exit_code in (0, 1), result.stderr
    document = json.loads(result.stdout)
    return result.exit_code, [(f["path"], f["code"], f["message"]) for f in document["findings"]]


def _with_good(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    for path, content in files.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode())
    return write_tree(tmp_path, {"main.tf": GOOD})


def _codes(findings: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    return [(path, code) for path, code, _ in findings]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), "NUL bytes"),
        (b'resource "x" "y" {\n  a = "\x00"\n}\n', "NUL bytes"),
        (b'locals {\n  a = "caf\xe9"\n}\n', "not valid UTF-8"),
        ('locals {\n  a = "b"\n}\n'.encode("utf-16"), "UTF-16"),
    ],
    ids=["binary", "nul-bytes", "invalid-utf8", "utf16-bom"],
)
def test_unreadable_content_is_euno001(
    run_cli: Run, tmp_path: Path, content: bytes, message: str
) -> None:
    _with_good(tmp_path, {"bad.tf": content})
    status, findings = _lint(run_cli, tmp_path)
    assert status == 1
    assert _codes(findings) == [("bad.tf", "EUNO001"), GOOD_FINDING]
    assert message in findings[0][2]


@pytest.mark.parametrize(
    "content", ["", "# only a comment\n// another\n/* and a block */\n"], ids=["empty", "comments"]
)
def test_empty_and_comment_only_files_are_fine(run_cli: Run, tmp_path: Path, content: str) -> None:
    _with_good(tmp_path, {"other.tf": content})
    assert _codes(_lint(run_cli, tmp_path)[1]) == [GOOD_FINDING]


@pytest.mark.parametrize("opener", ["{", "["], ids=["braces", "brackets"])
def test_ten_thousand_nested_openers(run_cli: Run, tmp_path: Path, opener: str) -> None:
    closer = {"{": "}", "[": "]"}[opener]
    _with_good(
        tmp_path, {"deep.tf": "locals {\n  a = " + opener * 10_000 + closer * 10_000 + "\n}\n"}
    )
    findings = _lint(run_cli, tmp_path)[1]
    assert _codes(findings) == [("deep.tf", "EUNO001"), GOOD_FINDING]
    assert "nesting is too deep" in findings[0][2] or "syntax error" in findings[0][2]


def test_a_thousand_character_identifier(run_cli: Run, tmp_path: Path) -> None:
    name = "a" * 1000
    _with_good(tmp_path, {"long.tf": f'locals {{\n  {name} = "x"\n}}\n'})
    assert _codes(_lint(run_cli, tmp_path)[1]) == [GOOD_FINDING]


def test_five_megabyte_file_is_bounded_by_the_parse_timeout(run_cli: Run, tmp_path: Path) -> None:
    block = 'resource "aws_s3_bucket" "bN" {\n  bucket = "euno_N"\n  tags = { a = "b" }\n}\n'
    text = "".join(block.replace("N", str(n)) for n in range(65_000))
    assert len(text) > 5_000_000
    _with_good(tmp_path, {"huge.tf": text})
    started = time.monotonic()
    findings = _lint(run_cli, tmp_path, "--parse-timeout", "1", ".")[1]
    assert time.monotonic() - started < 30
    assert _codes(findings) == [("huge.tf", "EUNO001"), GOOD_FINDING]
    assert "file took too long to parse (more than 1 s" in findings[0][2]


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        ("locals {\n  a = <<EOT\nnever closed\n}\n", "unterminated heredoc", 2),
        ('locals {\n  a = "never closed\n}\n', "quoted string cannot span lines", 2),
        ("locals {\n  a = 1\n}\n/* never closed\n", "unterminated block comment", 4),
        ("locals {\n  a = [1, 2}\n}\n", "syntax error", 2),
        ("locals {\n  a = 1\n", "unexpected end of file", 2),
        ("locals {\n  a = 1\n}\n}\n", "syntax error", 4),
    ],
    ids=["heredoc", "string", "block-comment", "mismatched", "unclosed", "extra-brace"],
)
def test_broken_syntax(run_cli: Run, tmp_path: Path, content: str, message: str, line: int) -> None:
    _with_good(tmp_path, {"broken.tf": content})
    result = run_cli(["--format", "json", "."], cwd=tmp_path)
    document = json.loads(result.stdout)
    broken = document["findings"][0]
    assert (broken["path"], broken["code"], broken["line"]) == ("broken.tf", "EUNO001", line)
    assert message in broken["message"]
    assert [f["code"] for f in document["findings"][1:]] == ["EUNO201"]


def test_attribute_and_block_of_the_same_name(run_cli: Run, tmp_path: Path) -> None:
    # python-hcl2's dict API raises RuntimeError here; for Terraform it is a schema mistake.
    both = GOOD.replace("  schedule {", '  schedule = { frequency = "daily" }\n\n  schedule {')
    write_tree(tmp_path, {"main.tf": both})
    findings = _lint(run_cli, tmp_path)[1]
    assert [(code, message.split(":")[0]) for _, code, message in findings] == [
        ("EUNO102", '"schedule" is a block, not an argument'),
        ("EUNO201", 'frequency "Daily" is not valid; did you mean "daily"? (valid'),
    ]


def test_directory_named_like_a_file(run_cli: Run, tmp_path: Path) -> None:
    _with_good(
        tmp_path, {"x.tf/inner.tf": GOOD.replace('"main"', '"inner"').replace('"sales"', '"s2"')}
    )
    assert _codes(_lint(run_cli, tmp_path)[1]) == [GOOD_FINDING, ("x.tf/inner.tf", "EUNO201")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_does_not_block(run_cli: Run, tmp_path: Path) -> None:
    _with_good(tmp_path, {})
    os.mkfifo(tmp_path / "y.tf")
    findings = _lint(run_cli, tmp_path)[1]
    assert _codes(findings) == [GOOD_FINDING, ("y.tf", "EUNO001")]
    assert findings[1][2] == "cannot read file: not a regular file"
    given = _lint(run_cli, tmp_path, "y.tf", "main.tf")[1]
    assert _codes(given) == [GOOD_FINDING, ("y.tf", "EUNO001")]


def test_symlink_loop_and_dangling_symlink(run_cli: Run, tmp_path: Path) -> None:
    _with_good(tmp_path, {})
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "self.tf").symlink_to(tmp_path / "self.tf")
    (tmp_path / "gone.tf").symlink_to(tmp_path / "nowhere.tf")
    findings = _lint(run_cli, tmp_path)[1]
    assert findings == [
        ("gone.tf", "EUNO001", "cannot read file: broken symbolic link"),
        (*GOOD_FINDING, findings[1][2]),
        ("self.tf", "EUNO001", "cannot read file: symbolic link loop"),
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(run_cli: Run, tmp_path: Path) -> None:
    _with_good(tmp_path, {"secret.tf": "locals {}\n"})
    (tmp_path / "secret.tf").chmod(0)
    try:
        findings = _lint(run_cli, tmp_path)[1]
    finally:
        (tmp_path / "secret.tf").chmod(0o644)
    assert findings[1] == ("secret.tf", "EUNO001", "cannot read file: permission denied")


def test_odd_paths(run_cli: Run, tmp_path: Path) -> None:
    def odd(name: str) -> str:
        return GOOD.replace('"sales"', f'"{name}"')

    write_tree(
        tmp_path,
        {
            "with space/main.tf": odd("a"),
            "ünïcødé/main.tf": odd("b"),
            "-dash/-main.tf": odd("c"),
        },
    )
    findings = _lint(run_cli, tmp_path, "--", "with space", "ünïcødé/main.tf", "-dash/-main.tf")[1]
    assert _codes(findings) == [
        ("-dash/-main.tf", "EUNO201"),
        ("with space/main.tf", "EUNO201"),
        ("ünïcødé/main.tf", "EUNO201"),
    ]


def test_file_given_twice(run_cli: Run, tmp_path: Path) -> None:
    _with_good(tmp_path, {})
    assert _codes(
        _lint(run_cli, tmp_path, "main.tf", "./main.tf", str(tmp_path / "main.tf"))[1]
    ) == [GOOD_FINDING]


def test_missing_path(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli(["--format", "json", "missing.tf"], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "euno-lint: error: path does not exist: missing.tf\n"


ONCE_UNSUPPORTED = {
    # Valid Terraform python-hcl2's grammar rejects and ours reads (tests/test_grammar.py has
    # the full table, and what the parser still cannot read).
    "namespaced-function": "locals {\n  a = core::max(1, 2)\n}\n",
    "heredoc-marker-spaces": "locals {\n  a = <<EOT\ntext\nEOT   \n}\n",
    "newline-before-arrow": "locals {\n  m = { for k, v in var.x : k\n    => v }\n}\n",
}


@pytest.mark.parametrize("case", sorted(ONCE_UNSUPPORTED))
def test_valid_terraform_the_parser_once_rejected(run_cli: Run, tmp_path: Path, case: str) -> None:
    _with_good(tmp_path, {"other.tf": ONCE_UNSUPPORTED[case]})
    assert _codes(_lint(run_cli, tmp_path)[1]) == [GOOD_FINDING]


def test_utf8_bom_is_valid_and_supported(run_cli: Run, tmp_path: Path) -> None:
    _with_good(tmp_path, {"bom.tf": b"\xef\xbb\xbflocals {\n  a = 1\n}\n"})
    assert _codes(_lint(run_cli, tmp_path)[1]) == [GOOD_FINDING]


@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform is not installed")
@pytest.mark.parametrize("case", sorted(ONCE_UNSUPPORTED))
def test_once_unsupported_fixtures_are_valid_hcl_for_terraform(tmp_path: Path, case: str) -> None:
    (tmp_path / "main.tf").write_text(ONCE_UNSUPPORTED[case])
    result = subprocess.run(
        ["terraform", "fmt", "-check=false", "-write=false", "main.tf"],
        cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "TF_IN_AUTOMATION": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform is not installed")
def test_bom_fixture_is_valid_hcl_for_terraform(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_bytes(b"\xef\xbb\xbflocals {\n  a = 1\n}\n")
    result = subprocess.run(
        ["terraform", "fmt", "-write=false", "main.tf"], cwd=tmp_path, capture_output=True
    )
    assert result.returncode == 0, result.stderr


def test_internal_errors_never_print_a_traceback_wall(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": GOOD})
    result = subprocess.run(
        [sys.executable, "-m", "euno_lint", "--format", "yaml", "."],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


def test_lone_surrogates_from_escapes_never_reach_the_output(run_cli: Run, tmp_path: Path) -> None:
    broken = GOOD.replace('"Daily"', '"\\ud800"')
    _with_good(tmp_path, {"x.auto.tfvars.json": '{"a": "\\ud800", "\\udc00": 1}'})
    write_tree(tmp_path, {"main.tf": broken})
    for fmt in ("text", "json", "sarif", "junit", "github"):
        result = run_cli(["--format", fmt, "."], cwd=tmp_path)
        assert result.exit_code == 1, result.stderr
