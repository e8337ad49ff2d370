"""Drop findings that a superseding rule already reports at the same place, about the same thing.

A place is a range of positions (line, column): a finding is superseded when its range
overlaps the range of a superseding finding, or of one of its related locations. (Ranges, not
lines: a plan file holds everything on one line.) Both must be about the same resource
instance too: in a module called twice, EUNO208 about one call's cron does not hide EUNO207
about the other's, at the same line. A superseding finding about a whole block
(``euno_hex_integration.x``) covers each of its instances (``euno_hex_integration.x["a"]``);
a finding about no resource (a text rule's) is covered by any. Near-linear: the ranges each
(file, code, resource) covers are merged into sorted, disjoint ranges once, and each finding
asks them with a binary search.
"""

from __future__ import annotations

from bisect import bisect_right

from euno_lint.findings import Finding, Location
from euno_lint.rules.ruleset import RuleSet


def without_superseded(findings: list[Finding], rules: RuleSet) -> list[Finding]:
    """The findings, less those whose rule is superseded by a finding at the same place."""
    superseded_by = {rule.code: rule.superseded_by for rule in rules.rules if rule.superseded_by}
    if not superseded_by:
        return findings
    superseding = {code for codes in superseded_by.values() for code in codes}
    ranges: dict[tuple[str, str, str | None], list[tuple[_Position, _Position]]] = {}
    for finding in findings:
        if finding.code not in superseding:
            continue
        places: list[Finding | Location] = [finding, *finding.related]
        for place in places:
            for about in (_ANY, finding.resource):
                key = (place.path, finding.code, about)
                ranges.setdefault(key, []).append(_range(place))
    covered = {key: _merged(spans) for key, spans in ranges.items()}

    def is_superseded(finding: Finding) -> bool:
        first, last = _range(finding)
        abouts = _covering(finding.resource)
        return any(
            _overlaps(covered.get((finding.path, code, about)), first, last)
            for code in superseded_by.get(finding.code, ())
            for about in abouts
        )

    return [f for f in findings if not is_superseded(f)]


_Position = tuple[int, int]
_ANY = "*"  # any resource, or none


def _covering(resource: str | None) -> tuple[str | None, ...]:
    """What a superseding finding may be about to cover a finding about `resource`: the same
    instance, its block, or no resource; anything when the finding is about no resource."""
    if resource is None:
        return (_ANY,)
    block = resource.rsplit("[", 1)[0] if resource.endswith("]") else resource
    local = ".".join(block.split(".")[-2:])
    return tuple(dict.fromkeys((None, resource, block, local)))


def _range(place: Finding | Location) -> tuple[_Position, _Position]:
    """The first and last position a place covers (the end column is exclusive)."""
    first = (place.line, place.column)
    last = (max(place.end_line, place.line), max(place.end_column - 1, 1))
    return first, max(first, last)


def _merged(
    spans: list[tuple[_Position, _Position]],
) -> tuple[list[_Position], list[_Position]]:
    """Sorted, disjoint ranges as two lists: their first positions and their last ones."""
    firsts: list[_Position] = []
    lasts: list[_Position] = []
    for first, last in sorted(spans):
        if lasts and first <= lasts[-1]:
            lasts[-1] = max(lasts[-1], last)
        else:
            firsts.append(first)
            lasts.append(last)
    return firsts, lasts


def _overlaps(
    covered: tuple[list[_Position], list[_Position]] | None, first: _Position, last: _Position
) -> bool:
    if covered is None:
        return False
    firsts, lasts = covered
    index = bisect_right(firsts, last) - 1  # the last range starting at or before `last`
    return index >= 0 and lasts[index] >= first
