"""What every reporter shares: how the user asked to see the report, and escaping."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from euno_lint.findings import Report


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How the user asked to see the report, and what formats need to know of the run.

    `root` is the project root (git top level, else the working directory) that SARIF and
    GitHub annotations express paths against; finding paths are relative to `cwd`.
    """

    color: bool = False
    show_source: bool = True
    version: str = ""
    cwd: str = ""
    root: str = ""
    sarif_category: str | None = None


Reporter = Callable[[Report, RenderOptions], str]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def printable(text: str) -> str:
    """Text with control characters shown as ``\\xNN``: a file must not drive the terminal
    (ANSI escapes) or break XML."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group(0)):02x}", text)
