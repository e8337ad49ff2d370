"""The one constructor of findings: file, position, code, effective severity, excerpt, redaction.

Rules say what is wrong and where (an attribute path or a place in a file); a `Stamper` stamps
the rest. Every finding of a run is built here, whatever produced it (a resource, module, text
or run-wide rule, a file that cannot be used, a suppression problem), and every text a finding
carries (message, excerpt, path, resource address, identity) passes through the stamper's
redactor before anything is shortened, so that no finding can carry a secret, whole or in part.
Long values in messages and long source lines are then shortened, so that output is bounded.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from euno_lint.engine.positions import ByteMap
from euno_lint.engine.redact import Redactor, mask_strings
from euno_lint.findings import (
    Correction,
    Finding,
    Fix,
    FixEdit,
    Location,
    Place,
    Span,
    Violation,
)
from euno_lint.paths import display_path
from euno_lint.rules.base import Rule
from euno_lint.rules.builtin import ParseError
from euno_lint.rules.ruleset import RuleSet
from euno_lint.rules.tokens import scrub
from euno_lint.terraform.resource import Resource
from euno_lint.terraform.source import SourceError
from euno_lint.terraform.values import VALUE_END, VALUE_START

# A value quoted in a message is shown up to this many characters; a message up to MAX_MESSAGE.
QUOTED_VALUE_CHARS = 40
MAX_MESSAGE = 2000
# A source line longer than this is shown as a window around the finding.
MAX_EXCERPT = 200
_EXCERPT_CONTEXT = 60
_MARKED_VALUE = re.compile(f"{VALUE_START}([^{VALUE_END}]*){VALUE_END}")
# A fix is dropped when a line this close to an edit holds a secret, or text a terminal or a
# CI log would act on: a diff shows the lines around a change as they are (3 of context, and
# edits of later rounds may shift lines a little).
_FIX_CONTEXT_LINES = 5
_UNSHOWABLE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069"
    "\ufeff\ufffe\uffff]|^\\s*::|##\\["
)


class Stamper:
    """Turns violations into findings for files of one module (or of the whole run).

    `texts` are the decoded files excerpts are taken from (absolute paths); `redact` knows the
    secrets of the files involved; excerpts of `masked_lines` (file, line) hide their strings.
    `raw` are the files' bytes as read, which the byte offsets of fixes count in: a correction
    in a file not there is not offered as a fix.
    """

    def __init__(
        self,
        rules: RuleSet,
        cwd: str,
        texts: Mapping[str, str],
        redact: Redactor,
        masked_lines: frozenset[tuple[str, int]] = frozenset(),
        raw: Mapping[str, bytes] | None = None,
    ) -> None:
        self.rules = rules
        self.raw = raw or {}
        self._maps: dict[str, tuple[ByteMap, str]] = {}
        self._secret_lines: dict[tuple[str, int], bool] = {}
        self.cwd = cwd
        self.texts = texts
        self.redact = redact
        self.masked_lines = masked_lines
        self._lines: dict[str, list[str]] = {}
        self._redacted: dict[str, str] = {}

    def finding(
        self,
        rule: Rule | type[Rule],
        violation: Violation,
        file: str,
        *,
        resource: Resource | None = None,
        address: str | None = None,
        schema: str | None = None,
        excerpt: str | None = None,
    ) -> Finding:
        """The finding of a violation; `file` is where a `Place` without a file lies.

        An attribute path in the violation is resolved in `resource`. `address` and `schema`
        name the resource and its profile when there is no `resource` (run-wide rules);
        `excerpt` replaces the source line when the text is not at hand.
        """
        if isinstance(violation.at, Place):
            file, span = violation.at.file or file, violation.at.span
        else:
            assert resource is not None, f"{rule.code} gave a path without a resource"
            file, span = resource.file_for(violation.at), resource.span_of(violation.at)
        return self._build(
            rule,
            file,
            span,
            violation.message,
            address=resource.address if resource is not None else address,
            schema=resource.profile.name if resource is not None else schema,
            subject=violation.identity,
            related=tuple(self._location(p.file or file, p.span) for p in violation.related),
            excerpt=excerpt if excerpt is not None else self.excerpt(file, span.line),
            fix=self._fix(violation.correction, file) if violation.correction else None,
        )

    def _fix(self, correction: Correction, file: str) -> Fix | None:
        """The reported form of a correction: byte offsets in the files as read, replacement
        line endings those of the file; None when an edit cannot be placed exactly, or the
        fix (its text or the lines around it, which a diff shows) would reveal a secret."""
        if not correction.edits or self._reveals(correction.description):
            return None
        edits: list[FixEdit] = []
        for edit in correction.edits:
            target = edit.file or file
            data = self.raw.get(target)
            if data is None or target not in self.texts:
                return None
            if target not in self._maps:
                self._maps[target] = (ByteMap(data), hashlib.sha256(data).hexdigest())
            positions, digest = self._maps[target]
            span = edit.span
            start = positions.offset(span.line, span.column)
            end = positions.offset(span.end_line, span.end_column)
            if start is None or end is None or end < start:
                return None
            newline = positions.newline_at(span.line)
            if self._reveals(edit.replacement) or self._near_secret(target, span):
                return None
            if self._moves_aligned_comments(target, span):
                return None
            replacement = edit.replacement.replace("\n", newline)
            edits.append(
                FixEdit(
                    shown_path(target, self.cwd),
                    span.line,
                    span.column,
                    span.end_line,
                    span.end_column,
                    start,
                    end,
                    replacement,
                    digest,
                )
            )
        return Fix(correction.description, correction.safe, tuple(edits))

    def _reveals(self, text: str) -> bool:
        """Whether showing `text` as it is (in a diff) could leak a secret or act on the
        terminal or log that shows it (a control character, a workflow command)."""
        if any(_UNSHOWABLE.search(line) for line in text.split("\n")):
            return True
        return self.redact(text) != text or scrub(text) != text

    def _moves_aligned_comments(self, file: str, span: Span) -> bool:
        """Whether an edit could change how trailing comments line up: terraform fmt aligns
        those of consecutive lines, at a column set by the longest line, so an edit that
        lengthens, removes or separates such lines is not offered near two of them."""
        lines = self._file_lines(file)
        window = range(max(span.line - 1, 1), min(span.end_line + 1, len(lines)) + 1)
        return sum(1 for n in window if _has_trailing_comment(lines[n - 1])) >= 2

    def _file_lines(self, file: str) -> list[str]:
        if file not in self._lines:
            self._lines[file] = self.texts[file].split("\n")
        return self._lines[file]

    def _near_secret(self, file: str, span: Span) -> bool:
        lines = self._file_lines(file)
        first = max(span.line - _FIX_CONTEXT_LINES, 1)
        last = min(span.end_line + _FIX_CONTEXT_LINES, len(lines))
        return any(self._secret_line(file, n, lines[n - 1]) for n in range(first, last + 1))

    def _secret_line(self, file: str, number: int, line: str) -> bool:
        # Neighbouring fixes share most of their lines: judge each line once.
        key = (file, number)
        if key not in self._secret_lines:
            masked = key in self.masked_lines and mask_strings(line) != line
            self._secret_lines[key] = masked or self._reveals(line)
        return self._secret_lines[key]

    def file_problem(self, path: str, problem: SourceError) -> Finding:
        """EUNO001 for a file that cannot be read or parsed."""
        span = Span.point(problem.line, problem.column)
        # An unparsable file's strings may hold a token we could not identify: hide them all.
        excerpt = self.excerpt(path, problem.line, masked=True)
        return self._build(ParseError, path, span, problem.message, excerpt=excerpt)

    def excerpt(self, file: str, line: int, *, masked: bool = False) -> str | None:
        """The source line to show under a finding (redacted when the finding is built)."""
        if file not in self._lines:
            text = self.texts.get(file)
            if text is None:
                return None
            self._lines[file] = text.split("\n")
        lines = self._lines[file]
        if not 1 <= line <= len(lines):
            return None
        shown = lines[line - 1]
        return mask_strings(shown) if masked or (file, line) in self.masked_lines else shown

    def _build(
        self,
        rule: Rule | type[Rule],
        file: str,
        span: Span,
        message: str,
        *,
        address: str | None = None,
        schema: str | None = None,
        subject: str = "",
        related: tuple[Location, ...] = (),
        excerpt: str | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        shown, excerpt_column = (
            self._excerpt_window(excerpt, span) if excerpt is not None else (None, 1)
        )
        return Finding(
            path=shown_path(file, self.cwd),
            line=span.line,
            column=span.column,
            end_line=span.end_line,
            end_column=span.end_column,
            code=rule.code,
            name=rule.name,
            severity=self.rules.severity_of(rule),
            message=_shorten(self.redact(message)),
            resource=self.redact(address) if address is not None else None,
            schema=self.redact(schema) if schema is not None else None,
            subject=self.redact(subject),
            related=related,
            excerpt=shown,
            excerpt_column=excerpt_column,
            fix=fix,
        )

    def _excerpt_window(self, line: str, span: Span) -> tuple[str, int]:
        """The redacted part of a source line to show: a long line is cut around the finding
        (with room for the longest secret on each side) before it is redacted."""
        if len(line) <= MAX_EXCERPT:
            return _window(self._redacted_line(line), span)
        margin = _EXCERPT_CONTEXT + self.redact.longest
        start = max(span.column - 1 - margin, 0)
        piece = self._redacted_line(line[start : span.column - 1 + MAX_EXCERPT + margin])
        relative = Span(span.line, span.column - start, span.end_line, span.end_column - start)
        shown, column = _window(piece, relative)
        return shown, column + start

    def _redacted_line(self, line: str) -> str:
        # Many findings can share one (long) line: redact it once.
        if line not in self._redacted:
            self._redacted[line] = self.redact(line)
        return self._redacted[line]

    def _location(self, file: str, span: Span) -> Location:
        line = self.excerpt(file, span.line)
        excerpt = self._excerpt_window(line, span)[0] if line is not None else None
        return Location(
            shown_path(file, self.cwd),
            span.line,
            span.column,
            span.end_line,
            span.end_column,
            excerpt,
        )


def shown_path(file: str, cwd: str) -> str:
    """A file as findings show it: relative to `cwd` when inside, token-shaped parts scrubbed.

    Paths are not redacted by secret values (a directory named like a secret's fragment would
    be unrecognisable, and findings and suppressions must name files the same way everywhere).
    """
    return scrub(display_path(file, cwd))


def _has_trailing_comment(line: str) -> bool:
    """Whether a line has code and then a comment (``#``, ``//``, ``/*``) outside quotes; a
    line that starts inside a heredoc or a block comment may be judged to have one."""
    quoted = False
    position = 0
    while position < len(line):
        char = line[position]
        if quoted:
            if char == "\\":
                position += 1
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char == "#" or line.startswith(("//", "/*"), position):
            return bool(line[:position].strip())
        position += 1
    return False


def _shorten(message: str) -> str:
    """Long values (as `describe` marks them) cut to their start, the whole message bounded."""
    shortened = _MARKED_VALUE.sub(lambda m: _cut(m.group(1)), message)
    shortened = shortened.replace(VALUE_START, "").replace(VALUE_END, "")
    return shortened if len(shortened) <= MAX_MESSAGE else shortened[: MAX_MESSAGE - 1] + "…"


def _cut(value: str) -> str:
    if len(value) <= QUOTED_VALUE_CHARS:
        return value
    return value[: QUOTED_VALUE_CHARS - 3] + "..."


def _window(line: str, span: Span) -> tuple[str, int]:
    """A long line cut to the part around the finding, and the column where that part starts."""
    if len(line) <= MAX_EXCERPT:
        return line, 1
    start = max(span.column - 1 - _EXCERPT_CONTEXT, 0)
    end = min(start + MAX_EXCERPT, len(line))
    return line[start:end], start + 1
