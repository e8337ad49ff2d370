"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request.

Paths are relative to the project root (the checkout), values escaped as the runner expects:
``%``, CR and LF everywhere, and also ``:`` and ``,`` inside properties.
"""

from __future__ import annotations

import os

from euno_lint.findings import Finding, Report
from euno_lint.paths import root_relative
from euno_lint.reporters.common import RenderOptions, printable
from euno_lint.reporters.text import statistics, summary

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


def escape_property(text: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, options: RenderOptions) -> str:
    """One ``::error``/``::warning``/``::notice`` line per active finding, then the findings
    per rule (with `options.statistics`), then the summary."""
    cwd = options.cwd or os.getcwd()
    root = options.root or cwd
    lines = [_annotation(finding, root, cwd) for finding in report.active()]
    if options.statistics:
        lines.extend(statistics(report))
    lines.append(summary(report))
    return "".join(line + "\n" for line in lines)


def _annotation(finding: Finding, root: str, cwd: str) -> str:
    properties = {
        "file": root_relative(finding.path, root, cwd),
        "line": str(finding.line),
        "col": str(finding.column),
        "endLine": str(finding.end_line),
        "endColumn": str(finding.end_column),
        "title": f"{finding.code} {finding.name}",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{_COMMAND[str(finding.severity)]} {joined}::{escape_data(finding.message)}"
