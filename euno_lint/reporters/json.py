"""The JSON report: a stable shape that later versions extend but never rename."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from euno_lint.findings import Finding, Fix, Report, Severity
from euno_lint.reporters.common import RenderOptions, rule_counts


def render(report: Report, options: RenderOptions) -> str:
    """The whole report as one JSON document (two-space indented, trailing newline).

    With `options.statistics`, the summary ends with ``statistics``: the active findings per
    rule, most frequent first (``[{"code": ..., "name": ..., "count": ...}]``).
    """
    document: dict[str, Any] = {
        "version": options.version,
        "findings": [_finding(f) for f in report.findings],
        "summary": {
            "files": report.files,
            "resources": report.resources,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "notes": report.count(Severity.NOTE),
            "suppressed": report.suppressed(),
            "baselined": report.baselined,
            "stale_baseline_entries": report.stale_baseline,
            "fixed": report.fixed,
            "fixable": report.fixable(),
            "unsafe_fixable": report.fixable(unsafe=True) - report.fixable(),
            "not_analysed": len(report.not_analysed),
            "not_analysed_reasons": [
                {
                    "path": gap.path,
                    "line": gap.line,
                    "column": gap.column,
                    "subject": gap.subject,
                    "reason": gap.reason,
                }
                for gap in report.not_analysed
            ],
        },
    }
    if options.statistics:
        document["summary"]["statistics"] = [dataclasses.asdict(row) for row in rule_counts(report)]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": str(finding.severity),
        "message": finding.message,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "resource": finding.resource,
        "schema": finding.schema,
        "related": [
            {
                "path": place.path,
                "line": place.line,
                "column": place.column,
                "end_line": place.end_line,
                "end_column": place.end_column,
            }
            for place in finding.related
        ],
        "fingerprint": finding.fingerprint,
        "suppressed": finding.suppressed,
        "suppression_reason": finding.suppression_reason,
        "fix": _fix(finding.fix) if finding.fix is not None else None,
    }


def _fix(fix: Fix) -> dict[str, Any]:
    return {
        "description": fix.description,
        "safe": fix.safe,
        "edits": [
            {
                "path": edit.path,
                "line": edit.line,
                "column": edit.column,
                "end_line": edit.end_line,
                "end_column": edit.end_column,
                "start_byte": edit.start_byte,
                "end_byte": edit.end_byte,
                "replacement": edit.replacement,
            }
            for edit in fix.edits
        ],
    }
