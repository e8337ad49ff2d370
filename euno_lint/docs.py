"""The rule reference: one Markdown page per rule, rendered from the rule's own metadata.

The same text serves ``euno-lint --explain``, the checked-in ``rules/`` pages and SARIF's
``help.markdown``. Each page's example is linted when the page is rendered, so the output it
shows is the real output. Regenerate the checked-in pages with ``python -m euno_lint.docs``.
"""

from __future__ import annotations

import sys
import tempfile
import textwrap
from collections.abc import Mapping
from pathlib import Path

from euno_lint import PROJECT_URL
from euno_lint.rule import EngineRule, Rule
from euno_lint.rules import ALL_RULES

REGENERATE = "python -m euno_lint.docs"


def page_url(rule: type[Rule]) -> str:
    """Where the rule's page is published."""
    return f"{PROJECT_URL}/blob/main/rules/{rule.code}.md"


def example_files(example: str | Mapping[str, str]) -> dict[str, str]:
    """A rule example as files by name (a plain string is ``main.tf``)."""
    return {"main.tf": example} if isinstance(example, str) else dict(example)


def lint_example(example: str | Mapping[str, str]) -> list[str]:
    """Lint a documentation example in a scratch directory; findings as printed lines."""
    from euno_lint.engine import LintOptions, lint_paths

    with tempfile.TemporaryDirectory(prefix="euno-lint-example-") as scratch:
        for name, content in example_files(example).items():
            (Path(scratch) / name).write_text(content, encoding="utf-8")
        report = lint_paths(["."], LintOptions(cwd=scratch, respect_gitignore=False))
    return [str(finding) for finding in report.findings]


def _code_blocks(example: str | Mapping[str, str]) -> str:
    files = example_files(example)
    blocks = []
    for name, content in files.items():
        heading = f"`{name}`:\n\n" if len(files) > 1 else ""
        blocks.append(f"{heading}```hcl\n{content.rstrip()}\n```")
    return "\n\n".join(blocks)


def _options(rule: type[Rule]) -> str:
    fields = rule.Options.model_fields
    if not fields:
        return "None."
    rows = ["| option | default | meaning |", "|---|---|---|"]
    for name, info in fields.items():
        key = info.alias or name
        rows.append(f"| `{key}` | `{info.default}` | {info.description or ''} |")
    example_key = next(iter(fields.values())).alias or next(iter(fields))
    example_value = next(iter(fields.values())).default
    setting = f"[rules.{rule.code}]\n{example_key} = {example_value}"
    rows.append(f"\nSet in `.euno-lint.toml`:\n\n```toml\n{setting}\n```")
    return "\n".join(rows)


def _suppress(rule: type[Rule]) -> str:
    if isinstance(rule, type) and issubclass(rule, EngineRule):
        return (
            "A file that cannot be parsed cannot carry a suppression comment. Exclude the file "
            'instead (`exclude = ["path/to/file.tf"]` in `.euno-lint.toml`).'
        )
    return (
        "On the line, or on a line of its own before it (before a block's header to cover the "
        "whole block):\n\n"
        f"```hcl\n# euno-lint-ignore: {rule.code} -- the reason\n```\n\n"
        f"For a whole file, `# euno-lint-ignore-file: {rule.code} -- the reason` before the first "
        f'block. For a repository, `ignore = ["{rule.code}"]` in `.euno-lint.toml`.'
    )


def plain_help(rule: type[Rule]) -> str:
    """The rule's explanation as plain text: what it reports, then why it matters."""
    return f"{rule.summary}.\n\n{textwrap.dedent(rule.why).strip()}"


def page(rule: type[Rule], *, with_output: bool = True) -> str:
    """The reference page of one rule, as Markdown.

    With `with_output`, the example is linted and its real findings are shown (SARIF leaves
    that out: it must render every rule's page quickly).
    """
    category = rule.tags[-1] if rule.tags else "general"
    reported = ""
    if with_output:
        output = [line for line in lint_example(rule.example) if f" {rule.code} " in line]
        reported = (
            "euno-lint reports:\n\n```text\n" + ("\n".join(output) or "(nothing)") + "\n```\n\n"
        )
    return (
        f"# {rule.code}: {rule.name}\n\n"
        f"**Severity:** {rule.severity} · **Category:** {category}"
        + (" · **Security**" if "security" in rule.tags else "")
        + "\n\n"
        f"## What it does\n\n{rule.summary}.\n\n"
        f"## Why it matters\n\n{textwrap.dedent(rule.why).strip()}\n\n"
        f"## Example\n\n{_code_blocks(rule.example)}\n\n"
        f"{reported}"
        f"## Fix\n\n{_code_blocks(rule.fix)}\n\n"
        f"## Options\n\n{_options(rule)}\n\n"
        f"## Suppress\n\n{_suppress(rule)}\n"
    )


def index() -> str:
    """The rule index (``rules/README.md``)."""
    rows = "\n".join(
        f"| [{rule.code}]({rule.code}.md) | `{rule.name}` | {rule.severity} | {rule.summary} |"
        for rule in ALL_RULES
    )
    return (
        "# Rule reference\n\n"
        f"Generated from the rules' own metadata by `{REGENERATE}`; do not edit by hand.\n\n"
        "| code | name | severity | what it reports |\n|---|---|---|---|\n"
        f"{rows}\n"
    )


def rendered_pages() -> dict[str, str]:
    """Every file of the ``rules/`` directory, by file name."""
    pages = {f"{rule.code}.md": page(rule) for rule in ALL_RULES}
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
    rows = "\n".join(
        f"| [{r.code}](rules/{r.code}.md) | `{r.name}` | {r.severity} | {r.summary} |"
        for r in ALL_RULES
    )
    return {
        "rules": f"| code | name | severity | what it reports |\n|---|---|---|---|\n{rows}",
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
