"""The small value types every other module speaks: severities, spans, violations and findings.

A rule yields a `Violation` (what is wrong and where, relative to the resource it checked);
the engine stamps it into a `Finding` (file, line, column, code, severity). This module imports
nothing of ours so that every layer, workers included, can share it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, NamedTuple

# The keyword of inline suppression comments: files without it need no comment collection.
SUPPRESSION_KEYWORD: Final = "euno-lint-ignore"


class Severity(enum.StrEnum):
    """How serious a finding is; compare with `rank`, never with string order."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        """A number that grows with seriousness: note 1, warning 2, error 3."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.NOTE: 1, Severity.WARNING: 2, Severity.ERROR: 3}


class Span(NamedTuple):
    """A region of a file: 1-based lines and columns (in characters), end column exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int = 1, column: int = 1) -> Span:
        """A one-character region at the given place."""
        return cls(line, column, line, column + 1)


class Place(NamedTuple):
    """A region in a given file, for violations that live outside the resource being checked."""

    file: str
    span: Span


class Edit(NamedTuple):
    """Replace the text of `span` in `file` (None: the file of the violation's place, or of
    the checked attribute) with `replacement`. An empty span inserts; an empty replacement
    deletes."""

    span: Span
    replacement: str
    file: str | None = None


class Correction(NamedTuple):
    """What a rule proposes to fix a violation: edits applied together, and whether the fix is
    safe (meaning and formatting kept; the result is what the message says) or only likely."""

    description: str
    edits: tuple[Edit, ...]
    safe: bool = True


class Violation(NamedTuple):
    """What a rule reports: a message and where.

    `at` is an attribute path inside the checked resource (``"schedule.cron_expression"``,
    ``"schedule.repeat_on[2]"``, ``""`` for the resource header) or a `Place` elsewhere.
    `subject` is the stable identity of the problem (defaults to `at` when that is a path);
    give it when pointing at a block header because something inside it is missing.
    `related` are other places the problem involves (where a token reached through a local is
    written, say): reporters may show them, and findings they cover are not repeated.
    `correction` is the fix, when the problem has exactly one right one.
    """

    message: str
    at: str | Place = ""
    subject: str | None = None
    related: tuple[Place, ...] = ()
    correction: Correction | None = None

    @property
    def identity(self) -> str:
        """The attribute path that names this problem in baselines and fingerprints."""
        if self.subject is not None:
            return self.subject
        return self.at if isinstance(self.at, str) else ""


class Location(NamedTuple):
    """A region of a file as reported: display path plus span, and the source line there
    (redacted and shortened like a finding's excerpt) when known."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str | None = None


class FixEdit(NamedTuple):
    """One edit of a reported fix: the display path of the file, the region (1-based lines
    and columns in characters, end exclusive), its byte offsets in the file as read (BOM and
    CR included), and the new text. `digest` is the SHA-256 (hex) of the file as read: an
    edit applies only to those bytes."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    start_byte: int
    end_byte: int
    replacement: str
    digest: str = ""


class Fix(NamedTuple):
    """A finding's fix as reported: what it does, whether it is safe, and its edits."""

    description: str
    safe: bool
    edits: tuple[FixEdit, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported problem, fully located and classified."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    severity: Severity
    message: str
    resource: str | None = None
    schema: str | None = None  # the provider schema (profile) the resource was checked against
    subject: str = ""
    related: tuple[Location, ...] = ()
    excerpt: str | None = field(default=None, compare=False)
    # The column of the source line where `excerpt` starts (long lines are shown in part).
    excerpt_column: int = field(default=1, compare=False)
    suppressed: bool = False
    suppression_reason: str | None = None
    fingerprint: str = ""
    fix: Fix | None = field(default=None, compare=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Findings are ordered by path, line, column, code (message breaks ties)."""
        return (self.path, self.line, self.column, self.code, self.message)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity} {self.code} {self.message}"


class NotAnalysed(NamedTuple):
    """Something the run could not fully analyse (a resource whose ``for_each`` is not known,
    a remote module...): where, what (an address), and why."""

    path: str
    line: int
    column: int
    subject: str
    reason: str


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of a run: sorted findings, what was looked at, and which rules ran (codes,
    and the severities the configuration overrode)."""

    findings: tuple[Finding, ...]
    files: int
    resources: int
    baselined: int = 0
    stale_baseline: int = 0
    paths: tuple[str, ...] = ()
    enabled: tuple[str, ...] = ()
    severities: Mapping[str, Severity] = field(default_factory=dict)
    schemas: tuple[str, ...] = ()  # the provider schemas resources were checked against
    not_analysed: tuple[NotAnalysed, ...] = ()
    fixed: int = 0  # fixes applied (--fix) or that would be (--diff) before these findings

    def fixable(self, *, unsafe: bool = False) -> int:
        """How many active findings have a fix that --fix applies (with --unsafe-fixes:
        `unsafe`)."""
        return sum(1 for f in self.active() if f.fix is not None and (f.fix.safe or unsafe))

    def active(self) -> tuple[Finding, ...]:
        """Findings that count (not suppressed)."""
        return tuple(f for f in self.findings if not f.suppressed)

    def suppressed(self) -> int:
        """How many findings inline suppressions silenced."""
        return sum(1 for f in self.findings if f.suppressed)

    def count(self, severity: Severity) -> int:
        """How many active findings have this severity."""
        return sum(1 for f in self.findings if f.severity is severity and not f.suppressed)

    def fails(self, threshold: Severity | None) -> bool:
        """Whether an active finding is at or above the threshold (None: never fail)."""
        if threshold is None:
            return False
        return any(f.severity.rank >= threshold.rank for f in self.active())
