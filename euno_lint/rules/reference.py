"""The rule reference: one Markdown page per rule, rendered from the rule's own metadata.

The same text serves ``euno-lint --explain``, the checked-in ``rules/`` pages and SARIF's
``help.markdown``. The page shows what euno-lint reports for its example when the caller
passes those lines in (linting needs the engine, which sits above this module).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from euno_lint.rules import ALL_RULES
from euno_lint.rules.base import Rule

PROJECT_URL = "https://github.com/euno-lint/euno-lint"
REGENERATE = "python -m euno_lint.docs"


def page_url(rule: type[Rule]) -> str:
    """Where the rule's page is published."""
    return f"{PROJECT_URL}/blob/main/rules/{rule.code}.md"


def example_files(example: str | Mapping[str, str]) -> dict[str, str]:
    """A rule example as files by name (a plain string is ``main.tf``)."""
    return {"main.tf": example} if isinstance(example, str) else dict(example)


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
    if not rule.suppressible:
        # Each rule that cannot be suppressed says why, and what to do instead.
        own: str = getattr(rule, "suppress_help", "")
        if own:
            return " ".join(textwrap.dedent(own).split())
        instead = (
            f'`ignore = ["{rule.code}"]` in `.euno-lint.toml` turns it off for a repository.'
            if rule.can_be_disabled
            else 'Exclude the files instead (`exclude = ["path/to/file.tf"]` in `.euno-lint.toml`).'
        )
        return f"A comment cannot suppress {rule.code}. {instead}"
    return (
        "On the line, or on a line of its own before it (before a block's header to cover the "
        "whole block):\n\n"
        f"```hcl\n# euno-lint-ignore: {rule.code} -- the reason\n```\n\n"
        f"For a whole file, `# euno-lint-ignore-file: {rule.code} -- the reason` before the first "
        f'block. For a repository, `ignore = ["{rule.code}"]` in `.euno-lint.toml`.'
    )


def fix_kind(rule: type[Rule]) -> str:
    """What ``--fix`` does for the rule's findings, in a word or three: "safe", "unsafe",
    "safe or unsafe" (depending on the finding), or "" when nothing."""
    words = rule.autofix.split()
    if not words:
        return ""
    first = words[0].strip(":,;")
    return "safe or unsafe" if first == "safe" and "unsafe" in rule.autofix else first


def _autofix(rule: type[Rule]) -> str:
    if not rule.autofix:
        return "`--fix` does not fix this: the right change needs a person.\n\n"
    text = " ".join(rule.autofix.split())
    how = {
        "safe": "`--fix`",
        "unsafe": "`--fix --unsafe-fixes`",
        "safe or unsafe": "`--fix`; unsafe ones with `--unsafe-fixes`",
    }[fix_kind(rule)]
    return f"**Autofix** ({how}): {text[0].upper()}{text[1:]}.\n\n"


def plain_help(rule: type[Rule]) -> str:
    """The rule's explanation as plain text: what it reports, then why it matters."""
    return f"{rule.summary}.\n\n{textwrap.dedent(rule.why).strip()}"


def page(rule: type[Rule], *, example_output: Sequence[str] | None = None) -> str:
    """The reference page of one rule, as Markdown.

    `example_output` is what euno-lint printed for the example (each finding's line); the
    rule's own findings among them are shown. SARIF leaves them out: it must render every
    rule's page quickly.
    """
    category = rule.tags[-1] if rule.tags else "general"
    reported = ""
    if example_output is not None:
        output = [line for line in example_output if f" {rule.code} " in line]
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
        f"## Fix\n\n{_autofix(rule)}{_code_blocks(rule.fix)}\n\n"
        f"## Options\n\n{_options(rule)}\n\n"
        f"## Suppress\n\n{_suppress(rule)}\n"
    )


def index() -> str:
    """The rule index (``rules/README.md``)."""
    return (
        "# Rule reference\n\n"
        f"Generated from the rules' own metadata by `{REGENERATE}`; do not edit by hand.\n\n"
        f"{rule_table('')}\n"
    )


def rule_table(prefix: str) -> str:
    """The table of every rule (code, name, severity, summary, fix); pages under `prefix`."""
    rows = "\n".join(
        f"| [{r.code}]({prefix}{r.code}.md) | `{r.name}` | {r.severity} | {r.summary} | "
        f"{fix_kind(r)} |"
        for r in ALL_RULES
    )
    return f"| code | name | severity | what it reports | fix |\n|---|---|---|---|---|\n{rows}"
