"""python-hcl2's grammar cache is redirected when its own directory is read-only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import hcl2.parser
import pytest

import euno_lint.hcl._parser as hcl_parser


def _configure(monkeypatch: pytest.MonkeyPatch, default: Path) -> Path:
    monkeypatch.setattr(hcl2.parser, "PARSER_FILE", default)
    hcl_parser._use_writable_parser_cache(hcl2.parser)
    return Path(hcl2.parser.PARSER_FILE)


def test_writable_default_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    default = tmp_path / "site" / ".lark_cache.bin"
    default.parent.mkdir()
    assert _configure(monkeypatch, default) == default


def test_read_only_default_moves_to_the_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    missing_dir = tmp_path / "read-only-site" / ".lark_cache.bin"  # parent does not exist
    chosen = _configure(monkeypatch, missing_dir)
    assert chosen.parent == tmp_path / "cache" / "euno-lint"
    assert chosen.name.startswith("hcl2-") and chosen.name.endswith(".bin")


def test_unusable_user_cache_falls_back_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    missing_dir = tmp_path / "read-only-site" / ".lark_cache.bin"
    assert _configure(monkeypatch, missing_dir) == missing_dir


def test_only_the_parser_of_python_hcl2_is_imported() -> None:
    code = (
        "import sys; from euno_lint.hcl import parse; parse('a = 1'); "
        "print('hcl2.transformer' in sys.modules, 'hcl2' in sys.modules); "
        "import hcl2; print(callable(hcl2.loads), hcl2.loads('a = 1') == {'a': 1})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False", "True", "True"]


def test_our_parser_caches_its_grammar_per_user(tmp_path: Path) -> None:
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    code = "from euno_lint.hcl import parse; parse('a = 1')"
    subprocess.run([sys.executable, "-c", code], env=environment, check=True)
    cached = list((tmp_path / "cache" / "euno-lint").glob("hcl2-*-tokens.bin"))
    assert len(cached) == 1 and cached[0].stat().st_size > 100_000


def test_our_parser_yields_python_hcl2s_tokens() -> None:
    from lark import Token, Tree

    from euno_lint.hcl._parser import lark_parser

    fixtures = Path(__file__).parent / "fixtures"
    compared = 0
    for path in sorted(fixtures.rglob("*.tf")):
        text = path.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n") + "\n"
        try:
            theirs = hcl2.parser.parser().parse(text)
        except Exception:
            continue
        ours = lark_parser().parse(text)

        def tokens(tree: Tree[Token]) -> list[tuple[object, ...]]:
            found = tree.scan_values(lambda v: isinstance(v, Token))
            return [(t.type, str(t), t.line, t.column, t.end_line, t.end_column) for t in found]

        assert tokens(ours) == tokens(theirs), path
        compared += 1
    assert compared > 50
