"""The cron dialect of ``euno_hex_integration`` and the cadence a schedule really has.

The dialect is written down once, in `FORMS`: EUNO204's page and README's "The schedule
dialect" render it with `dialect_table`, and the tests check every row against this module.
In short: 5 fields are standard cron (minute hour day-of-month month day-of-week); 6 fields put
seconds first (``0 0 9 * * MON-FRI`` is 09:00 on weekdays); 7 fields put seconds first and a
year last. Values are numbers, ``*``, lists, low-to-high ranges and steps; months and days of
the week also take names (``JAN``, ``MON-FRI``); ``?`` means any day; ``@hourly`` and its
siblings are macros. Day-of-week numbers follow cron: 0 and 7 are Sunday. When both
day-of-month and day-of-week are restricted, a day matching either fires. Quartz-style ``L``,
``W`` and ``#`` forms, hashed values (``H``), time zone prefixes and reversed ranges are
rejected, each with a message that names the field, the value and what the field takes.

The parser is ours (croniter wraps reversed ranges around and its messages do not name the
field). The cadence is computed by walking the days on which the schedule fires from a fixed
reference date, so that results do not depend on today's date (two years; eight when it fires
rarely). Only a schedule whose years are all behind it depends on today: it never fires again.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise
from typing import NamedTuple

from euno_lint.terraform.values import VALUE_END, VALUE_START

REFERENCE_YEAR = 2024  # a Monday, 1 January, starting a leap year
_SECONDS_PER_DAY = 86_400
_SHORT_HORIZON_YEARS = 2
_LONG_HORIZON_YEARS = 8
MACROS = ("@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually")
_MACRO_FIELDS = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}
MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February in common years
_ORDINALS = ("first", "second", "third", "fourth", "fifth")
_MAX_SHOWN = 24  # characters of a value quoted in a message


class CronError(Exception):
    """The expression is not valid in our dialect; the message says why.

    ``str()`` cuts a quoted value short; `marked` holds the message with each value whole,
    between `VALUE_START` and `VALUE_END`, for the stamper to cut after it redacted the message
    (a token cut short first would no longer be recognised, and part of it would be printed).
    """

    def __init__(self, marked: str) -> None:
        super().__init__(
            _MARKED.sub(lambda m: _cut(m.group(1)), marked)
            .replace(VALUE_START, "")
            .replace(VALUE_END, "")
        )
        self.marked = marked


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


# --------------------------------------------------------------------------- the dialect


class Form(NamedTuple):
    """One row of the dialect: a form, an example, and what euno-lint says about the example.

    For a supported form, `says` is the cadence's description; for a rejected one, the error.
    """

    form: str
    example: str
    supported: bool
    says: str


_QUARTZ = "Quartz-style L, W and # forms are not supported"
FORMS = (
    Form("5 fields: minute hour day-of-month month day-of-week", "30 6 * * *", True,
         "fires at 06:30 every day"),
    Form("6 fields: seconds first", "0 0 9 * * MON-FRI", True,
         "fires at 09:00 on weekdays (monday to friday)"),
    Form("7 fields: seconds first, a year (1970-2099) last", "0 0 9 ? * MON 2099", True,
         "fires at 09:00 on mondays in 2099"),
    Form("list", "0 8,20 * * *", True, "fires at 08:00 and 20:00 every day"),
    Form("range, from low to high", "0 9 * * 1-5", True,
         "fires at 09:00 on weekdays (monday to friday)"),
    Form("step on `*`", "*/15 * * * *", True, "fires every 15 minutes"),
    Form("step on a range", "0 9-17/2 * * *", True, "fires every 2 hours from 09:00 to 17:00"),
    Form("step from a start (to the end of the field)", "0 0/6 * * *", True,
         "fires at 00:00, 06:00, 12:00 and 18:00 every day"),
    Form("month and day names, any case", "0 0 6 1 JAN,JUL ?", True,
         "fires at 06:00 on day 1 of january and july"),
    Form("day of the week 0 or 7: Sunday; a range may end on SUN", "0 9 * * SAT-SUN", True,
         "fires at 09:00 on saturdays and sundays"),
    Form("`?` in day-of-month or day-of-week: any day", "0 0 9 ? * MON", True,
         "fires at 09:00 on mondays"),
    Form("both day fields restricted: a day matching either fires", "0 6 1 * MON", True,
         "fires at 06:00 on mondays and on day 1 of each month"),
    Form("`@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`, `@annually`", "@monthly", True,
         "fires at 00:00 on day 1 of each month"),
    Form("`L`: last day of the month", "0 0 L * *", False,
         f'day-of-month "L" (the last day of the month): {_QUARTZ} '
         "(day-of-month takes numbers in 1-31)"),
    Form("`L-n`: n days before the last day", "0 0 L-2 * *", False,
         f'day-of-month "L-2" (2 days before the last day of the month): {_QUARTZ} '
         "(day-of-month takes numbers in 1-31)"),
    Form("`LW`: last weekday of the month", "0 0 LW * *", False,
         f'day-of-month "LW" (the last weekday of the month): {_QUARTZ} '
         "(day-of-month takes numbers in 1-31)"),
    Form("`nW`: weekday nearest day n", "0 0 15W * *", False,
         f'day-of-month "15W" (the weekday nearest day 15): {_QUARTZ} '
         "(day-of-month takes numbers in 1-31)"),
    Form("`nL`, `FRIL`, croniter's `L5`: last given weekday", "0 6 * * 5L", False,
         f'day-of-week "5L" (the last friday of the month): {_QUARTZ} '
         "(day-of-week takes numbers in 0-7 or names SUN-SAT; 0 and 7 are Sunday)"),
    Form("`n#k`, `FRI#3`: k-th given weekday", "0 6 * * FRI#3", False,
         f'day-of-week "FRI#3" (the third friday of the month): {_QUARTZ} '
         "(day-of-week takes numbers in 0-7 or names SUN-SAT; 0 and 7 are Sunday)"),
    Form("`H`: hashed value", "H 8 * * *", False,
         'minute "H" is a hashed value, which is not supported (minute takes numbers in 0-59)'),
    Form("reversed range", "0 9 * * FRI-MON", False,
         "day-of-week range FRI-MON is reversed (FRI comes after MON): write FRI-SUN,MON"),
    Form("value out of range", "0 24 * * *", False, "hour 24 is out of range 0-23"),
    Form("step out of range", "*/0 * * * *", False, "minute step 0 is out of range 1-59"),
    Form("`CRON_TZ=` or `TZ=` prefix", "CRON_TZ=Europe/Berlin 0 8 * * *", False,
         "CRON_TZ= prefixes are not supported: the documented schema has no time zone and "
         "its crons are taken to run in UTC; write the times in UTC"),
    Form("a date that never comes", "0 0 31 2 *", False,
         "it never fires: february has no day 31"),
    Form("years all in the past", "0 0 9 * * MON-FRI 1999", False,
         "it never fires again: year 1999 is in the past"),
)  # fmt: skip


def dialect_table() -> str:
    """The dialect as a Markdown table (EUNO204's page and README.md show it)."""
    rows = ["| form | example | euno-lint |", "|---|---|---|"]
    for form in FORMS:
        verdict = "" if form.supported else "rejected: "
        rows.append(f"| {form.form} | `{form.example}` | {verdict}{form.says} |")
    return "\n".join(rows)


class _Field(NamedTuple):
    name: str
    low: int
    high: int
    takes: str  # what the field takes, after "takes"
    names: tuple[str, ...] = ()  # names[i] is the value first_name + i
    first_name: int = 0

    @property
    def wrap_high(self) -> int:
        """The end of ``*`` and of an open ``n/step``: 6 for days of the week (7 is 0)."""
        return 6 if self.name == "day-of-week" else self.high

    @property
    def step_high(self) -> int:
        return self.high - self.low if self.name == "year" else self.high


_SECOND = _Field("second", 0, 59, "numbers in 0-59")
_MINUTE = _Field("minute", 0, 59, "numbers in 0-59")
_HOUR = _Field("hour", 0, 23, "numbers in 0-23")
_DAY = _Field("day-of-month", 1, 31, "numbers in 1-31")
_MONTH = _Field(
    "month",
    1,
    12,
    "numbers in 1-12 or names JAN-DEC",
    tuple(name[:3].upper() for name in MONTH_NAMES),
    1,
)
_WEEKDAY = _Field(
    "day-of-week",
    0,
    7,
    "numbers in 0-7 or names SUN-SAT; 0 and 7 are Sunday",
    ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"),
    0,
)
_YEAR = _Field("year", 1970, 2099, "years in 1970-2099")
_LAYOUTS = {
    5: (_MINUTE, _HOUR, _DAY, _MONTH, _WEEKDAY),
    6: (_SECOND, _MINUTE, _HOUR, _DAY, _MONTH, _WEEKDAY),
    7: (_SECOND, _MINUTE, _HOUR, _DAY, _MONTH, _WEEKDAY, _YEAR),
}
_NUMBER = re.compile(r"[0-9]+")
_TIME_ZONE_PREFIX = re.compile(r"(?i)(cron_tz|tz)=")


class _Schedule(NamedTuple):
    """A parsed expression: None for a field that allows every value."""

    times: tuple[int, ...]  # seconds of the day, sorted
    days: frozenset[int] | None
    months: frozenset[int] | None
    weekdays: frozenset[int] | None  # 0 = Monday
    years: frozenset[int] | None
    either_day: bool  # both day fields restricted: a day matching either fires


_MARKED = re.compile(f"{VALUE_START}([^{VALUE_END}]*){VALUE_END}")


def _shown(text: str) -> str:
    """A value quoted in a message: marked, so that it is cut short only once redacted."""
    return f"{VALUE_START}{text}{VALUE_END}"


def _cut(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…"


def _invalid(field: _Field, value: str, problem: str) -> CronError:
    return CronError(f'{field.name} "{_shown(value)}" {problem} ({field.name} takes {field.takes})')


def _parse(text: str) -> _Schedule:
    words = text.split()
    prefix = _TIME_ZONE_PREFIX.match(words[0])
    if prefix:
        raise CronError(
            f"{prefix.group(1).upper()}= prefixes are not supported: the documented schema has "
            "no time zone and its crons are taken to run in UTC; write the times in UTC"
        )
    if text.startswith("@"):
        if len(words) != 1 or text.lower() not in _MACRO_FIELDS:
            raise CronError(f'unknown macro "{_shown(text)}"; use one of {", ".join(MACROS)}')
        words = _MACRO_FIELDS[text.lower()].split()
    if len(words) not in _LAYOUTS:
        plural = "s" if len(words) != 1 else ""
        raise CronError(
            f"it has {len(words)} field{plural}; expected 5 (standard), "
            "6 (seconds first) or 7 (seconds first, then year)"
        )
    layout = _LAYOUTS[len(words)]
    values = {
        field.name: _parse_field(field, word) for field, word in zip(layout, words, strict=True)
    }
    seconds = values.get("second", frozenset({0}))
    times = sorted(
        h * 3600 + m * 60 + s
        for h in _all(values["hour"], _HOUR)
        for m in _all(values["minute"], _MINUTE)
        for s in _all(seconds, _SECOND)
    )
    weekdays = values["day-of-week"]
    return _Schedule(
        times=tuple(times),
        days=values["day-of-month"],
        months=values["month"],
        weekdays=None if weekdays is None else frozenset((v - 1) % 7 for v in weekdays),
        years=values.get("year"),
        either_day=values["day-of-month"] is not None and weekdays is not None,
    )


def _all(values: frozenset[int] | None, field: _Field) -> Iterable[int]:
    return range(field.low, field.high + 1) if values is None else values


def _parse_field(field: _Field, word: str) -> frozenset[int] | None:
    if word == "*":
        return None
    if word == "?":
        if field not in (_DAY, _WEEKDAY):
            raise _invalid(
                field, word, "is not valid: ? is allowed only in day-of-month and day-of-week"
            )
        return None
    values: set[int] = set()
    for part in word.split(","):
        if not part:
            raise _invalid(field, word, "has an empty list element")
        values.update(_parse_part(field, part))
    return frozenset(values)


def _parse_part(field: _Field, part: str) -> range | tuple[int, ...]:
    if part[:1] in ("H", "h"):
        raise _invalid(field, part, "is a hashed value, which is not supported")
    quartz = _quartz_form(field, part)
    if quartz is not None:
        meaning = f" ({quartz})" if quartz else ""
        raise CronError(
            f'{field.name} "{_shown(part)}"{meaning}: {_QUARTZ} ({field.name} takes {field.takes})'
        )
    base, slash, step_text = part.partition("/")
    step = _step(field, step_text) if slash else None
    if base == "*":
        return range(field.low, field.wrap_high + 1, step or 1)
    low_text, dash, high_text = base.partition("-")
    low = _value(field, low_text)
    if not dash:
        return range(low, field.wrap_high + 1, step) if step else (low,)
    high = _value(field, high_text, range_end=True)
    if low > high:
        raise CronError(_reversed(field, low_text, high_text, with_step=step is not None))
    return range(low, high + 1, step or 1)


def _step(field: _Field, text: str) -> int:
    limit = f"1-{field.step_high}"
    if not _NUMBER.fullmatch(text):
        raise CronError(f'{field.name} step "{_shown(text)}" is not a number in {limit}')
    if len(text) > 6 or not 1 <= int(text) <= field.step_high:
        raise CronError(f"{field.name} step {_shown(text)} is out of range {limit}")
    return int(text)


def _value(field: _Field, text: str, *, range_end: bool = False) -> int:
    if _NUMBER.fullmatch(text):
        if len(text) > 6 or not field.low <= int(text) <= field.high:
            raise CronError(f"{field.name} {_shown(text)} is out of range {field.low}-{field.high}")
        return int(text)
    upper = text.upper()
    if upper in field.names:
        value = field.names.index(upper) + field.first_name
        return 7 if field is _WEEKDAY and value == 0 and range_end else value  # MON-SUN
    valid = f"a number in {field.low}-{field.high}"
    if field.names:
        valid += f" or a name {field.names[0]}-{field.names[-1]}"
    hint = ""
    full = MONTH_NAMES if field is _MONTH else WEEKDAY_NAMES if field is _WEEKDAY else ()
    if upper.lower() in full:
        hint = f'; did you mean "{upper[:3]}"?'
    sunday = " (0 and 7 are Sunday)" if field is _WEEKDAY else ""
    raise CronError(f'{field.name} "{_shown(text)}" is not {valid}{sunday}{hint}')


def _reversed(field: _Field, low: str, high: str, *, with_step: bool) -> str:
    message = f"{field.name} range {low}-{high} is reversed ({low} comes after {high})"
    if with_step:
        return f"{message}: ranges run from low to high within {field.low}-{field.high}"
    named = not _NUMBER.fullmatch(low)
    if field is _WEEKDAY:  # the first half ends on Sunday (7), the second starts on Monday
        top, bottom = ("SUN", "MON") if named else ("7", "1")
    elif named:
        top, bottom = field.names[-1], field.names[0]
    else:
        top, bottom = str(field.high), str(field.low)
    halves = [f"{low}-{top}" if low.upper() != top else low]
    if _value(field, high) >= _value(field, bottom):
        halves.append(f"{bottom}-{high}" if bottom != high.upper() else high)
    return f"{message}: write {','.join(halves)}"


def _quartz_form(field: _Field, part: str) -> str | None:
    """What a Quartz-style L, W or # form means ("" when unclear), or None for another form."""
    upper = part.upper()
    if field is _DAY:
        if upper == "L":
            return "the last day of the month"
        if upper == "LW":
            return "the last weekday of the month"
        if match := re.fullmatch(r"L-([0-9]{1,2})", upper):
            count = int(match.group(1))
            return f"{count} day{'s' if count != 1 else ''} before the last day of the month"
        if match := re.fullmatch(r"([0-9]{1,2})W", upper):
            return f"the weekday nearest day {int(match.group(1))}"
        return "" if re.search(r"[0-9]W|W[0-9]|L", upper) else None
    if field is _WEEKDAY:
        day = r"([0-7]|SUN|MON|TUE|WED|THU|FRI|SAT)"
        if upper == "L":
            return "saturday, the last day of Quartz's week"
        if match := re.fullmatch(f"{day}L|L{day}", upper):
            return f"the last {_weekday_name(match.group(1) or match.group(2))} of the month"
        if match := re.fullmatch(f"{day}#([0-9])", upper):
            nth = int(match.group(2))
            ordinal = _ORDINALS[nth - 1] if 1 <= nth <= len(_ORDINALS) else f"number {nth}"
            return f"the {ordinal} {_weekday_name(match.group(1))} of the month"
        return "" if "#" in upper or re.search(r"[0-7]L|L[0-7]|^L|L$", upper) else None
    return None


def _weekday_name(text: str) -> str:
    index = int(text) if text.isdigit() else _WEEKDAY.names.index(text)
    return WEEKDAY_NAMES[(index - 1) % 7]


# --------------------------------------------------------------------------- cadence


def cadence_of(expression: str, *, now: dt.datetime | None = None) -> Cadence:
    """Parse a cron expression of our dialect and compute its cadence, or raise CronError.

    `now` (UTC, naive; default: the current time) only decides whether a schedule whose years
    end has any run left.
    """
    cadence, last_run = _analyse(expression.strip())
    if last_run is not None:
        current = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
        if last_run < current:
            if last_run.year < current.year:
                raise CronError(f"it never fires again: {_years_past(expression)}")
            raise CronError(
                f"it never fires again: its last run was at {clock(_seconds(last_run))} on "
                f"{last_run.day} {MONTH_NAMES[last_run.month - 1]} {last_run.year}"
            )
    return cadence


def _years_past(expression: str) -> str:
    years = sorted(_parse(expression.strip()).years or ())
    if len(years) == 1:
        return f"year {years[0]} is in the past"
    return f"years {_span(years)} are in the past"


def _seconds(moment: dt.datetime) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


@functools.lru_cache(maxsize=1024)
def _analyse(text: str) -> tuple[Cadence, dt.datetime | None]:
    if not text:
        raise CronError("the expression is empty")
    schedule = _parse(text)
    fires = functools.partial(_fires_on, schedule)
    start_year = min(schedule.years) if schedule.years else REFERENCE_YEAR
    horizon: tuple[dt.date, ...] = ()
    days: list[dt.date] = []
    for years_ahead in (_SHORT_HORIZON_YEARS, _LONG_HORIZON_YEARS):
        horizon = _calendar(start_year, years_ahead)
        days = [d for d in horizon if fires(d)]
        if len(days) >= 2:
            break
    last_run = None
    if schedule.years is not None:
        last_day = _last_day(schedule, fires)
        if last_day is None:
            raise CronError(f"it never fires: {_never_reason(schedule)}")
        last_run = dt.datetime.combine(last_day, dt.time()) + dt.timedelta(
            seconds=schedule.times[-1]
        )
        days = days or [last_day]
    if not days:
        raise CronError(f"it never fires: {_never_reason(schedule)}")
    times = schedule.times
    gaps = [b - a for a, b in pairwise(times)]
    for earlier, later in pairwise(days):
        gaps.append((later - earlier).days * _SECONDS_PER_DAY - times[-1] + times[0])
    if schedule.years is not None:
        horizon = tuple(d for d in horizon if d.year in schedule.years)
    cadence = Cadence(
        weekdays=frozenset(d.weekday() for d in days),
        every_day=len(days) == len(horizon),
        min_gap=min(gaps) if gaps else None,
        max_gap=max(gaps) if gaps else None,
        max_runs_per_day=len(times),
        description=_describe(list(times), _days_phrase(schedule)),
    )
    return cadence, last_run


def _fires_on(schedule: _Schedule, day: dt.date) -> bool:
    if schedule.months is not None and day.month not in schedule.months:
        return False
    if schedule.years is not None and day.year not in schedule.years:
        return False
    in_month = schedule.days is None or day.day in schedule.days
    in_week = schedule.weekdays is None or day.weekday() in schedule.weekdays
    return (in_month or in_week) if schedule.either_day else (in_month and in_week)


def _last_day(schedule: _Schedule, fires: Callable[[dt.date], bool]) -> dt.date | None:
    for year in sorted(schedule.years or (), reverse=True):
        day = dt.date(year, 12, 31)
        while day.year == year:
            if fires(day):
                return day
            day -= dt.timedelta(days=1)
    return None


def _never_reason(schedule: _Schedule) -> str:
    if schedule.days is not None and not schedule.either_day:
        months = sorted(schedule.months or range(1, 13))
        if all(d > _month_length(m) for d in schedule.days for m in months):
            names = [MONTH_NAMES[m - 1] for m in months]
            has = "has" if len(names) == 1 else "have"
            days = sorted(schedule.days)
            which = f"day {days[0]}" if len(days) == 1 else f"days {_and(map(str, days), 'or')}"
            return f"{_and(names)} {has} no {which}"
        if schedule.years is not None and months == [2] and set(schedule.days) == {29}:
            return f"none of its years ({_span(sorted(schedule.years))}) is a leap year"
    return "no day matches its day, month and year fields"


def _month_length(month: int) -> int:
    return 29 if month == 2 else _MONTH_DAYS[month - 1]


@functools.lru_cache(maxsize=16)
def _calendar(start_year: int, years: int) -> tuple[dt.date, ...]:
    first = dt.date(start_year, 1, 1)
    last = dt.date(start_year + years, 1, 1)
    return tuple(first + dt.timedelta(days=n) for n in range((last - first).days))


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


def _every(seconds: int) -> str:
    """``every hour``, ``every 15 minutes``: a period without a leading 1."""
    words = duration(seconds)
    return "every " + (words.removeprefix("1 ") if words.startswith("1 ") else words)


def _and(items: Iterable[str], conjunction: str = "and") -> str:
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]


def weekday_list(weekdays: frozenset[int] | set[int]) -> str:
    """Weekdays as words in calendar order: ``monday, wednesday and friday``."""
    return _and(WEEKDAY_NAMES[d] for d in sorted(weekdays))


def _on_weekdays(weekdays: frozenset[int]) -> str:
    """``on mondays and thursdays``, ``on weekdays (monday to friday)``, ``every day``."""
    if len(weekdays) == 7:
        return "every day"
    if weekdays == frozenset(range(5)):
        return "on weekdays (monday to friday)"
    return "on " + _and(WEEKDAY_NAMES[d] + "s" for d in sorted(weekdays))


def _span(numbers: Sequence[int]) -> str:
    """Numbers as words: ``1``, ``1 and 15``, ``1 to 7 and 15``, ``1, 3, 5, ..., 31``."""
    if len(numbers) >= 5 and len({b - a for a, b in pairwise(numbers)}) == 1:
        step = numbers[1] - numbers[0]
        if step > 1:
            return f"{numbers[0]}, {numbers[1]}, {numbers[2]}, ..., {numbers[-1]}"
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    words: list[str] = []
    for run in runs:
        if len(run) >= 3:
            words.append(f"{run[0]} to {run[-1]}")
        else:
            words.extend(str(n) for n in run)
    return _and(words)


def _days_phrase(schedule: _Schedule) -> str:
    days = None if schedule.days is None or len(schedule.days) == 31 else schedule.days
    weekdays = schedule.weekdays if schedule.weekdays and len(schedule.weekdays) < 7 else None
    if schedule.either_day and (days is None or weekdays is None):
        days = weekdays = None  # one of the two fields matches every day
    months = schedule.months if schedule.months and len(schedule.months) < 12 else None
    month_names = _and(MONTH_NAMES[m - 1] for m in sorted(months)) if months else ""
    if days is None:
        phrase = "every day" if weekdays is None else _on_weekdays(weekdays)
        phrase += f" in {month_names}" if months else ""
    else:
        ordered = sorted(days)
        which = f"day {ordered[0]}" if len(ordered) == 1 else f"days {_span(ordered)}"
        if weekdays is not None:
            phrase = f"{_on_weekdays(weekdays)} and on {which} of each month"
            phrase += f", in {month_names}" if months else ""
        else:
            phrase = f"on {which} of {month_names or 'each month'}"
            phrase += _short_months(ordered, sorted(months or range(1, 13)))
    years = sorted(schedule.years or ())
    if len(years) >= 3 and years[-1] - years[0] == len(years) - 1:
        phrase += f" from {years[0]} to {years[-1]}"
    elif years:
        phrase += f" in {_span(years)}"
    return phrase


def _short_months(days: list[int], months: list[int]) -> str:
    """The caveat when a month lacks one of the days: ``(shorter months skip day 31)``."""
    lacking = [d for d in days if any(d > _MONTH_DAYS[m - 1] for m in months)]
    if not lacking:
        return ""
    if lacking == [29]:  # only February lacks it, in common years
        return " (only in leap years)" if months == [2] else " (february only in leap years)"
    if len(lacking) > 1:
        return " (shorter months skip the days they lack)"
    return (
        " (shorter months skip it)"
        if days == lacking
        else f" (shorter months skip day {lacking[0]})"
    )


def _describe(times: list[int], days: str) -> str:
    # "every hour every day in january" says "every" once: "every hour in january"
    where = days.removeprefix("every day") if days.startswith("every day") else f" {days}"
    if len(times) == 1:
        return f"fires at {clock(times[0])} {days}"
    if len(times) <= 4:
        return f"fires at {_and(clock(t) for t in times)} {days}"
    steps = {b - a for a, b in pairwise(times)}
    step = min(steps)
    if len(steps) == 1 and times[-1] + step - times[0] == _SECONDS_PER_DAY and times[0] < step:
        return f"fires {_around_the_clock(times, step)}{where}"
    if len(steps) == 1:
        return f"fires {_every(step)} from {clock(times[0])} to {clock(times[-1])}{where}"
    shown = ", ".join(clock(t) for t in times[:3])
    return f"fires {len(times)} times a day ({shown}, ..., {clock(times[-1])}){where}"


def _around_the_clock(times: list[int], step: int) -> str:
    """A period that repeats all day long, starting in its first period of the day."""
    first = times[0]
    if step == 3600:
        minute, second = divmod(first, 60)
        return f"every hour at minute {minute}" + (f", second {second}" if second else "")
    if step == 60:
        return "every minute" + (f" at second {first}" if first else "")
    if not first and step < 3600:
        return _every(step)
    if step < 3600 and 3600 % step == 0 and step % 60 == 0:
        minutes = [str(t // 60) for t in times if t < 3600]
        return f"{_every(step)}, at minutes {_and(minutes)}"
    return f"{_every(step)} from {clock(first)} to {clock(times[-1])}"


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
        description=f"runs {_on_weekdays(weekdays)}",
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
