"""The rule registry: every rule, listed explicitly, in code order."""

from __future__ import annotations

from euno_lint.rules.account import DuplicateIntegrationName, InvalidImportId
from euno_lint.rules.arguments import (
    ComputedAttribute,
    DocumentedNotImplemented,
    DuplicateBlock,
    InvalidArgumentType,
    MissingRequiredArgument,
    UnknownArgument,
)
from euno_lint.rules.base import Rule
from euno_lint.rules.builtin import (
    AnalysisLimitExceeded,
    InvalidSuppression,
    ParseError,
    UnusedSuppression,
)
from euno_lint.rules.configuration import (
    EmptyRequiredValue,
    PlaceholderValue,
    ProjectIdIsUrl,
    UndeclaredVariable,
)
from euno_lint.rules.invalidation import InvalidTtlDays, MissingRevisionId, TtlShorterThanSchedule
from euno_lint.rules.schedule import (
    CronFrequencyMismatch,
    CustomFrequencyRequiresCron,
    InvalidCronExpression,
    InvalidFrequency,
    InvalidRepeatOnDay,
    InvalidRepeatPeriod,
    InvalidRepeatTime,
    InvalidTimeZone,
    RepeatOnCronConflict,
    ScheduleTooFrequent,
    WeeklyFrequencyRequiresRepeatOn,
)
from euno_lint.rules.secrets import (
    EphemeralVariableInResource,
    HardcodedApiToken,
    HexTokenLiteral,
    SecretInTfvars,
    SecretVariableDefault,
    TokenVariableNotSensitive,
)

ALL_RULES: tuple[type[Rule], ...] = (
    ParseError,
    InvalidSuppression,
    UnusedSuppression,
    AnalysisLimitExceeded,
    MissingRequiredArgument,
    UnknownArgument,
    InvalidArgumentType,
    DuplicateBlock,
    ComputedAttribute,
    DocumentedNotImplemented,
    InvalidFrequency,
    CustomFrequencyRequiresCron,
    WeeklyFrequencyRequiresRepeatOn,
    InvalidCronExpression,
    InvalidRepeatOnDay,
    RepeatOnCronConflict,
    CronFrequencyMismatch,
    ScheduleTooFrequent,
    InvalidTimeZone,
    InvalidRepeatTime,
    InvalidRepeatPeriod,
    MissingRevisionId,
    InvalidTtlDays,
    TtlShorterThanSchedule,
    HardcodedApiToken,
    TokenVariableNotSensitive,
    UndeclaredVariable,
    SecretVariableDefault,
    SecretInTfvars,
    PlaceholderValue,
    HexTokenLiteral,
    ProjectIdIsUrl,
    EmptyRequiredValue,
    EphemeralVariableInResource,
    DuplicateIntegrationName,
    InvalidImportId,
)


def find_rule(code_or_name: str) -> type[Rule] | None:
    """The rule with this code (any case) or name, if there is one."""
    wanted = code_or_name.strip()
    for rule in ALL_RULES:
        if rule.code == wanted.upper() or rule.name == wanted.lower():
            return rule
    return None
