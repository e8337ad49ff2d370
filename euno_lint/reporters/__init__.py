"""Output formats: a name -> function map. Each reporter is pure: a report in, a string out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from euno_lint.findings import Report


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How the user asked to see the report."""

    color: bool = False
    show_source: bool = True
    version: str = ""


Reporter = Callable[[Report, RenderOptions], str]


def _text(report: Report, options: RenderOptions) -> str:
    from euno_lint.reporters.text import render

    return render(report, options)


def _json(report: Report, options: RenderOptions) -> str:
    from euno_lint.reporters.json import render

    return render(report, options)


REPORTERS: dict[str, Reporter] = {
    "text": _text,
    "json": _json,
}
