"""When an integration really runs, read from its schedule in either dialect.

The documented schema schedules with ``frequency``, ``cron_expression`` and lowercase
``repeat_on`` days; the code's schema with ``repeat_on`` days (``monday`` or ``Mon``, in any
case) at ``repeat_time``, or every ``repeat_period`` hours. Shared by the schedule and
invalidation rules; it reports nothing itself.
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
from euno_lint.terraform.resource import Resource

FREQUENCIES = ("hourly", "daily", "weekly", "custom")
HOUR, DAY = 3600, 86_400
# The code's dialect: a day is its English name or its three-letter abbreviation, any case.
DAY_FORMS = {
    **{name: index for index, name in enumerate(WEEKDAY_NAMES)},
    **{name[:3]: index for index, name in enumerate(WEEKDAY_NAMES)},
}


def is_documented(resource: Resource) -> bool:
    """Whether the resource is checked against the documented schema's dialect."""
    return resource.profile.dialect == "documented"


def day_index(resource: Resource, day: str) -> int | None:
    """Monday 0 to Sunday 6, as the resource's dialect spells days; None for a non-day."""
    if is_documented(resource):
        return WEEKDAY_NAMES.index(day) if day in WEEKDAY_NAMES else None
    return DAY_FORMS.get(day.lower())


def known_frequency(resource: Resource) -> str | None:
    """The frequency when it is one of the valid values, else None."""
    frequency = resource.value("schedule.frequency")
    return frequency if isinstance(frequency, str) and frequency in FREQUENCIES else None


def valid_cron(resource: Resource) -> Cadence | None:
    """The cadence of the cron expression, when it is known and valid."""
    cron = resource.value("schedule.cron_expression")
    if not isinstance(cron, str):
        return None
    try:
        return cadence_of(cron)
    except CronError:
        return None


def repeat_on_days(resource: Resource) -> frozenset[int] | None:
    """The weekdays of repeat_on, when every element is known and valid (duplicates allowed)."""
    days = resource.value("schedule.repeat_on")
    if not isinstance(days, tuple) or not days:
        return None
    indexes = [day_index(resource, d) if isinstance(d, str) else None for d in days]
    if any(index is None for index in indexes):
        return None
    return frozenset(index for index in indexes if index is not None)


def repeat_period_hours(resource: Resource) -> int | None:
    """repeat_period when it is known and a whole number of at least 1."""
    period = resource.value("schedule.repeat_period")
    if isinstance(period, bool) or not isinstance(period, int | float):
        return None
    return int(period) if period >= 1 and float(period).is_integer() else None


def effective_cadence(resource: Resource) -> Cadence | None:
    """When the integration really runs, or None when that is not statically known."""
    if not is_documented(resource):
        days = repeat_on_days(resource)
        if days:
            return weekly_cadence(days)
        period = repeat_period_hours(resource)
        if period is None:
            return None
        plural = f"{period} hours" if period != 1 else "hour"
        return fixed_cadence(period * HOUR, frozenset(range(7)), f"runs every {plural}")
    if resource.value("schedule.cron_expression") is not None:
        return valid_cron(resource)
    frequency = known_frequency(resource)
    if frequency == "hourly":
        return fixed_cadence(HOUR, frozenset(range(7)), "runs every hour")
    if frequency == "daily":
        return fixed_cadence(DAY, frozenset(range(7)), "runs once a day")
    if frequency == "weekly":
        days = repeat_on_days(resource)
        return weekly_cadence(days) if days else None
    return None
