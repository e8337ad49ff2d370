"""The parser ships as data: no pickle is loaded or written, the data is current, and it parses
exactly as python-hcl2's own parser does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import hcl2.parser
from lark import Token, Tree

from euno_lint.hcl import _grammar

FIXTURES = Path(__file__).parent / "fixtures"


def test_shipped_parser_data_is_current() -> None:
    assert _grammar.SHIPPED.read_text(encoding="utf-8") == _grammar.render(), (
        "run python -m euno_lint.hcl._grammar"
    )


def test_no_pickle_is_loaded_or_written(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache), "HOME": str(tmp_path)}
    code = (
        "import pickle\n"
        "def refuse(*args, **kwargs):\n"
        "    raise SystemExit('a pickle was loaded')\n"
        "pickle.load = pickle.loads = refuse\n"
        "from euno_lint.hcl import parse\n"
        "print(len(parse('a = 1').body.attributes))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True
    )
    assert (result.returncode, result.stdout) == (0, "1\n"), result.stderr
    assert not cache.exists() and not (tmp_path / ".cache").exists()


def test_only_the_post_lexer_of_python_hcl2_is_imported() -> None:
    code = (
        "import sys; from euno_lint.hcl import parse; parse('a = 1'); "
        "print('hcl2.transformer' in sys.modules, 'hcl2' in sys.modules); "
        "import hcl2; print(callable(hcl2.loads), hcl2.loads('a = 1') == {'a': 1})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False", "True", "True"]


def test_our_parser_yields_python_hcl2s_tokens() -> None:
    from euno_lint.hcl._parser import lark_parser

    compared = 0
    for path in sorted(FIXTURES.rglob("*.tf")):
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
