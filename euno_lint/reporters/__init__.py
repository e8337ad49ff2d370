"""Output formats: a name -> function map. Each reporter is pure: a report in, a string out.

Reporters are imported when used, so that a run pays only for the format it prints.
"""

from __future__ import annotations

from euno_lint.findings import Report
from euno_lint.reporters.common import RenderOptions, Reporter, RuleCount, printable, rule_counts

__all__ = ["REPORTERS", "RenderOptions", "Reporter", "RuleCount", "printable", "rule_counts"]


def _text(report: Report, options: RenderOptions) -> str:
    from euno_lint.reporters.text import render

    return render(report, options)


def _json(report: Report, options: RenderOptions) -> str:
    from euno_lint.reporters.json import render

    return render(report, options)


def _sarif(report: Report, options: RenderOptions) -> str:
    from euno_lint.reporters.sarif import render

    return render(report, options)


def _github(report: Report, options: RenderOptions) -> str:
    from euno_lint.reporters.github import render

    return render(report, options)


def _junit(report: Report, options: RenderOptions) -> str:
    from euno_lint.reporters.junit import render

    return render(report, options)


REPORTERS: dict[str, Reporter] = {
    "text": _text,
    "json": _json,
    "sarif": _sarif,
    "github": _github,
    "junit": _junit,
}
