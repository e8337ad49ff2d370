"""The terminal report: one line per finding, the source line underlined, and a summary.

Plain text unless colour was asked for; only then is rich imported.

The report is often printed in a CI log, where the GitHub Actions runner takes a line that
starts with ``::`` (after any leading spaces) for a workflow command, and so a line holding
``##[`` anywhere (the older syntax). Paths, messages and source lines come from the scanned
repository, so no line may do either: a path that would start a line with ``::`` or ``##[``
is shown as ``./path``, and ``##[`` anywhere is shown as ``##\x5b``.
"""

from __future__ import annotations

from typing import NamedTuple

from euno_lint.findings import Finding, Location, Report, Severity
from euno_lint.reporters.common import RenderOptions, printable, rule_counts

_TAB_WIDTH = 4
_STYLES = {
    "path": "bold",
    "error": "bold red",
    "warning": "bold yellow",
    "note": "bold cyan",
    "code": "dim",
    "gutter": "blue",
    "caret": "bold red",
    "summary": "bold",
}


class _Piece(NamedTuple):
    text: str
    style: str = ""


def render(report: Report, options: RenderOptions) -> str:
    """The report as lines of text, coloured with ANSI codes when `options.color`."""
    lines: list[list[_Piece]] = []
    for finding in report.active():
        lines.append(_headline(finding))
        if options.show_source and finding.excerpt is not None:
            lines.extend(_source(finding))
        if options.show_source:
            for place in finding.related:
                lines.extend(_related(place))
    if options.statistics:
        lines.extend(_statistics(report))
    lines.append([_Piece(summary(report), "summary")])
    lines.extend([_Piece(line)] for line in not_analysed(report))
    if report.stale_baseline:
        count = report.stale_baseline
        lines.append(
            [
                _Piece(
                    f"{_plural(count, 'baseline entry')} no longer "
                    f"match{'es' if count == 1 else ''} any finding: "
                    "rewrite the baseline with --write-baseline to prune "
                    f"{'it' if count == 1 else 'them'}"
                )
            ]
        )
    lines = [[piece._replace(text=_defused(piece.text)) for piece in line] for line in lines]
    if options.color:
        return _colored(lines)
    return "".join("".join(p.text for p in line) + "\n" for line in lines)


_OLD_COMMAND = "##["


def _defused(text: str) -> str:
    """Text without the older workflow command syntax, which the runner finds anywhere."""
    return text.replace(_OLD_COMMAND, "##\\x5b") if _OLD_COMMAND in text else text


def _shown_path(path: str) -> str:
    """A finding's path as it starts its line: never as a workflow command (``::error...``)."""
    shown = printable(path)
    return "./" + shown if shown.lstrip().startswith(("::", _OLD_COMMAND)) else shown


def _headline(finding: Finding) -> list[_Piece]:
    return [
        _Piece(f"{_shown_path(finding.path)}:{finding.line}:{finding.column}:", "path"),
        _Piece(" "),
        _Piece(str(finding.severity), str(finding.severity)),
        _Piece(" "),
        _Piece(finding.code, "code"),
        *([_Piece(" [*]", "code")] if finding.fix is not None and finding.fix.safe else []),
        _Piece(f" {printable(finding.message)}"),
    ]


def _related(place: Location) -> list[list[_Piece]]:
    """A related location (where a value was written): its path, then its source line."""
    if place.excerpt is None:
        return []
    where = f"{printable(place.path)}:{place.line}:{place.column}"
    return [[_Piece(" " * 5 + " = ", "gutter"), _Piece(where, "path")], *_source(place)]


def _source(finding: Finding | Location) -> list[list[_Piece]]:
    assert finding.excerpt is not None
    raw = finding.excerpt
    offset = _excerpt_column(finding) - 1  # a long line is shown from this column, after "…"
    lead = "…" if offset else ""
    shown = lead + printable(raw.expandtabs(_TAB_WIDTH))
    column = max(finding.column - offset, 1)
    start = len(lead) + len(raw[: column - 1].expandtabs(_TAB_WIDTH))
    end_column = finding.end_column - offset if finding.end_line == finding.line else len(raw) + 1
    # A redacted excerpt can be shorter than the original line: keep the underline inside it.
    end = min(
        len(lead) + len(raw[: max(end_column - 1, column)].expandtabs(_TAB_WIDTH)), len(shown)
    )
    gutter = f"{finding.line:>5} | "
    return [
        [_Piece(gutter, "gutter"), _Piece(shown)],
        [
            _Piece(" " * 5 + " | ", "gutter"),
            _Piece(" " * start),
            _Piece("^" * max(end - start, 1), "caret"),
        ],
    ]


def _excerpt_column(where: Finding | Location) -> int:
    return where.excerpt_column if isinstance(where, Finding) else 1


def _plural(count: int, noun: str) -> str:
    if count == 1:
        return f"1 {noun}"
    if noun.endswith("x"):
        return f"{count} {noun}es"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"


def summary(report: Report) -> str:
    """``3 errors, 1 warning in 12 files`` (notes and suppressions only when present; how
    many fixes were applied, or how many findings --fix would fix)."""
    parts = [
        _plural(report.count(Severity.ERROR), "error"),
        _plural(report.count(Severity.WARNING), "warning"),
    ]
    notes = report.count(Severity.NOTE)
    if notes:
        parts.append(_plural(notes, "note"))
    hidden = [
        f"{count} {label}"
        for count, label in ((report.suppressed(), "suppressed"), (report.baselined, "baselined"))
        if count
    ]
    extra = f" ({', '.join(hidden)})" if hidden else ""
    gaps = f"; {len(report.not_analysed)} not fully analysed" if report.not_analysed else ""
    return f"{', '.join(parts)} in {_plural(report.files, 'file')}{extra}{gaps}{_fixes(report)}"


def _fixes(report: Report) -> str:
    """``; 2 fixes applied``, ``; 3 fixable with --fix ([*]), 1 more with --unsafe-fixes``
    (counting findings that are not suppressed)."""
    parts = [f"{_plural(report.fixed, 'fix')} applied"] if report.fixed else []
    safe = report.fixable()
    unsafe = report.fixable(unsafe=True) - safe
    if safe:
        parts.append(f"{safe} fixable with --fix ([*])")
    if unsafe:
        more = "more with" if safe else "fixable with --fix"
        parts.append(f"{unsafe} {more} --unsafe-fixes")
    return "; " + ", ".join(parts) if parts else ""


def statistics(report: Report) -> list[str]:
    """The findings per rule (``--statistics``): a heading, then one line per rule, most
    frequent first, ``  12  EUNO201  invalid-frequency``. Nothing when there is no finding."""
    return ["".join(piece.text for piece in line) for line in _statistics(report)]


def _statistics(report: Report) -> list[list[_Piece]]:
    rows = rule_counts(report)
    if not rows:
        return []
    count_width = len(str(rows[0].count))
    code_width = max(len(row.code) for row in rows)
    return [
        [_Piece("findings per rule:")],
        *(
            [
                _Piece(f"  {row.count:>{count_width}}  "),
                _Piece(f"{row.code:<{code_width}}", "code"),
                _Piece(f"  {printable(row.name)}"),
            ]
            for row in rows
        ),
    ]


MAX_GAPS_SHOWN = 10


def not_analysed(report: Report) -> list[str]:
    """What could not be fully analysed, one line each (the first MAX_GAPS_SHOWN): a clean
    result is only as good as what was looked at."""
    gaps = report.not_analysed
    if not gaps:
        return []
    count = len(gaps)
    lines = [
        f"{count} {'resource or module' if count == 1 else 'resources or modules'} "
        "not fully analysed:"
    ]
    for gap in gaps[:MAX_GAPS_SHOWN]:
        where = f"{_shown_path(gap.path)}:{gap.line}:{gap.column}"
        lines.append(f"  {where}: {printable(gap.subject)}: {printable(gap.reason)}")
    if count > MAX_GAPS_SHOWN:
        lines.append(f"  and {count - MAX_GAPS_SHOWN} more (--format json lists them all)")
    return lines


def _colored(lines: list[list[_Piece]]) -> str:
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    # The caller decided on colour (--color, NO_COLOR, FORCE_COLOR): rich must not undo it.
    console = Console(
        file=buffer,
        force_terminal=True,
        no_color=False,
        color_system="standard",
        width=10_000,
        highlight=False,
    )
    for line in lines:
        text = Text()
        for piece in line:
            text.append(piece.text, style=_STYLES.get(piece.style, ""))
        console.print(text, soft_wrap=True)
    return buffer.getvalue()
