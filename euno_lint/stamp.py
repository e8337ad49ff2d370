"""Turn violations into findings: file, position, code, effective severity, excerpt, redaction.

Rules say what is wrong and where (an attribute path or a place in a file); this module stamps
the rest, as every finding of the run is built here, and keeps secrets out of what it stamps.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from euno_lint.findings import Finding, Location, Place, Span, Violation
from euno_lint.redact import Redactor, mask_strings
from euno_lint.registry import RuleSet
from euno_lint.resource import Resource
from euno_lint.rule import Rule
from euno_lint.rules.builtin import ParseError
from euno_lint.source import SourceError


def display_path(path: str, cwd: str) -> str:
    """A path as we print it: relative to the working directory when inside it, POSIX style."""
    prefix = cwd.rstrip(os.sep) + os.sep
    if path.startswith(prefix) and os.sep + os.pardir not in path:
        return path[len(prefix) :].replace(os.sep, "/")  # the common case, without relpath
    relative = os.path.relpath(path, cwd)
    inside = relative != os.pardir and not relative.startswith(os.pardir + os.sep)
    return (relative if inside else path).replace(os.sep, "/")


def make_finding(
    rule: Rule | type[Rule],
    rules: RuleSet,
    path: str,
    span: Span,
    message: str,
    *,
    resource: str | None = None,
    subject: str = "",
    related: tuple[Location, ...] = (),
    excerpt: str | None = None,
) -> Finding:
    """A finding of `rule` at `span` of the file shown as `path`, with its effective severity."""
    return Finding(
        path=path,
        line=span.line,
        column=span.column,
        end_line=span.end_line,
        end_column=span.end_column,
        code=rule.code,
        name=rule.name,
        severity=rules.severity_of(rule),
        message=message,
        resource=resource,
        subject=subject,
        related=related,
        excerpt=excerpt,
    )


class Stamper:
    """Turns violations into findings: location, code, severity, excerpt, redaction."""

    def __init__(
        self, rules: RuleSet, cwd: str, texts: Mapping[str, str], redact: Redactor
    ) -> None:
        self.rules = rules
        self.cwd = cwd
        self.texts = texts
        self.redact = redact
        self._lines: dict[str, list[str]] = {}

    def finding(
        self, rule: Rule, violation: Violation, default_file: str, resource: Resource | None = None
    ) -> Finding:
        if isinstance(violation.at, Place):
            file, span = violation.at.file or default_file, violation.at.span
        else:
            assert resource is not None, f"{rule.code} gave a path without a resource"
            file, span = resource.file, resource.span_of(violation.at)
        return make_finding(
            rule, self.rules, display_path(file, self.cwd), span, self.redact(violation.message),
            resource=resource.address if resource is not None else None,
            subject=violation.identity,
            related=tuple(self._location(p.file or file, p.span) for p in violation.related),
            excerpt=self.excerpt(file, span.line),
        )  # fmt: skip

    def file_problem(self, path: str, problem: SourceError) -> Finding:
        span = Span.point(problem.line, problem.column)
        return make_finding(
            ParseError, self.rules, display_path(path, self.cwd), span, problem.message,
            excerpt=self.excerpt(path, problem.line, masked=True),
        )  # fmt: skip

    def _location(self, file: str, span: Span) -> Location:
        return Location(
            display_path(file, self.cwd), span.line, span.column, span.end_line, span.end_column
        )

    def excerpt(self, file: str, line: int, *, masked: bool = False) -> str | None:
        """The source line to show under a finding, with secrets redacted."""
        if file not in self._lines:
            text = self.texts.get(file)
            if text is None:
                return None
            self._lines[file] = text.split("\n")
        lines = self._lines[file]
        if not 1 <= line <= len(lines):
            return None
        shown = lines[line - 1]
        # An unparsable file's strings may hold a token we could not identify: hide them all.
        return self.redact(mask_strings(shown) if masked else shown)
