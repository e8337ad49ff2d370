"""Schedule rules: what a schedule says and what it really does, in either dialect.

The documented schema schedules with frequency, cron_expression and repeat_on; the code's
schema with time_zone, repeat_on days at repeat_time, or every repeat_period hours.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from euno_lint.findings import Correction, Severity, Violation
from euno_lint.rules.base import ResourceRule
from euno_lint.rules.cadence import (
    DAY,
    DAY_FORMS,
    FREQUENCIES,
    HOUR,
    day_index,
    effective_cadence,
    is_documented,
    known_frequency,
    repeat_on_days,
    valid_cron,
)
from euno_lint.rules.cron import (
    WEEKDAY_NAMES,
    Cadence,
    CronError,
    cadence_of,
    dialect_table,
    duration,
    stray_field_reading,
    weekday_list,
)
from euno_lint.rules.examples import CLEAN_EXAMPLE, CODE_EXAMPLE, integration
from euno_lint.rules.fixes import replace_string
from euno_lint.suggest import closest, sole_candidate
from euno_lint.terraform.resource import Resource
from euno_lint.terraform.values import format_number

_SCHEDULE_TAGS = ("schedule",)
DOCUMENTED_ONLY = frozenset({"documented"})
CODE_ONLY = frozenset({"code"})


class InvalidFrequency(ResourceRule):
    code = "EUNO201"
    dialects = DOCUMENTED_ONLY
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
    autofix = (
        "safe when the value differs from a valid one in case alone (`Daily`), unsafe for "
        "a near-miss spelling with exactly one candidate (`wekly`)"
    )

    def check(self, resource: Resource) -> Iterator[Violation]:
        frequency = resource.value("schedule.frequency")
        if isinstance(frequency, str) and frequency not in FREQUENCIES:
            suggestion = closest(frequency, FREQUENCIES)
            hint = f'; did you mean "{suggestion}"?' if suggestion else ""
            sole = sole_candidate(frequency, FREQUENCIES)
            correction = None
            if sole is not None and sole[0] == suggestion:
                correction = replace_string(
                    resource,
                    "schedule.frequency",
                    suggestion,
                    f'write "{suggestion}"',
                    safe=sole[1],
                )
            yield Violation(
                f'frequency "{frequency}" is not valid{hint} (valid: {", ".join(FREQUENCIES)})',
                "schedule.frequency",
                correction=correction,
            )


class CustomFrequencyRequiresCron(ResourceRule):
    code = "EUNO202"
    dialects = DOCUMENTED_ONLY
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
        if resource.value("schedule.frequency") != "custom":
            return
        if resource.value("schedule.cron_expression") is None:
            yield Violation(
                'frequency is "custom" but no cron_expression is set',
                "schedule",
                subject="schedule.cron_expression",
            )


class WeeklyFrequencyRequiresRepeatOn(ResourceRule):
    code = "EUNO203"
    dialects = DOCUMENTED_ONLY
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
        if resource.value("schedule.frequency") != "weekly":
            return
        repeat_on = resource.value("schedule.repeat_on")
        if repeat_on is None:
            yield Violation(
                'frequency is "weekly" but repeat_on is not set: list the days to run on',
                "schedule",
                subject="schedule.repeat_on",
            )
        elif repeat_on == ():
            yield Violation(
                'frequency is "weekly" but repeat_on is empty: list the days to run on',
                "schedule.repeat_on",
            )


class InvalidCronExpression(ResourceRule):
    code = "EUNO204"
    dialects = DOCUMENTED_ONLY
    name = "invalid-cron-expression"
    severity = Severity.ERROR
    summary = "The cron_expression is not valid in the provider's cron dialect"
    tags = _SCHEDULE_TAGS
    why = """
The expression must be valid in the dialect of the provider's documentation: 5 fields are
standard cron (minute hour day-of-month month day-of-week), 6 fields put seconds first
(`0 0 9 * * MON-FRI` is 09:00 on weekdays), 7 fields put seconds first and a year last. Values
are numbers, `*`, lists, ranges from low to high and steps; months and days of the week also
take names; `?` means any day. An invalid expression is not judged by the other schedule rules.

**Which dialect.** `cron_expression` exists only in the provider's docs page: its code (every
release) has no such argument, and the schedule it sends to Euno's API has no cron at all
(`time_zone`, `repeat_on`, `repeat_time`, `repeat_period`). Nothing that would run the cron
documents what it accepts, so euno-lint accepts what the docs page shows (5 fields; 6 fields
with seconds first and names such as `MON-FRI`) and the forms every cron implementation reads
the same way. Quartz-style `L`, `W` and `#` forms (`L`, `L-2`, `LW`, `15W`, `5L`, `FRIL`,
`FRI#3`) are rejected: neither the provider nor Euno documents them, and the dialects that have
them disagree (Quartz numbers days of the week from 1 = Sunday, so its `5L` is the last
Thursday where Spring's is the last Friday, and croniter spells the last Friday `L5`), so
euno-lint can neither vouch for them nor say when they fire. A reversed range (`FRI-MON`,
`22-2`) is rejected too: some implementations wrap it around, others refuse it.

**Time zone.** The documented schema has no time zone and the docs page names none: a cron is
taken to run in UTC (no daylight saving time), so `0 0 9 * * MON-FRI` is 09:00 UTC, and a
`CRON_TZ=` or `TZ=` prefix is rejected. (Under the provider's code, `euno-0.1`, the schedule
has an explicit `time_zone`: see EUNO209.)

**Never fires.** An expression that can never fire (`0 0 31 2 *`) is reported, and so is one
whose years are all behind it: it never fires again.

Form by form (each row is checked by the tests):

""" + dialect_table()
    example = integration(
        schedule='    frequency       = "custom"\n    cron_expression = "0 9 * * MON-FRI *"\n'
    )
    fix = integration(
        schedule='    frequency       = "custom"\n    cron_expression = "0 0 9 * * MON-FRI"\n'
    )
    autofix = (
        "safe: an expression that is invalid as written but reads as a 5-field expression "
        "with a stray sixth field becomes the 6-field form the message gives"
    )

    def check(self, resource: Resource) -> Iterator[Violation]:
        cron = resource.value("schedule.cron_expression")
        if not isinstance(cron, str):
            return
        try:
            cadence_of(cron)
        except CronError as error:
            message = f'cron_expression "{cron}" is not valid: {error.marked}'
            stray = stray_field_reading(cron)
            correction = None
            if stray is not None:
                message += (
                    f'; it reads as the 5-field "{stray[0]}" with a stray sixth field, but 6 '
                    f'fields put seconds first: write "0 {stray[0]}"'
                )
                fixed = f"0 {stray[0]}"
                correction = replace_string(
                    resource, "schedule.cron_expression", fixed, f'write "{fixed}"'
                )
            yield Violation(message, "schedule.cron_expression", correction=correction)


class InvalidRepeatOnDay(ResourceRule):
    code = "EUNO205"
    name = "invalid-repeat-on-day"
    severity = Severity.ERROR
    summary = "A repeat_on element is not a day of the week, or repeats one"
    tags = _SCHEDULE_TAGS
    why = """
`repeat_on` lists the days to run on. The documented schema wants lowercase English names,
`monday` to `sunday`: abbreviations (`mon`), capitals (`Friday`) and typos (`wendesday`) are
rejected. The provider's code (`euno-0.1`) passes the days to the API as written, and its own
tests write `"Mon"`: there a day is its English name or its three-letter abbreviation, in any
case. Either way a day listed twice is reported, and the message suggests the intended day.
Each offending element is one finding, at the element.
"""
    example = integration(
        schedule='    frequency = "weekly"\n    repeat_on = ["mon", "Thursday"]\n'
    )
    fix = integration(schedule='    frequency = "weekly"\n    repeat_on = ["monday", "thursday"]\n')
    autofix = (
        "safe when the element is a day in another case or abbreviated (`mon`, `Thursday`, "
        "under the documented schema), unsafe for a near-miss spelling with exactly one "
        "candidate (`wendesday`); never when the day is already listed"
    )

    def check(self, resource: Resource) -> Iterator[Violation]:
        days = resource.value("schedule.repeat_on")
        if not isinstance(days, tuple):
            return
        documented = is_documented(resource)
        valid = WEEKDAY_NAMES if documented else tuple(DAY_FORMS)
        seen: set[int] = set()
        repeats: dict[str, int] = {}
        for position, day in enumerate(days):
            if not isinstance(day, str):
                continue
            at = f"schedule.repeat_on[{position}]"
            # Identity by value (and by repeat), so that adding a day keeps the baseline.
            repeats[day] = repeats.get(day, 0) + 1
            subject = f"schedule.repeat_on[{json.dumps(day)}]#{repeats[day]}"
            index = day_index(resource, day)
            if index is None:
                suggestion = closest(day, valid)
                if suggestion is not None and documented:
                    hint = f'; did you mean "{suggestion}"?'
                elif suggestion is not None:
                    hint = f'; did you mean "{WEEKDAY_NAMES[DAY_FORMS[suggestion]]}"?'
                else:
                    hint = ": use monday to sunday" + ("" if documented else ", or mon to sun")
                correction = _day_correction(resource, days, position, documented)
                yield Violation(
                    f'"{day}" is not a day of the week{hint}', at, subject, correction=correction
                )
            elif index in seen:
                yield Violation(f'"{day}" is listed more than once in repeat_on', at, subject)
            else:
                seen.add(index)


def _day_correction(
    resource: Resource, days: tuple[object, ...], position: int, documented: bool
) -> Correction | None:
    """The day an element can only mean, when writing it lists no day twice."""
    day = days[position]
    assert isinstance(day, str)
    if day.lower() in DAY_FORMS and documented:
        meant, safe = WEEKDAY_NAMES[DAY_FORMS[day.lower()]], True
    else:
        forms = WEEKDAY_NAMES if documented else tuple(DAY_FORMS)
        sole = sole_candidate(day, forms, lambda form: DAY_FORMS[form.lower()])
        if sole is None:
            return None
        meant, safe = WEEKDAY_NAMES[DAY_FORMS[sole[0].lower()]], False
    # An element that is itself to be fixed counts as the day it will be.
    others = {
        DAY_FORMS.get(other.lower()) if documented else day_index(resource, other)
        for number, other in enumerate(days)
        if number != position and isinstance(other, str)
    }
    if DAY_FORMS[meant] in others:
        return None
    return replace_string(
        resource, f"schedule.repeat_on[{position}]", meant, f'write "{meant}"', safe=safe
    )


class RepeatOnCronConflict(ResourceRule):
    code = "EUNO206"
    dialects = DOCUMENTED_ONLY
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
        cadence, days = valid_cron(resource), repeat_on_days(resource)
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
    dialects = DOCUMENTED_ONLY
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
    autofix = (
        "unsafe (the expression is valid and the fix changes when it fires): a cron that "
        "reads as the frequency says as a 5-field expression with a stray sixth field becomes "
        "the 6-field form the message gives"
    )

    def check(self, resource: Resource) -> Iterator[Violation]:
        frequency, cadence = known_frequency(resource), valid_cron(resource)
        cron = resource.value("schedule.cron_expression")
        if frequency in (None, "custom") or cadence is None or not isinstance(cron, str):
            return
        assert frequency is not None
        if _matches(frequency, cadence):
            return
        message = f'frequency is "{frequency}" but the cron {cadence.description}'
        stray = stray_field_reading(cron)
        correction = None
        if stray is not None and _matches(frequency, stray[1]):
            five, meant = stray
            fixed = f"0 {five}"
            message += (
                f'; it reads as the 5-field "{five}" ({meant.description.removeprefix("fires ")})'
                f' with a stray sixth field, but 6 fields put seconds first: write "{fixed}"'
            )
            correction = replace_string(
                resource, "schedule.cron_expression", fixed, f'write "{fixed}"', safe=False
            )
        yield Violation(message, "schedule.cron_expression", correction=correction)


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
    summary = "Two scheduled runs are closer than min-interval-minutes"
    tags = _SCHEDULE_TAGS
    Options = _TooFrequentOptions
    options: _TooFrequentOptions
    why = """
Each run crawls the whole Hex project. A schedule that runs more often than every
`min-interval-minutes` (default 60: hourly is fine, every 30 minutes is not) loads Hex and Euno
for little gain, and a runaway cron (`* * * * * *`, every second) can exhaust API quotas. The
smallest gap between two consecutive runs is computed from the real fire times of the cron,
or, under the provider's code (`euno-0.1`), from `repeat_period` (hours). This rule takes
precedence over EUNO207.
"""
    example = integration(
        schedule='    frequency       = "custom"\n    cron_expression = "*/15 * * * *"\n'
    )
    fix = integration(
        schedule='    frequency       = "custom"\n    cron_expression = "0 * * * *"\n'
    )

    def check(self, resource: Resource) -> Iterator[Violation]:
        documented = is_documented(resource)
        cadence = valid_cron(resource) if documented else effective_cadence(resource)
        limit = self.options.min_interval_minutes * 60
        if cadence is None or cadence.min_gap is None or cadence.min_gap >= limit:
            return
        what, at = ("the cron", "schedule.cron_expression")
        if not documented:
            what, at = ("the schedule", "schedule.repeat_period")
        yield Violation(
            f"{what} {cadence.description}: two runs can be {duration(cadence.min_gap)} apart, "
            f"less than the minimum of {duration(limit)}",
            at,
        )


class InvalidTimeZone(ResourceRule):
    code = "EUNO209"
    name = "invalid-time-zone"
    severity = Severity.ERROR
    summary = "The schedule's time_zone is not an IANA time zone name"
    tags = _SCHEDULE_TAGS
    dialects = CODE_ONLY
    why = """
Under the provider's code (`euno-0.1`), `schedule.time_zone` says in which time zone
`repeat_time` is meant. The provider passes it to Euno unchecked, so a name that is not in the
IANA time zone database (`America/Los_Angeles`, `Europe/Berlin`, `UTC`) fails only when Euno
schedules the crawl, or runs it at the wrong hour. Names are case-sensitive; the message
suggests the closest valid name. Checked against the time zone database of the machine that
runs euno-lint; without one, the rule stays silent.
"""
    example = CODE_EXAMPLE.replace('"America/Los_Angeles"', '"America/San_Francisco"')
    fix = CODE_EXAMPLE

    def check(self, resource: Resource) -> Iterator[Violation]:
        zone = resource.value("schedule.time_zone")
        if not isinstance(zone, str) or _known_time_zone(zone) is not False:
            return
        suggestion = closest(zone, sorted(_time_zones()))
        hint = f'; did you mean "{suggestion}"?' if suggestion else ' (such as "UTC")'
        yield Violation(
            f'time_zone "{zone}" is not an IANA time zone name{hint}', "schedule.time_zone"
        )


def _known_time_zone(zone: str) -> bool | None:
    """Whether the zone exists (None: this machine has no time zone database to ask)."""
    if not _time_zones():
        return None
    return zone in _time_zones()


@functools.cache
def _time_zones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


_REPEAT_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d")
_LOOSE_TIME = re.compile(r"\s*(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?\s*")


class InvalidRepeatTime(ResourceRule):
    code = "EUNO210"
    name = "invalid-repeat-time"
    severity = Severity.ERROR
    summary = "The schedule's repeat_time is not a time of day written HH:MM:SS"
    tags = _SCHEDULE_TAGS
    dialects = CODE_ONLY
    why = """
Under the provider's code (`euno-0.1`), `repeat_time` is the time of day the integration runs
on its `repeat_on` days, written `HH:MM:SS` on a 24-hour clock (`"10:00:00"`). The provider
passes it to Euno unchecked, so `"10am"`, `"10:00"` or `"24:00:00"` fail only when the crawl is
scheduled. When the value reads as a time, the message gives it in the right form.
"""
    example = CODE_EXAMPLE.replace('"10:00:00"', '"10:00"')
    fix = CODE_EXAMPLE

    def check(self, resource: Resource) -> Iterator[Violation]:
        time = resource.value("schedule.repeat_time")
        if not isinstance(time, str) or _REPEAT_TIME.fullmatch(time):
            return
        loose = _LOOSE_TIME.fullmatch(time)
        hint = ': write hours, minutes and seconds on a 24-hour clock, as "10:00:00"'
        if loose is not None:
            hours, minutes, seconds = (int(part or 0) for part in loose.groups())
            if hours < 24 and minutes < 60 and seconds < 60:
                hint = f': write "{hours:02d}:{minutes:02d}:{seconds:02d}"'
        yield Violation(f'repeat_time "{time}" is not HH:MM:SS{hint}', "schedule.repeat_time")


class InvalidRepeatPeriod(ResourceRule):
    code = "EUNO211"
    name = "invalid-repeat-period"
    severity = Severity.ERROR
    summary = "The schedule's repeat_period is less than one hour"
    tags = _SCHEDULE_TAGS
    dialects = CODE_ONLY
    why = """
Under the provider's code (`euno-0.1`), `repeat_period` is how many hours pass between runs. It
must be a whole number of at least 1: `0` or a negative period cannot schedule anything, and
the provider reads a `0` back from Euno as "not set", so Terraform plans a change on every
run. (A fraction such as `1.5` is reported by EUNO103: the provider takes whole numbers only.)
"""
    example = CODE_EXAMPLE.replace(
        '    repeat_on   = ["Mon", "Wed", "Fri"]\n    repeat_time = "10:00:00"\n',
        "    repeat_period = 0\n",
    )
    fix = CODE_EXAMPLE.replace(
        '    repeat_on   = ["Mon", "Wed", "Fri"]\n    repeat_time = "10:00:00"\n',
        "    repeat_period = 24\n",
    )

    def check(self, resource: Resource) -> Iterator[Violation]:
        period = resource.value("schedule.repeat_period")
        if isinstance(period, bool) or not isinstance(period, int | float) or period >= 1:
            return
        yield Violation(
            f"repeat_period is {format_number(period)}: it must be a whole number of hours, at "
            "least 1",
            "schedule.repeat_period",
        )
