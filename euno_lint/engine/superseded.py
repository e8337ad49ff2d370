"""Drop findings that a superseding rule already reports on the same lines."""

from __future__ import annotations

from euno_lint.findings import Finding
from euno_lint.rules.ruleset import RuleSet


def without_superseded(findings: list[Finding], rules: RuleSet) -> list[Finding]:
    """The findings, less those whose rule is superseded by a finding on the same lines."""
    superseded_by = {rule.code: rule.superseded_by for rule in rules.rules if rule.superseded_by}
    if not superseded_by:
        return findings
    covered: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for finding in findings:
        places = [(finding.path, finding.line, finding.end_line)]
        places += [(r.path, r.line, r.end_line) for r in finding.related]
        for path, first, last in places:
            covered.setdefault((path, finding.code), []).append((first, last))

    def is_superseded(finding: Finding) -> bool:
        return any(
            first <= finding.end_line and finding.line <= last
            for code in superseded_by.get(finding.code, ())
            for first, last in covered.get((finding.path, code), ())
        )

    return [f for f in findings if not is_superseded(f)]
