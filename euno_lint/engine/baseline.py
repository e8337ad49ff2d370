"""The baseline: record today's findings, then report only new ones.

A finding's identity is its rule code, its file (relative to the project root: the git top
level, else the working directory), its resource address and the attribute path it is about.
Line numbers are not part of it, so adding lines above a resource does not revive a baselined
finding. Identities are counted: two findings with the same identity need two entries.

A baseline is usually committed, so it is the scanned tree's, like any file in it: it is read
without following a symbolic link and without blocking (a FIFO or a device is refused), and at
most `MAX_BASELINE_BYTES`. Its entries are fingerprints anyone can compute, so whoever can
change the baseline can hide a finding: review changes to it like changes to the code.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import replace
from typing import NamedTuple

from euno_lint.engine.output import WriteError, write_text
from euno_lint.findings import Finding, Report
from euno_lint.paths import root_relative
from euno_lint.terraform.source import SourceError, read_bytes

FORMAT_VERSION = 1
MAX_BASELINE_BYTES = 16 * 1024 * 1024


class BaselineError(Exception):
    """The baseline file cannot be read or written; the message is one line."""


def fingerprint(code: str, root_relative_path: str, resource: str | None, subject: str) -> str:
    """The stable identity of a finding, as 32 hex digits."""
    key = "\x1f".join((code, root_relative_path, resource or "", subject))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def with_fingerprint(finding: Finding, root: str, cwd: str) -> Finding:
    """The finding with its fingerprint set."""
    path = root_relative(finding.path, root, cwd)
    return replace(
        finding, fingerprint=fingerprint(finding.code, path, finding.resource, finding.subject)
    )


class BaselineEntry(NamedTuple):
    """One recorded finding (enough to read the file by eye, keyed by fingerprint)."""

    fingerprint: str
    code: str
    path: str
    resource: str | None
    subject: str
    message: str


def write(path: str, report: Report, version: str, root: str, cwd: str) -> int:
    """Record the report's active findings; returns how many were written."""
    entries = [
        {
            "fingerprint": f.fingerprint,
            "code": f.code,
            "path": root_relative(f.path, root, cwd),
            "resource": f.resource,
            "subject": f.subject,
            "message": f.message,
        }
        for f in report.active()
    ]
    document = {"version": FORMAT_VERSION, "tool": f"euno-lint {version}", "findings": entries}
    try:
        write_text(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    except WriteError as error:
        raise BaselineError(str(error)) from None
    return len(entries)


def load(path: str) -> list[BaselineEntry]:
    """Read a baseline written by `write`."""
    if os.path.islink(path):
        raise BaselineError(
            f"cannot read baseline {path}: it is a symbolic link (refusing to follow it)"
        )
    data = read_bytes(path, limit=MAX_BASELINE_BYTES, follow_link=False)
    if isinstance(data, SourceError):
        reason = data.message.removeprefix("cannot read file: ")
        raise BaselineError(f"cannot read baseline {path}: {reason}")
    try:
        document = json.loads(data.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        raise BaselineError(f"baseline {path} is not valid JSON") from None
    if not isinstance(document, dict) or document.get("version") != FORMAT_VERSION:
        raise BaselineError(f"baseline {path} is not a version {FORMAT_VERSION} euno-lint baseline")
    try:
        return [
            BaselineEntry(
                str(e["fingerprint"]),
                str(e["code"]),
                str(e["path"]),
                e.get("resource"),
                str(e.get("subject", "")),
                str(e.get("message", "")),
            )
            for e in document["findings"]
        ]
    except (KeyError, TypeError):
        raise BaselineError(f"baseline {path} has malformed entries") from None


def apply(report: Report, entries: list[BaselineEntry]) -> Report:
    """Drop findings the baseline knows; count them and the entries that matched nothing."""
    remaining = Counter(e.fingerprint for e in entries)
    kept: list[Finding] = []
    baselined = 0
    for finding in report.findings:
        if not finding.suppressed and remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
            baselined += 1
        else:
            kept.append(finding)
    stale = sum(remaining.values())
    return replace(report, findings=tuple(kept), baselined=baselined, stale_baseline=stale)
