"""What every reporter shares: how the user asked to see the report, and escaping."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from euno_lint.findings import Report


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How the user asked to see the report, and what formats need to know of the run.

    `root` is the project root (git top level, else the working directory) that SARIF and
    GitHub annotations express paths against; finding paths are relative to `cwd`.
    `statistics` asks for the count of findings per rule (`rule_counts`) where the format has
    room for it (text, github, json).
    """

    color: bool = False
    show_source: bool = True
    version: str = ""
    cwd: str = ""
    root: str = ""
    sarif_category: str | None = None
    statistics: bool = False


Reporter = Callable[[Report, RenderOptions], str]


@dataclass(frozen=True, slots=True)
class RuleCount:
    """How many findings one rule reported."""

    code: str
    name: str
    count: int


def rule_counts(report: Report) -> list[RuleCount]:
    """The active (not suppressed) findings per rule, most frequent first, then by code."""
    counts = Counter((f.code, f.name) for f in report.active())
    return sorted(
        (RuleCount(code, name, count) for (code, name), count in counts.items()),
        key=lambda row: (-row.count, row.code),
    )


# Control characters, line and paragraph separators, bidirectional overrides and invisible
# marks: a file must not drive the terminal (ANSI escapes), start a new line (a forged GitHub
# workflow command), reorder what a reviewer sees, or break XML.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufffe\uffff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """Text with every unprintable character escaped (``\\n``, ``\\x1b``, ``\\u202e``), so
    that one finding is always one line."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
