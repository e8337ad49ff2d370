"""The rules enabled for a run, with their options and effective severities."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from euno_lint.findings import Severity
from euno_lint.rules.base import Rule

RuleKind = TypeVar("RuleKind", bound=Rule)


@dataclass(frozen=True)
class RuleSet:
    """Enabled rule instances (options applied) and per-code severity overrides."""

    rules: tuple[Rule, ...]
    severities: Mapping[str, Severity] = field(default_factory=dict)
    # Asked for every module and file: filtered once per kind.
    _by_kind: dict[type[Rule], tuple[Rule, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def of_kind(self, kind: type[RuleKind]) -> tuple[RuleKind, ...]:
        """The enabled rules of one kind (resource, module, run, text)."""
        if kind not in self._by_kind:
            self._by_kind[kind] = tuple(rule for rule in self.rules if isinstance(rule, kind))
        return self._by_kind[kind]  # type: ignore[return-value]

    def severity_of(self, rule: Rule | type[Rule]) -> Severity:
        """The severity a finding of this rule gets in this run."""
        return self.severities.get(rule.code, rule.severity)

    def is_enabled(self, code: str) -> bool:
        """Whether the rule with this code runs."""
        return any(rule.code == code for rule in self.rules)
