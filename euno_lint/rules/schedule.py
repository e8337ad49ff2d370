"""Schedule rules: frequency, cron expression and repeat_on, and what they really do together."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from euno_lint.findings import Severity, Violation
from euno_lint.rules.base import ResourceRule
from euno_lint.rules.cadence import (
    DAY,
    FREQUENCIES,
    HOUR,
    known_frequency,
    repeat_on_days,
    valid_cron,
)
from euno_lint.rules.cron import (
    WEEKDAY_NAMES,
    Cadence,
    CronError,
    cadence_of,
    duration,
    stray_field_reading,
    weekday_list,
)
from euno_lint.rules.examples import CLEAN_EXAMPLE, integration
from euno_lint.suggest import closest
from euno_lint.terraform.resource import Resource
from euno_lint.terraform.values import Unknown

_SCHEDULE_TAGS = ("schedule",)


class InvalidFrequency(ResourceRule):
    code = "EUNO201"
    name = "invalid-frequency"
    severity = Severity.ERROR
    summary = "The frequency is not one of hourly, daily, weekly, custom"
    tags = _SCHEDULE_TAGS
    why = """
The provider accepts exactly `hourly`, `daily`, `weekly` or `custom` (lowercase) and rejects
anything else at apply time. The message suggests the closest valid value (`Daily` -> `daily`).
"""
    example = integration(schedule='    frequency = "Daily"\n')
    fix = CLEAN_EXAMPLE

    def check(self, resource: Resource) -> Iterator[Violation]:
        frequency = resource.model.schedule.frequency
        if isinstance(frequency, str) and frequency not in FREQUENCIES:
            suggestion = closest(frequency, FREQUENCIES)
            hint = f'; did you mean "{suggestion}"?' if suggestion else ""
            yield Violation(
                f'frequency "{frequency}" is not valid{hint} (valid: {", ".join(FREQUENCIES)})',
                "schedule.frequency",
            )


class CustomFrequencyRequiresCron(ResourceRule):
    code = "EUNO202"
    name = "custom-frequency-requires-cron"
    severity = Severity.ERROR
    summary = "A custom frequency has no cron_expression"
    tags = _SCHEDULE_TAGS
    why = """
A `custom` frequency means "run on this cron expression"; without `cron_expression` (absent or
`null`) the integration has no schedule at all and the provider rejects it.
"""
    example = integration(schedule='    frequency = "custom"\n')
    fix = integration(
        schedule='    frequency       = "custom"\n    cron_expression = "0 0 9 * * MON-FRI"\n'
    )

    def check(self, resource: Resource) -> Iterator[Violation]:
        schedule = resource.model.schedule
        if schedule.frequency == "custom" and schedule.cron_expression is None:
            yield Violation(
                'frequency is "custom" but no cron_expression is set',
                "schedule",
                subject="schedule.cron_expression",
            )


class WeeklyFrequencyRequiresRepeatOn(ResourceRule):
    code = "EUNO203"
    name = "weekly-frequency-requires-repeat-on"
    severity = Severity.ERROR
    summary = "A weekly frequency has no repeat_on days"
    tags = _SCHEDULE_TAGS
    why = """
A `weekly` schedule runs on the days listed in `repeat_on`. Without it (absent or `null`,
reported at the `schedule` block) or with an empty list (reported at the attribute) the
integration never runs.
"""
    example = integration(schedule='    frequency = "weekly"\n')
    fix = integration(schedule='    frequency = "weekly"\n    repeat_on = ["monday", "thursday"]\n')

    def check(self, resource: Resource) -> Iterator[Violation]:
        schedule = resource.model.schedule
        if schedule.frequency != "weekly":
            return
        if schedule.repeat_on is None:
            yield Violation(
                'frequency is "weekly" but repeat_on is not set: list the days to run on',
                "schedule",
                subject="schedule.repeat_on",
            )
        elif schedule.repeat_on == ():
            yield Violation(
                'frequency is "weekly" but repeat_on is empty: list the days to run on',
                "schedule.repeat_on",
            )


class InvalidCronExpression(ResourceRule):
    code = "EUNO204"
    name = "invalid-cron-expression"
    severity = Severity.ERROR
    summary = "The cron_expression is not valid in the provider's cron dialect"
    tags = _SCHEDULE_TAGS
    why = """
The expression must be valid in the provider's dialect: 5 fields are standard cron (minute
hour day-of-month month day-of-week), 6 fields put seconds first (`0 0 9 * * MON-FRI` is 09:00
on weekdays), 7 fields add a year at the end. `?`, names (`MON-FRI`, `JAN`) and `@hourly`,
`@daily`, `@weekly`, `@monthly`, `@yearly` are allowed; `H` (hashed) values are not. An
expression that can never fire (`0 0 31 2 *`) is reported too. An invalid expression is not
judged by the other schedule rules.
"""
    example = integration(
        schedule='    frequency       = "custom"\n    cron_expression = "0 9 * * MON-FRI *"\n'
    )
    fix = integration(
        schedule='    frequency       = "custom"\n    cron_expression = "0 0 9 * * MON-FRI"\n'
    )

    def check(self, resource: Resource) -> Iterator[Violation]:
        cron = resource.model.schedule.cron_expression
        if not isinstance(cron, str):
            return
        try:
            cadence_of(cron)
        except CronError as error:
            yield Violation(
                f'cron_expression "{cron}" is not valid: {error}', "schedule.cron_expression"
            )


class InvalidRepeatOnDay(ResourceRule):
    code = "EUNO205"
    name = "invalid-repeat-on-day"
    severity = Severity.ERROR
    summary = "A repeat_on element is not a lowercase weekday, or repeats one"
    tags = _SCHEDULE_TAGS
    why = """
`repeat_on` lists weekdays as lowercase English names, `monday` to `sunday`. Abbreviations
(`mon`), capitals (`Friday`) and typos (`wendesday`) are rejected by the provider; the message
suggests the intended day. A day listed twice is reported too. Each offending element is one
finding, at the element.
"""
    example = integration(
        schedule='    frequency = "weekly"\n    repeat_on = ["mon", "Thursday"]\n'
    )
    fix = integration(schedule='    frequency = "weekly"\n    repeat_on = ["monday", "thursday"]\n')

    def check(self, resource: Resource) -> Iterator[Violation]:
        days = resource.model.schedule.repeat_on
        if not isinstance(days, tuple):
            return
        seen: set[str] = set()
        for index, day in enumerate(days):
            if isinstance(day, Unknown):
                continue
            at = f"schedule.repeat_on[{index}]"
            if day not in WEEKDAY_NAMES:
                suggestion = closest(day, WEEKDAY_NAMES)
                hint = f'; did you mean "{suggestion}"?' if suggestion else ": use monday to sunday"
                yield Violation(f'"{day}" is not a day of the week{hint}', at)
            elif day in seen:
                yield Violation(f'"{day}" is listed more than once in repeat_on', at)
            seen.add(day)


class RepeatOnCronConflict(ResourceRule):
    code = "EUNO206"
    name = "repeat-on-cron-conflict"
    severity = Severity.WARNING
    summary = "The weekdays the cron fires on differ from repeat_on"
    tags = _SCHEDULE_TAGS
    why = """
When both `cron_expression` and `repeat_on` are set, they say two things about the days the
integration runs. If the weekdays on which the cron really fires differ from the `repeat_on`
days, one of them is wrong; the message names the days that differ.
"""
    example = integration(
        schedule=(
            '    frequency       = "custom"\n'
            '    cron_expression = "0 0 9 * * MON-FRI"\n'
            '    repeat_on       = ["monday", "wednesday"]\n'
        )
    )
    fix = integration(
        schedule=(
            '    frequency       = "custom"\n'
            '    cron_expression = "0 0 9 * * MON,WED"\n'
            '    repeat_on       = ["monday", "wednesday"]\n'
        )
    )

    def check(self, resource: Resource) -> Iterator[Violation]:
        schedule = resource.model.schedule
        cadence, days = valid_cron(schedule), repeat_on_days(schedule)
        if cadence is None or days is None or cadence.weekdays == days:
            return
        parts = []
        only_cron = cadence.weekdays - days
        only_repeat = days - cadence.weekdays
        if only_cron:
            parts.append(f"the cron also fires on {weekday_list(only_cron)}")
        if only_repeat:
            parts.append(f"repeat_on lists {weekday_list(only_repeat)}, when the cron never fires")
        yield Violation(
            f"cron_expression and repeat_on disagree: {'; '.join(parts)}",
            "schedule.cron_expression",
        )


class CronFrequencyMismatch(ResourceRule):
    code = "EUNO207"
    name = "cron-frequency-mismatch"
    severity = Severity.WARNING
    summary = "The cron's real cadence contradicts the frequency"
    tags = _SCHEDULE_TAGS
    superseded_by = ("EUNO208",)
    why = """
With `frequency = "hourly"`, `"daily"` or `"weekly"`, a `cron_expression` should run at that
cadence: hourly means the smallest gap between runs is one hour, daily that it is 24 hours,
weekly at most one run per day. The cadence is computed from the real fire times, and the
message says what the cron really does.

A classic trap: the documented `0 8 * * * *` looks like "08:00 daily", but it has 6 fields,
so the first is seconds: it fires every hour at minute 8. When an expression reads as intended
as a 5-field expression with a stray extra field, the message says so and gives the 6-field
form (`0 0 8 * * *`). `custom` schedules are not checked. EUNO208 takes precedence.
"""
    example = integration(
        schedule='    frequency       = "daily"\n    cron_expression = "0 8 * * * *"\n'
    )
    fix = integration(
        schedule='    frequency       = "daily"\n    cron_expression = "0 0 8 * * *"\n'
    )

    def check(self, resource: Resource) -> Iterator[Violation]:
        schedule = resource.model.schedule
        frequency, cadence = known_frequency(schedule), valid_cron(schedule)
        if (
            frequency in (None, "custom")
            or cadence is None
            or not isinstance(schedule.cron_expression, str)
        ):
            return
        assert frequency is not None
        if _matches(frequency, cadence):
            return
        message = f'frequency is "{frequency}" but the cron {cadence.description}'
        stray = stray_field_reading(schedule.cron_expression)
        if stray is not None and _matches(frequency, stray[1]):
            five, meant = stray
            fixed = f"0 {five}"
            message += (
                f'; it reads as the 5-field "{five}" ({meant.description.removeprefix("fires ")})'
                f' with a stray sixth field, but 6 fields put seconds first: write "{fixed}"'
            )
        yield Violation(message, "schedule.cron_expression")


def _matches(frequency: str, cadence: Cadence) -> bool:
    if frequency == "hourly":
        return cadence.min_gap == HOUR
    if frequency == "daily":
        return cadence.min_gap == DAY
    return cadence.max_runs_per_day <= 1


class _TooFrequentOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    min_interval_minutes: int = Field(
        60,
        alias="min-interval-minutes",
        ge=1,
        description="the smallest allowed gap between two runs, in minutes",
    )


class ScheduleTooFrequent(ResourceRule):
    code = "EUNO208"
    name = "schedule-too-frequent"
    severity = Severity.WARNING
    summary = "Two runs of the cron are closer than min-interval-minutes"
    tags = _SCHEDULE_TAGS
    Options = _TooFrequentOptions
    options: _TooFrequentOptions
    why = """
Each run crawls the whole Hex project. A cron that fires more often than every
`min-interval-minutes` (default 60: hourly is fine, every 30 minutes is not) loads Hex and Euno
for little gain, and a runaway expression (`* * * * * *`, every second) can exhaust API quotas.
The smallest gap between two consecutive runs is computed from the real fire times. This rule
takes precedence over EUNO207.
"""
    example = integration(
        schedule='    frequency       = "custom"\n    cron_expression = "*/15 * * * *"\n'
    )
    fix = integration(
        schedule='    frequency       = "custom"\n    cron_expression = "0 * * * *"\n'
    )

    def check(self, resource: Resource) -> Iterator[Violation]:
        cadence = valid_cron(resource.model.schedule)
        limit = self.options.min_interval_minutes * 60
        if cadence is None or cadence.min_gap is None or cadence.min_gap >= limit:
            return
        yield Violation(
            f"the cron {cadence.description}: two runs can be {duration(cadence.min_gap)} apart, "
            f"less than the minimum of {duration(limit)}",
            "schedule.cron_expression",
        )
