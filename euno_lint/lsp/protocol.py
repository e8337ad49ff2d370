"""Findings in the language server protocol's terms: diagnostics, code actions, hover text.

Pure functions of findings and document lines; nothing here reads files or talks to a client.
Paths in findings are display paths relative to the lint's working directory; the caller
passes that directory and a way to get the lines of any file an edit or related location names.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

from lsprotocol import types
from pygls.uris import from_fs_path

from euno_lint.findings import SUPPRESSION_KEYWORD, Finding, Fix, Location, Severity
from euno_lint.lsp.positions import Lines
from euno_lint.paths import absolute
from euno_lint.rules import find_rule
from euno_lint.rules.reference import page_url

SOURCE = "euno-lint"
# What the suppression action writes after "--": the parser needs some text there when the
# configuration requires a reason, and a placeholder that reads as one gets replaced.
REASON_PLACEHOLDER = "<reason>"
_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.NOTE: types.DiagnosticSeverity.Information,
}
# The lines of a file by absolute path (an open buffer, else the file on disk), None when
# they cannot be had.
LinesOf = Callable[[str], Lines | None]
_ASSUMED = Lines(())  # unknown text: positions as if every character were one UTF-16 unit


def uri_of(path: str) -> str:
    """The file URI of an absolute path."""
    return from_fs_path(path) or "file://" + path


def _range(where: Finding | Location, lines: Lines | None) -> types.Range:
    if lines is None or not lines.lines:
        start = types.Position(max(where.line - 1, 0), max(where.column - 1, 0))
        end = types.Position(max(where.end_line - 1, 0), max(where.end_column - 1, 0))
        return types.Range(start, end)
    return lines.range(where.line, where.column, where.end_line, where.end_column)


def diagnostic(finding: Finding, lines: Lines, cwd: str, lines_of: LinesOf) -> types.Diagnostic:
    """The diagnostic of a finding in the document whose `lines` are given."""
    rule = find_rule(finding.code)
    related = [
        types.DiagnosticRelatedInformation(
            types.Location(
                uri_of(absolute(place.path, cwd)),
                _range(place, lines_of(absolute(place.path, cwd))),
            ),
            (place.excerpt or "").strip() or "related location",
        )
        for place in finding.related
    ]
    return types.Diagnostic(
        range=_range(finding, lines),
        message=finding.message,
        severity=_SEVERITIES[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(page_url(rule)) if rule is not None else None,
        source=SOURCE,
        related_information=related or None,
    )


def fix_action(
    finding: Finding, fix: Fix, diagnostic: types.Diagnostic, cwd: str, lines_of: LinesOf
) -> types.CodeAction:
    """The code action that applies a finding's fix (its edits may span several files)."""
    changes: dict[str, list[types.TextEdit]] = {}
    for edit in fix.edits:
        path = absolute(edit.path, cwd)
        lines = lines_of(path)
        span = (edit.line, edit.column, edit.end_line, edit.end_column)
        where = lines.range(*span) if lines is not None and lines.lines else _ASSUMED.range(*span)
        changes.setdefault(uri_of(path), []).append(types.TextEdit(where, edit.replacement))
    return types.CodeAction(
        title=f"{fix.description} ({finding.code})",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=fix.safe,
        edit=types.WorkspaceEdit(changes=changes),
    )


def suppression_action(
    code: str, diagnostic: types.Diagnostic, uri: str, lines: Lines, statement_line: int
) -> types.CodeAction:
    """The code action that writes ``# euno-lint-ignore: CODE -- <reason>`` on a line of its own
    above the statement (1-based `statement_line`), indented like it."""
    text = lines.lines[statement_line - 1] if statement_line <= len(lines.lines) else ""
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    comment = f"{indent}# {SUPPRESSION_KEYWORD}: {code} -- {REASON_PLACEHOLDER}\n"
    start = types.Position(statement_line - 1, 0)
    return types.CodeAction(
        title=f"Suppress {code} here (# {SUPPRESSION_KEYWORD})",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(
            changes={uri: [types.TextEdit(types.Range(start, start), comment)]}
        ),
    )


def hover_markdown(codes: Sequence[str]) -> str | None:
    """The explanation of the rules with these codes (summary and why), as Markdown."""
    parts = []
    for code in dict.fromkeys(codes):
        rule = find_rule(code)
        if rule is None:
            continue
        why = textwrap.dedent(rule.why).strip()
        parts.append(
            f"**{rule.code}** `{rule.name}` ({rule.severity})\n\n{rule.summary}.\n\n{why}\n\n"
            f"[{rule.code} reference]({page_url(rule)})"
        )
    return "\n\n---\n\n".join(parts) or None


def contains(where: types.Range, position: types.Position) -> bool:
    """Whether a position lies in a range (its end included: the cursor just after a word)."""
    start, end = where.start, where.end
    return (
        (start.line, start.character)
        <= (position.line, position.character)
        <= (
            end.line,
            end.character,
        )
    )


def overlaps(first: types.Range, second: types.Range) -> bool:
    """Whether two ranges share a position (touching counts)."""
    return contains(first, second.start) or contains(second, first.start)
