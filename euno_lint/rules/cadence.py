"""When a schedule really runs: its frequency, cron expression and repeat_on, taken together.

Shared by the schedule and invalidation rules; it reports nothing itself.
"""

from __future__ import annotations

from euno_lint.rules.cron import (
    WEEKDAY_NAMES,
    Cadence,
    CronError,
    cadence_of,
    fixed_cadence,
    weekly_cadence,
)
from euno_lint.terraform.schema import Schedule

FREQUENCIES = ("hourly", "daily", "weekly", "custom")
HOUR, DAY = 3600, 86_400


def known_frequency(schedule: Schedule) -> str | None:
    """The frequency when it is one of the valid values, else None."""
    return schedule.frequency if schedule.frequency in FREQUENCIES else None


def valid_cron(schedule: Schedule) -> Cadence | None:
    """The cadence of the cron expression, when it is known and valid."""
    if not isinstance(schedule.cron_expression, str):
        return None
    try:
        return cadence_of(schedule.cron_expression)
    except CronError:
        return None


def repeat_on_days(schedule: Schedule) -> frozenset[int] | None:
    """The weekdays of repeat_on, when every element is known and valid (duplicates allowed)."""
    days = schedule.repeat_on
    if not isinstance(days, tuple) or not days:
        return None
    if not all(isinstance(d, str) and d in WEEKDAY_NAMES for d in days):
        return None
    return frozenset(WEEKDAY_NAMES.index(d) for d in days if isinstance(d, str))


def effective_cadence(schedule: Schedule) -> Cadence | None:
    """When the integration really runs: from the cron if given, else from the frequency."""
    if schedule.cron_expression is not None:
        return valid_cron(schedule)
    frequency = known_frequency(schedule)
    if frequency == "hourly":
        return fixed_cadence(HOUR, frozenset(range(7)), "runs every hour")
    if frequency == "daily":
        return fixed_cadence(DAY, frozenset(range(7)), "runs once a day")
    if frequency == "weekly":
        days = repeat_on_days(schedule)
        return weekly_cadence(days) if days else None
    return None
