"""SARIF 2.1.0 for GitHub code scanning: one run, every enabled rule, every finding.

Locations are relative to the project root (the git top level, else the working directory)
under the ``%SRCROOT%`` base; fingerprints are the baseline identities, so alerts survive moved
lines; suppressed findings carry an in-source suppression with its justification; files that
could not be parsed are results of EUNO001 and tool execution notifications too.

`render_checked` also says what GitHub code scanning would reject or drop on upload (its
documented limits per file, run, rule and result); the log is written whatever it says.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from euno_lint.findings import Finding, Fix, Location, NotAnalysed, Report
from euno_lint.paths import absolute, outside_root, root_relative
from euno_lint.reporters.common import RenderOptions
from euno_lint.rules import ALL_RULES, find_rule
from euno_lint.rules.base import Rule
from euno_lint.rules.reference import PROJECT_URL, page, page_url, plain_help

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
ROOT_ID = "%SRCROOT%"
FINGERPRINT_KEY = "euno-lint/v1"

# GitHub code scanning's limits on an uploaded SARIF file (docs.github.com, "SARIF results
# exceed limit" and "SARIF file is too large"): above a maximum the upload is rejected; above
# a display limit only that many are kept.
MAX_UPLOAD_BYTES = 10_000_000  # "10 MB", gzip-compressed
MAX_RUNS = 20
MAX_RESULTS, KEPT_RESULTS = 25_000, 5_000
MAX_RULES = 25_000
MAX_EXTENSIONS = 100
MAX_LOCATIONS, KEPT_LOCATIONS = 1_000, 100
MAX_THREAD_FLOW_LOCATIONS, KEPT_THREAD_FLOW_LOCATIONS = 10_000, 1_000
MAX_TAGS, KEPT_TAGS = 20, 10
_REPORT_FEWER = "report fewer (--select, --ignore, --exclude, --baseline)"


def render(report: Report, options: RenderOptions) -> str:
    """The report as a SARIF log (two-space indented JSON, trailing newline)."""
    return _dumps(_log(report, options))


def render_checked(report: Report, options: RenderOptions) -> tuple[str, list[str]]:
    """The SARIF log, and one line for each GitHub code scanning limit it exceeds."""
    log = _log(report, options)
    text = _dumps(log)
    return text, github_limits(log, text)


def _dumps(log: Mapping[str, Any]) -> str:
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _log(report: Report, options: RenderOptions) -> dict[str, Any]:
    rules = _rules(report)
    index = {rule.code: position for position, rule in enumerate(rules)}
    root = options.root or options.cwd or os.getcwd()
    cwd = options.cwd or os.getcwd()
    unparsed = [f for f in report.findings if _means_not_analysed(f.code)]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "euno-lint",
                "version": options.version,
                "semanticVersion": options.version,
                "informationUri": PROJECT_URL,
                "rules": [_rule(rule, report) for rule in rules],
            }
        },
        "invocations": [
            {
                "executionSuccessful": not unparsed,
                "toolExecutionNotifications": [
                    *(_notification(f, root, cwd) for f in unparsed if not f.suppressed),
                    *(_gap_notification(gap, root, cwd) for gap in report.not_analysed),
                ],
            }
        ],
        "originalUriBaseIds": {ROOT_ID: {"uri": _directory_uri(root)}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index, root, cwd) for f in report.findings],
    }
    if report.schemas:  # which provider schema the resources were checked against
        run["properties"] = {"euno-lint/provider-schemas": list(report.schemas)}
    if options.sarif_category:
        category = options.sarif_category
        run["automationDetails"] = {"id": category if category.endswith("/") else category + "/"}
    if any(outside_root(f.path, root, cwd) for f in report.findings):
        # Absolute file URIs: GitHub needs the checkout path to make sense of them.
        run["invocations"][0]["workingDirectory"] = {"uri": _directory_uri(cwd)}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def github_limits(log: Mapping[str, Any], text: str) -> list[str]:
    """What GitHub code scanning would reject (or keep only part of) in this SARIF log, one
    line each; `text` is the log as written (its compressed size is limited too)."""
    problems: list[str] = []
    # Compressing costs time: only a log larger than the limit can compress to more.
    if len(text) > MAX_UPLOAD_BYTES:
        size = len(gzip.compress(text.encode("utf-8"), compresslevel=6))
        if size > MAX_UPLOAD_BYTES:
            problems.append(
                f"the SARIF file is {size / 1e6:.1f} MB gzip-compressed; GitHub code scanning "
                f"rejects a file over {MAX_UPLOAD_BYTES / 1e6:g} MB: {_REPORT_FEWER}"
            )
    runs: Sequence[Mapping[str, Any]] = log.get("runs", [])
    problems += _over(len(runs), "runs", "a file", MAX_RUNS)
    for run in runs:
        tool = run.get("tool", {})
        rules = tool.get("driver", {}).get("rules", [])
        results = run.get("results", [])
        problems += _over(len(results), "results", "a run", MAX_RESULTS, KEPT_RESULTS)
        problems += _over(len(rules), "rules", "a run", MAX_RULES)
        extensions = len(tool.get("extensions", []))
        problems += _over(extensions, "tool extensions", "a run", MAX_EXTENSIONS)
        tags = (len(rule.get("properties", {}).get("tags", [])) for rule in rules)
        problems += _most(tags, "tags", "a rule", MAX_TAGS, KEPT_TAGS)
        locations = (len(result.get("locations", [])) for result in results)
        problems += _most(locations, "locations", "a result", MAX_LOCATIONS, KEPT_LOCATIONS)
        flows = (
            sum(
                len(thread.get("locations", []))
                for flow in result.get("codeFlows", [])
                for thread in flow.get("threadFlows", [])
            )
            for result in results
        )
        problems += _most(
            flows,
            "thread flow locations",
            "a result",
            MAX_THREAD_FLOW_LOCATIONS,
            KEPT_THREAD_FLOW_LOCATIONS,
        )
    return problems


def _over(count: int, what: str, per: str, maximum: int, kept: int | None = None) -> list[str]:
    """The line for `count` things in one container, if it exceeds GitHub's limits."""
    has = f"the SARIF {per.removeprefix('a ')} has {count:,} {what}"
    if count > maximum:
        hint = f": {_REPORT_FEWER}" if what == "results" else ""
        return [f"{has}; GitHub code scanning rejects more than {maximum:,} in {per}{hint}"]
    if kept is not None and count > kept:
        return [f"{has}; GitHub code scanning keeps only {kept:,} of them"]
    return []


def _most(counts: Iterable[int], what: str, per: str, maximum: int, kept: int) -> list[str]:
    """The line for the largest of several containers (every rule, every result)."""
    largest = max(counts, default=0)
    if largest > maximum:
        return [
            f"a SARIF {per.removeprefix('a ')} has {largest:,} {what}; GitHub code scanning "
            f"rejects more than {maximum:,} in {per}"
        ]
    if largest > kept:
        return [
            f"a SARIF {per.removeprefix('a ')} has {largest:,} {what}; GitHub code scanning "
            f"keeps only {kept:,} of them"
        ]
    return []


def _rules(report: Report) -> list[type[Rule]]:
    enabled = set(report.enabled) if report.enabled else {r.code for r in ALL_RULES}
    enabled |= {f.code for f in report.findings}
    return [rule for rule in ALL_RULES if rule.code in enabled]


def _means_not_analysed(code: str) -> bool:
    rule = find_rule(code)
    return rule is not None and rule.means_not_analysed


def _rule(rule: type[Rule], report: Report) -> dict[str, Any]:
    category = rule.tags[-1] if rule.tags else "general"
    properties: dict[str, Any] = {
        "tags": sorted({*rule.tags, category, "terraform", "euno"}),
        "precision": rule.precision,
    }
    if rule.security_severity is not None:
        properties["security-severity"] = rule.security_severity
    level = report.severities.get(rule.code, rule.severity)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _sentence(rule.summary)},
        "fullDescription": {"text": _sentence(plain_help(rule).split("\n\n")[0])},
        "help": {"text": plain_help(rule), "markdown": page(rule)},
        "helpUri": page_url(rule),
        "defaultConfiguration": {"level": str(level)},
        "properties": properties,
    }


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "?")) else text + "."


def _result(finding: Finding, index: dict[str, int], root: str, cwd: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": str(finding.severity),
        "message": {"text": _sentence(finding.message)},
        "locations": [_location(finding, root, cwd)],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    if finding.related:
        result["relatedLocations"] = [
            {"id": number, **_location(related, root, cwd)}
            for number, related in enumerate(finding.related, start=1)
        ]
    if finding.fix is not None:
        result["fixes"] = [_fix(finding.fix, root, cwd)]
    if finding.suppressed:
        suppression: dict[str, Any] = {"kind": "inSource"}
        if finding.suppression_reason:
            suppression["justification"] = finding.suppression_reason
        result["suppressions"] = [suppression]
    return result


def _fix(fix: Fix, root: str, cwd: str) -> dict[str, Any]:
    """A SARIF fix: its edits grouped by file, each a deleted region (lines and columns,
    and its bytes) and the text inserted there."""
    changes: dict[str, list[dict[str, Any]]] = {}
    for edit in fix.edits:
        region: dict[str, Any] = {
            "startLine": edit.line,
            "startColumn": edit.column,
            "endLine": edit.end_line,
            "endColumn": edit.end_column,
        }
        if 0 <= edit.start_byte <= edit.end_byte:
            region["byteOffset"] = edit.start_byte
            region["byteLength"] = edit.end_byte - edit.start_byte
        replacement = {"deletedRegion": region, "insertedContent": {"text": edit.replacement}}
        changes.setdefault(edit.path, []).append(replacement)
    return {
        "description": {
            "text": _sentence(_capital(fix.description) + ("" if fix.safe else " (unsafe)"))
        },
        "artifactChanges": [
            {"artifactLocation": _artifact(path, root, cwd), "replacements": replacements}
            for path, replacements in changes.items()
        ],
    }


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _artifact(path: str, root: str, cwd: str) -> dict[str, Any]:
    if outside_root(path, root, cwd):
        return {"uri": _file_uri(absolute(path, cwd))}
    return {"uri": quote(root_relative(path, root, cwd)), "uriBaseId": ROOT_ID}


def _location(where: Finding | Location, root: str, cwd: str) -> dict[str, Any]:
    artifact = _artifact(where.path, root, cwd)
    region = {
        "startLine": max(where.line, 1),
        "startColumn": max(where.column, 1),
        "endLine": max(where.end_line, where.line, 1),
        "endColumn": max(where.end_column, 1),
    }
    if region["endLine"] == region["startLine"] and region["endColumn"] <= region["startColumn"]:
        region["endColumn"] = region["startColumn"] + 1
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def _notification(finding: Finding, root: str, cwd: str) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {"text": _sentence(f"{finding.path} was not analysed: {finding.message}")},
        "locations": [_location(finding, root, cwd)],
        "descriptor": {"id": finding.code},
    }


def _gap_notification(gap: NotAnalysed, root: str, cwd: str) -> dict[str, Any]:
    where = Location(gap.path, gap.line, gap.column, gap.line, gap.column + 1)
    return {
        "level": "warning",
        "message": {"text": _sentence(f"{gap.subject} was not fully analysed: {gap.reason}")},
        "locations": [_location(where, root, cwd)],
    }


def _directory_uri(path: str) -> str:
    return _file_uri(path).rstrip("/") + "/"


def _file_uri(path: str) -> str:
    return "file://" + quote(os.path.abspath(path).replace(os.sep, "/"))
