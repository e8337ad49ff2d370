"""Drop findings that a superseding rule already reports on the same lines.

Near-linear: the lines each (file, code) covers are merged into sorted, disjoint ranges once,
and each finding asks them with a binary search.
"""

from __future__ import annotations

from bisect import bisect_right

from euno_lint.findings import Finding
from euno_lint.rules.ruleset import RuleSet


def without_superseded(findings: list[Finding], rules: RuleSet) -> list[Finding]:
    """The findings, less those whose rule is superseded by a finding on the same lines."""
    superseded_by = {rule.code: rule.superseded_by for rule in rules.rules if rule.superseded_by}
    if not superseded_by:
        return findings
    superseding = {code for codes in superseded_by.values() for code in codes}
    ranges: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for finding in findings:
        if finding.code not in superseding:
            continue
        places = [(finding.path, finding.line, finding.end_line)]
        places += [(r.path, r.line, r.end_line) for r in finding.related]
        for path, first, last in places:
            ranges.setdefault((path, finding.code), []).append((first, last))
    covered = {key: _merged(spans) for key, spans in ranges.items()}

    def is_superseded(finding: Finding) -> bool:
        return any(
            _overlaps(covered.get((finding.path, code)), finding.line, finding.end_line)
            for code in superseded_by.get(finding.code, ())
        )

    return [f for f in findings if not is_superseded(f)]


def _merged(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted, disjoint line ranges as two lists: their first lines and their last lines."""
    firsts: list[int] = []
    lasts: list[int] = []
    for first, last in sorted(spans):
        if lasts and first <= lasts[-1]:
            lasts[-1] = max(lasts[-1], last)
        else:
            firsts.append(first)
            lasts.append(last)
    return firsts, lasts


def _overlaps(covered: tuple[list[int], list[int]] | None, first: int, last: int) -> bool:
    if covered is None:
        return False
    firsts, lasts = covered
    index = bisect_right(firsts, last) - 1  # the last range starting at or before `last`
    return index >= 0 and lasts[index] >= first
