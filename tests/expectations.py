"""Inline expectations in fixture files: ``# expect: CODE[:COLUMN] ["message part"]``.

A trailing annotation expects a finding on its own line; an annotation alone on its line
expects one on the next line that is not itself an annotation. Annotations stack. The quoted
text, when given, must occur in the finding's message; the column, when given, must match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from euno_lint.findings import Finding

ANNOTATION = re.compile(
    r"""(?:\#|//)\s*expect:\s*(?P<code>EUNO\d{3})(?::(?P<column>\d+))?(?:\s+"(?P<text>(?:[^"\\]|\\.)*)")?"""
)


@dataclass(frozen=True)
class Expectation:
    """One expected finding."""

    path: str
    line: int
    code: str
    column: int | None
    text: str | None

    def matches(self, finding: Finding) -> bool:
        """Whether a finding satisfies this expectation."""
        return (
            finding.path == self.path
            and finding.line == self.line
            and finding.code == self.code
            and (self.column is None or finding.column == self.column)
            and (self.text is None or self.text in finding.message)
        )

    def __str__(self) -> str:
        column = f":{self.column}" if self.column else ""
        text = f' "{self.text}"' if self.text else ""
        return f"{self.path}:{self.line}{column}: {self.code}{text}"


def read_expectations(path: Path, shown_as: str) -> list[Expectation]:
    """The expectations annotated in one fixture file (read as bytes: CRLF and BOM kept).

    JSON has no comments: a ``.json`` fixture's expectations live in ``<name>.expect``, one
    ``LINE[:COLUMN] CODE ["message part"]`` per line.
    """
    if path.name.endswith(".json"):
        return _sidecar_expectations(path, shown_as)
    text = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
    lines = text.split("\n")
    found: list[Expectation] = []
    pending: list[tuple[str, int | None, str | None]] = []
    for number, line in enumerate(lines, start=1):
        matches = list(ANNOTATION.finditer(line))
        before = line[: matches[0].start()].strip() if matches else line.strip()
        if matches and not before.lstrip("\ufeff"):
            pending.extend(_parts(m) for m in matches)
            continue
        for code, column, message in [*pending, *(_parts(m) for m in matches)]:
            found.append(Expectation(shown_as, number, code, column, message))
        pending = []
    assert not pending, f"{shown_as}: an annotation at the end of the file expects nothing"
    return found


_SIDECAR = re.compile(r"(?P<line>\d+)(?::(?P<column>\d+))?\s+(?P<rest>.*)")


def _sidecar_expectations(path: Path, shown_as: str) -> list[Expectation]:
    sidecar = path.with_name(path.name + ".expect")
    if not sidecar.exists():
        return []
    found: list[Expectation] = []
    for line in sidecar.read_text(encoding="utf-8").splitlines():
        parsed = _SIDECAR.fullmatch(line.strip())
        assert parsed is not None, f"{sidecar}: cannot read {line!r}"
        annotation = ANNOTATION.search("# expect: " + parsed.group("rest"))
        assert annotation is not None, f"{sidecar}: cannot read {line!r}"
        code, _column, text = _parts(annotation)
        column = int(parsed.group("column")) if parsed.group("column") else None
        found.append(Expectation(shown_as, int(parsed.group("line")), code, column, text))
    return found


def _parts(match: re.Match[str]) -> tuple[str, int | None, str | None]:
    column, text = match.group("column"), match.group("text")
    unescaped = re.sub(r"\\(.)", r"\1", text) if text is not None else None
    return match.group("code"), int(column) if column else None, unescaped


def compare(expected: Iterable[Expectation], findings: Iterable[Finding]) -> list[str]:
    """Problems with the match, both ways: missing expectations and unexpected findings."""
    unmatched = list(findings)
    problems: list[str] = []
    for expectation in expected:
        hit = next((f for f in unmatched if expectation.matches(f)), None)
        if hit is None:
            problems.append(f"missing: {expectation}")
        else:
            unmatched.remove(hit)
    problems.extend(f"unexpected: {f}" for f in unmatched)
    return problems
