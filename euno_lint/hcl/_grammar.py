"""Dev-time generator of `hcl2_lark.json`, the compiled parser shipped in this package.

    python -m euno_lint.hcl._grammar           # rewrite euno_lint/hcl/hcl2_lark.json
    python -m euno_lint.hcl._grammar --check   # exit 1 when it is out of date

The data is python-hcl2's grammar (``hcl2.lark``) with our changes applied
(`euno_lint.hcl._parser.GRAMMAR_CHANGES`: what HCL accepts and python-hcl2's grammar does not),
compiled. It depends only on that grammar, those changes, the post-lexer's ``always_accept``
and lark's version (python-hcl2 and lark are pinned exactly), and is byte-identical across runs
and hash seeds, so a test can prove the shipped file is current.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from euno_lint.hcl._lark_data import build, dumps_json
from euno_lint.hcl._parser import DATA_FILE, PostLexer, grammar_text, hcl2_grammar_path

SHIPPED = Path(__file__).resolve().parent / DATA_FILE


def render() -> str:
    """The contents `hcl2_lark.json` should have."""
    data = build(hcl2_grammar_path(), text=grammar_text(), postlex=PostLexer(), start="start")
    return dumps_json(data)


def main(argv: list[str] | None = None) -> int:
    """Write the data file, or with --check say whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if not SHIPPED.is_file() or SHIPPED.read_text(encoding="utf-8") != text:
            print(f"{SHIPPED.name} is out of date: run python -m euno_lint.hcl._grammar")
            return 1
        return 0
    SHIPPED.write_text(text, encoding="utf-8")
    print(f"wrote {SHIPPED} ({len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
