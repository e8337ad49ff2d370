"""The cron dialect of ``euno_hex_integration`` and the cadence a schedule really has.

Dialect: 5 fields are standard cron (minute hour day-of-month month day-of-week); 6 fields put
seconds first (``0 0 9 * * MON-FRI`` is 09:00 on weekdays); 7 fields put seconds first and a
year last. ``?``, names (``MON-FRI``, ``JAN``) and ``@hourly``/``@daily``/``@weekly``/
``@monthly``/``@yearly`` are allowed. Day-of-week numbers follow cron: 0 and 7 are Sunday.
When both day-of-month and day-of-week are restricted, a day matching either fires.

Expressions are parsed and expanded by croniter. The cadence is then computed by walking the
actual fire times from a fixed reference date (so results never depend on today's date): the
days on which the schedule fires over two years (eight when it fires rarely) and its times of
day. Fields croniter cannot expand into plain values (``L``, ``W``, ``#``) are walked run by
run with croniter itself.
"""

from __future__ import annotations

import datetime as dt
import functools
from itertools import pairwise
from typing import NamedTuple

REFERENCE_YEAR = 2024  # a Monday, 1 January, starting a leap year
_SECONDS_PER_DAY = 86_400
_SHORT_HORIZON_YEARS = 2
_LONG_HORIZON_YEARS = 8
_MAX_WALKED_RUNS = 20_000
MACROS = ("@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually")
MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class CronError(Exception):
    """The expression is not valid in our dialect; the message says why."""


class Cadence(NamedTuple):
    """When a schedule runs: weekdays (0 = Monday), times of day, and gaps between runs.

    Gaps are in seconds; they are None when the schedule fires only once in the horizon.
    """

    weekdays: frozenset[int]
    every_day: bool
    min_gap: int | None
    max_gap: int | None
    max_runs_per_day: int
    description: str


@functools.lru_cache(maxsize=1024)
def cadence_of(expression: str) -> Cadence:
    """Parse a cron expression of our dialect and compute its cadence, or raise CronError."""
    text = expression.strip()
    if not text:
        raise CronError("the expression is empty")
    fields = text.split()
    if text.startswith("@"):
        if len(fields) != 1 or text.lower() not in MACROS:
            raise CronError(f"unknown macro; use one of {', '.join(MACROS[:5])}")
    elif len(fields) not in (5, 6, 7):
        plural = "s" if len(fields) != 1 else ""
        raise CronError(
            f"it has {len(fields)} field{plural}; expected 5 (standard), "
            "6 (seconds first) or 7 (seconds first, then year)"
        )
    elif any(f[:1] in ("H", "h") for f in fields):
        raise CronError("hashed values (H) are not supported")
    seconds_first = len(fields) >= 6
    expanded, nth = _expand(text, seconds_first=seconds_first)
    day_of_month = fields[3 if seconds_first else 2] if len(fields) > 1 else ""
    special = (
        bool(nth)
        or "W" in day_of_month.upper()
        or any(not isinstance(v, int) and v != "*" for field in expanded for v in field)
    )
    if special:
        return _walk_runs(text, seconds_first=seconds_first)
    return _from_fields(expanded)


def _expand(text: str, *, seconds_first: bool) -> tuple[list[list[int | str]], dict[int, set[int]]]:
    from croniter import croniter

    try:
        expanded, nth = croniter.expand(text, second_at_beginning=seconds_first)
    except Exception as error:  # croniter signals every bad expression with its own classes
        raise CronError(_croniter_reason(str(error))) from None
    return expanded, nth


def _croniter_reason(message: str) -> str:
    lowered = message.lower()
    if "out of range" in lowered:
        return "a value is out of range for its field"
    if "step" in lowered:
        return "a step value is not acceptable"
    if "columns" in lowered:
        return "wrong number of fields"
    return "it is not a valid cron expression"


def _values(field: list[int | str], low: int, high: int) -> list[int]:
    if "*" in field:
        return list(range(low, high + 1))
    return sorted({v for v in field if isinstance(v, int)})


def _from_fields(expanded: list[list[int | str]]) -> Cadence:
    minutes, hours, doms, months, dows = expanded[:5]
    seconds: list[int | str] = expanded[5] if len(expanded) > 5 else [0]
    years: list[int | str] = expanded[6] if len(expanded) > 6 else ["*"]
    times = sorted(
        {
            h * 3600 + m * 60 + s
            for h in _values(hours, 0, 23)
            for m in _values(minutes, 0, 59)
            for s in _values(seconds, 0, 59)
        }
    )
    dom_set = set(_values(doms, 1, 31))
    dow_set = {v % 7 for v in _values(dows, 0, 7)}
    month_set = set(_values(months, 1, 12))
    year_set = None if "*" in years else {v for v in years if isinstance(v, int)}
    either_day = doms[0] != "*" and dows[0] != "*"
    start_year = min(year_set) if year_set else REFERENCE_YEAR

    def fires(day: dt.date) -> bool:
        if day.month not in month_set or (year_set is not None and day.year not in year_set):
            return False
        in_month, in_week = day.day in dom_set, (day.weekday() + 1) % 7 in dow_set
        return (in_month or in_week) if either_day else (in_month and in_week)

    horizon: tuple[dt.date, ...] = ()
    days: list[dt.date] = []
    for years_ahead in (_SHORT_HORIZON_YEARS, _LONG_HORIZON_YEARS):
        horizon = tuple(
            d for d in _calendar(start_year, years_ahead) if year_set is None or d.year in year_set
        )
        days = [d for d in horizon if fires(d)]
        if len(days) >= 2:
            break
    if not days:
        raise CronError("it never fires (no day matches its day, month and year fields)")
    gaps = [b - a for a, b in pairwise(times)]
    for earlier, later in pairwise(days):
        gaps.append((later - earlier).days * _SECONDS_PER_DAY - times[-1] + times[0])
    in_months = frozenset(month_set) if len(month_set) < 12 else None
    return _cadence(days, horizon, times, gaps, runs_per_day=len(times), months=in_months)


@functools.lru_cache(maxsize=16)
def _calendar(start_year: int, years: int) -> tuple[dt.date, ...]:
    first = dt.date(start_year, 1, 1)
    last = dt.date(start_year + years, 1, 1)
    return tuple(first + dt.timedelta(days=n) for n in range((last - first).days))


def _walk_runs(text: str, *, seconds_first: bool) -> Cadence:
    from croniter import croniter

    start = dt.datetime(REFERENCE_YEAR, 1, 1)
    end = start.replace(year=REFERENCE_YEAR + _SHORT_HORIZON_YEARS)
    runs: list[dt.datetime] = []
    try:
        iterator = croniter(
            text, start - dt.timedelta(seconds=1), second_at_beginning=seconds_first
        )
        while len(runs) < _MAX_WALKED_RUNS:
            run = iterator.get_next(dt.datetime)
            if run >= end:
                break
            runs.append(run)
    except Exception as error:  # croniter's own error classes
        raise CronError(_croniter_reason(str(error))) from None
    if not runs:
        raise CronError("it never fires")
    per_day: dict[dt.date, int] = {}
    for run in runs:
        per_day[run.date()] = per_day.get(run.date(), 0) + 1
    days = sorted(per_day)
    horizon = tuple(d for d in _calendar(REFERENCE_YEAR, _SHORT_HORIZON_YEARS) if d <= days[-1])
    times = sorted({r.hour * 3600 + r.minute * 60 + r.second for r in runs})
    gaps = [int((b - a).total_seconds()) for a, b in pairwise(runs)]
    return _cadence(days, horizon, times, gaps, runs_per_day=max(per_day.values()))


def _cadence(
    days: list[dt.date],
    horizon: tuple[dt.date, ...],
    times: list[int],
    gaps: list[int],
    *,
    runs_per_day: int,
    months: frozenset[int] | None = None,
) -> Cadence:
    weekdays = frozenset(d.weekday() for d in days)
    if months is not None:
        horizon = tuple(d for d in horizon if d.month in months)
    every_day = len(days) == len(horizon)
    by_weekday = len(days) == sum(1 for d in horizon if d.weekday() in weekdays)
    phrase = _days_phrase(weekdays, every_day, by_weekday)
    if months is not None and (every_day or by_weekday):
        names = [MONTH_NAMES[m - 1] for m in sorted(months)]
        phrase += " in " + (
            names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        )
    return Cadence(
        weekdays=weekdays,
        every_day=every_day,
        min_gap=min(gaps) if gaps else None,
        max_gap=max(gaps) if gaps else None,
        max_runs_per_day=runs_per_day,
        description=_describe(times, phrase),
    )


# --------------------------------------------------------------------------- descriptions


def clock(seconds: int) -> str:
    """A time of day as ``08:00`` (or ``08:00:30`` when seconds matter)."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def duration(seconds: int) -> str:
    """A gap as words: ``30 minutes``, ``1 hour``, ``7 days``."""
    for unit, size in (("day", _SECONDS_PER_DAY), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} hours"
    if seconds >= 60:
        return f"{seconds / 60:.1f} minutes"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def weekday_list(weekdays: frozenset[int] | set[int]) -> str:
    """Weekdays as words in calendar order: ``monday, wednesday and friday``."""
    names = [WEEKDAY_NAMES[d] for d in sorted(weekdays)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _days_phrase(weekdays: frozenset[int], every_day: bool, by_weekday: bool) -> str:
    if every_day:
        return "every day"
    if not by_weekday:
        return "on some days of the month"
    if weekdays == frozenset(range(5)):
        return "on weekdays (monday to friday)"
    return f"on {weekday_list(weekdays)}"


def _describe(times: list[int], days: str) -> str:
    if len(times) == 1:
        return f"fires at {clock(times[0])} {days}"
    where = "" if days == "every day" else f" {days}"
    steps = {b - a for a, b in pairwise(times)}
    step = min(steps)
    around_the_clock = len(steps) == 1 and times[-1] + step - times[0] == _SECONDS_PER_DAY
    if around_the_clock and (days == "every day" or step < 3600):
        if step == 3600:
            minute, second = divmod(times[0], 60)
            at = f"minute {minute}" + (f", second {second}" if second else "")
            return f"fires every hour at {at}{where}"
        every = "second" if step == 1 else duration(step)
        return f"fires every {every}{where}"
    shown = ", ".join(clock(t) for t in times[:4]) + (", ..." if len(times) > 4 else "")
    return f"fires {len(times)} times a day ({shown}) {days}"


def fixed_cadence(gap: int, weekdays: frozenset[int], description: str) -> Cadence:
    """The cadence of a schedule given by its frequency alone (no cron expression)."""
    return Cadence(
        weekdays=weekdays,
        every_day=len(weekdays) == 7,
        min_gap=gap,
        max_gap=gap,
        max_runs_per_day=max(1, _SECONDS_PER_DAY // gap) if gap < _SECONDS_PER_DAY else 1,
        description=description,
    )


def weekly_cadence(weekdays: frozenset[int]) -> Cadence:
    """Once a day on the given weekdays: gaps are the distances between those days."""
    ordered = sorted(weekdays)
    gaps = [
        ((b - a) % 7 or 7) * _SECONDS_PER_DAY
        for a, b in zip(ordered, ordered[1:] + ordered[:1], strict=False)
    ]
    return Cadence(
        weekdays=weekdays,
        every_day=len(weekdays) == 7,
        min_gap=min(gaps),
        max_gap=max(gaps),
        max_runs_per_day=1,
        description=f"runs once a day on {weekday_list(weekdays)}",
    )


def stray_field_reading(expression: str) -> tuple[str, Cadence] | None:
    """For 6 fields: the 5-field expression the author probably meant, if it is valid."""
    fields = expression.split()
    if len(fields) != 6:
        return None
    five = " ".join(fields[:5])
    try:
        return five, cadence_of(five)
    except CronError:
        return None
