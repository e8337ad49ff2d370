"""Dev-time generator of the rule reference pages (``rules/``) and README.md's generated parts.

Each page's example is linted when the page is rendered, so the output it shows is the real
output. Regenerate the checked-in files with ``python -m euno_lint.docs``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from euno_lint.engine.examples import lint_example
from euno_lint.rules import ALL_RULES
from euno_lint.rules.reference import REGENERATE, index, page, rule_table

__all__ = ["REGENERATE", "lint_example", "readme_sections", "rendered_pages", "update_readme"]


def rendered_pages() -> dict[str, str]:
    """Every file of the ``rules/`` directory, by file name."""
    pages = {
        f"{rule.code}.md": page(rule, example_output=lint_example(rule.example))
        for rule in ALL_RULES
    }
    pages["README.md"] = index()
    return pages


def _example_output(root: Path, target: str) -> str:
    from euno_lint import __version__
    from euno_lint.engine import LintOptions, lint_paths
    from euno_lint.reporters import RenderOptions
    from euno_lint.reporters.text import render

    report = lint_paths([target], LintOptions(cwd=str(root)))
    text = render(report, RenderOptions(version=__version__, cwd=str(root), root=str(root)))
    return f"```console\n$ euno-lint {target}\n{text}```"


def readme_sections(root: Path) -> dict[str, str]:
    """The generated parts of README.md, by marker name."""
    return {
        "rules": rule_table("rules/"),
        "clean-output": _example_output(root, "examples/clean"),
        "problems-output": _example_output(root, "examples/problems"),
    }


def update_readme(text: str, sections: dict[str, str]) -> str:
    """README text with every ``<!-- begin: NAME -->`` ... ``<!-- end: NAME -->`` refreshed."""
    for name, content in sections.items():
        begin, end = f"<!-- begin: {name} -->", f"<!-- end: {name} -->"
        head, found, rest = text.partition(begin)
        if not found:
            raise ValueError(f"README.md has no {begin} marker")
        _, _, tail = rest.partition(end)
        text = f"{head}{begin}\n{content}\n{end}{tail}"
    return text


def main(argv: list[str] | None = None) -> int:
    """Write the rule reference pages into ``rules/`` and refresh README.md's generated parts."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(__file__).resolve().parent.parent
    target = Path(args[0]) if args else root / "rules"
    target.mkdir(parents=True, exist_ok=True)
    for name, content in rendered_pages().items():
        (target / name).write_text(content, encoding="utf-8")
    readme = root / "README.md"
    if not args and readme.exists():
        current = readme.read_text(encoding="utf-8")
        readme.write_text(update_readme(current, readme_sections(root)), encoding="utf-8")
    print(f"wrote {len(ALL_RULES) + 1} pages to {target} and refreshed README.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
