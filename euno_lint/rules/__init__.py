"""The rule registry: every rule, listed explicitly, in code order."""

from __future__ import annotations

from euno_lint.rule import Rule
from euno_lint.rules.builtin import ParseError
from euno_lint.rules.schema import (
    ComputedAttribute,
    DuplicateBlock,
    InvalidArgumentType,
    MissingRequiredArgument,
    UnknownArgument,
)

ALL_RULES: tuple[type[Rule], ...] = (
    ParseError,
    MissingRequiredArgument,
    UnknownArgument,
    InvalidArgumentType,
    DuplicateBlock,
    ComputedAttribute,
)


def find_rule(code_or_name: str) -> type[Rule] | None:
    """The rule with this code (any case) or name, if there is one."""
    wanted = code_or_name.strip()
    for rule in ALL_RULES:
        if rule.code == wanted.upper() or rule.name == wanted.lower():
            return rule
    return None
