"""The cron dialect and cadence: unit cases, and a property check against croniter itself."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from pathlib import Path

import pytest
from croniter import croniter
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from euno_lint.rules.cron import (
    FORMS,
    REFERENCE_YEAR,
    CronError,
    Form,
    cadence_of,
    dialect_table,
    stray_field_reading,
    weekly_cadence,
)
from euno_lint.rules.schedule import InvalidCronExpression

HOUR, DAY = 3600, 86_400


@pytest.mark.parametrize(
    ("expression", "description", "min_gap", "max_gap"),
    [
        ("0 8 * * *", "fires at 08:00 every day", DAY, DAY),
        ("0 0 9 * * MON-FRI", "fires at 09:00 on weekdays (monday to friday)", DAY, 3 * DAY),
        ("0 8 * * * *", "fires every hour at minute 8", HOUR, HOUR),
        ("*/30 * * * *", "fires every 30 minutes", 1800, 1800),
        ("@weekly", "fires at 00:00 on sundays", 7 * DAY, 7 * DAY),
        ("@hourly", "fires every hour at minute 0", HOUR, HOUR),
        ("0 0 9 ? * MON 2099", "fires at 09:00 on mondays in 2099", 7 * DAY, 7 * DAY),
        ("0 0 1 * *", "fires at 00:00 on day 1 of each month", 28 * DAY, 31 * DAY),
        ("0 6 1 * *", "fires at 06:00 on day 1 of each month", 28 * DAY, 31 * DAY),
        ("0 6 1,15 * *", "fires at 06:00 on days 1 and 15 of each month", 14 * DAY, 17 * DAY),
        ("0 6 1-7 * *", "fires at 06:00 on days 1 to 7 of each month", DAY, 25 * DAY),
        ("0 6 31 * *", "fires at 06:00 on day 31 of each month (shorter months skip it)",
         31 * DAY, 61 * DAY),
        ("0 6 1 * MON", "fires at 06:00 on mondays and on day 1 of each month", DAY, 7 * DAY),
        ("0 0 6 1 JAN,JUL ?", "fires at 06:00 on day 1 of january and july", 181 * DAY,
         184 * DAY),
        ("0 9 * 1 *", "fires at 09:00 every day in january", DAY, 336 * DAY),
        ("0 * * 1 *", "fires every hour at minute 0 in january", HOUR, 335 * DAY + HOUR),
        ("0 9 * * SAT-SUN", "fires at 09:00 on saturdays and sundays", DAY, 6 * DAY),
        ("0 8,20 * * 1", "fires at 08:00 and 20:00 on mondays", 12 * HOUR, 6 * DAY + 12 * HOUR),
        ("0 9,12,18 * * *", "fires at 09:00, 12:00 and 18:00 every day", 3 * HOUR, 15 * HOUR),
        ("0 */2 * * *", "fires every 2 hours from 00:00 to 22:00", 2 * HOUR, 2 * HOUR),
        ("0 9-17/2 * * *", "fires every 2 hours from 09:00 to 17:00", 2 * HOUR, 16 * HOUR),
        ("*/10 9-17 * * MON-FRI",
         "fires every 10 minutes from 09:00 to 17:50 on weekdays (monday to friday)", 600,
         2 * DAY + 15 * HOUR + 10 * 60),
        ("0 * * * 1", "fires every hour at minute 0 on mondays", HOUR, 6 * DAY + HOUR),
        ("30 * * * * *", "fires every minute at second 30", 60, 60),
        ("5/20 * * * *", "fires every 20 minutes, at minutes 5, 25 and 45", 1200, 1200),
        ("* * * * * *", "fires every second", 1, 1),
        ("0 9-12,14-17 * * *", "fires 8 times a day (09:00, 10:00, 11:00, ..., 17:00)", HOUR,
         16 * HOUR),
        ("0 0 29 2 *", "fires at 00:00 on day 29 of february (only in leap years)",
         4 * 365 * DAY + DAY, 4 * 365 * DAY + DAY),
        ("0 0 0 1 1 ? 2090-2095", "fires at 00:00 on day 1 of january from 2090 to 2095",
         365 * DAY, 365 * DAY),
    ],
)  # fmt: skip
def test_cadence(expression: str, description: str, min_gap: int, max_gap: int) -> None:
    cadence = cadence_of(expression)
    assert cadence.description == description
    assert (cadence.min_gap, cadence.max_gap) == (min_gap, max_gap)


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("", "the expression is empty"),
        ("0 8 * *", "it has 4 fields"),
        ("0 0 8 * * * 2030 1", "it has 8 fields"),
        ("61 * * * *", "minute 61 is out of range 0-59"),
        ("*/0 * * * *", "minute step 0 is out of range 1-59"),
        ("*/60 * * * *", "minute step 60 is out of range 1-59"),
        ("0 */x * * *", 'hour step "x" is not a number in 1-23'),
        ("H 8 * * *", 'minute "H" is a hashed value, which is not supported'),
        ("@sometimes", 'unknown macro "@sometimes"'),
        ("0 0 31 2 *", "it never fires: february has no day 31"),
        ("0 0 30,31 2 *", "it never fires: february has no days 30 or 31"),
        ("0 0 31 4,6 *", "it never fires: april and june have no day 31"),
        ("0 0 0 29 2 ? 2097", r"it never fires: none of its years \(2097\) is a leap year"),
        ("every day", "2 fields"),
        ("a b c d e", 'minute "a" is not a number in 0-59'),
        ("0 8 1,,2 * *", 'day-of-month "1,,2" has an empty list element'),
        ("0 8 * JANUARY *", 'month "JANUARY" is not a number in 1-12 or a name JAN-DEC; did you'),
        ("0 8 * * 0-8", "day-of-week 8 is out of range 0-7"),
        ("0 0 8 ? * * ?", 'year "\\?" is not valid'),
        ("0 0 8 * * * 1969", "year 1969 is out of range 1970-2099"),
        ("0 8 25-5 * *", "day-of-month range 25-5 is reversed .*: write 25-31,1-5"),
        ("0 8 * NOV-FEB *", "month range NOV-FEB is reversed .*: write NOV-DEC,JAN-FEB"),
        ("0 8 * * 6-0", "day-of-week range 6-0 is reversed .*: write 6-7$"),
        ("0 8 * * 7-1", "day-of-week range 7-1 is reversed .*: write 7,1$"),
        ("0 22-2/2 * * *", "hour range 22-2 is reversed .*: ranges run from low to high"),
        ("TZ=UTC 0 8 * * *", "TZ= prefixes are not supported"),
        ("0 8 * * 9999999999999999999999999", "day-of-week 999999999999999999999999… is out of"),
    ],
)  # fmt: skip
def test_invalid_expressions(expression: str, reason: str) -> None:
    with pytest.raises(CronError, match=reason):
        cadence_of(expression)


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("0 6 * * 5L", 'day-of-week "5L" (the last friday of the month)'),
        ("0 0 6 ? * FRIL", 'day-of-week "FRIL" (the last friday of the month)'),
        ("0 6 * * L5", 'day-of-week "L5" (the last friday of the month)'),
        ("0 6 * * sunL", 'day-of-week "sunL" (the last sunday of the month)'),
        ("0 6 * * L", 'day-of-week "L" (saturday, the last day of Quartz\'s week)'),
        ("0 6 * * FRI#3", 'day-of-week "FRI#3" (the third friday of the month)'),
        ("0 6 * * 1#9", 'day-of-week "1#9" (the number 9 monday of the month)'),
        ("0 6 * * 1#", 'day-of-week "1#":'),
        ("0 6 L * *", 'day-of-month "L" (the last day of the month)'),
        ("0 6 1,L * *", 'day-of-month "L" (the last day of the month)'),
        ("0 6 LW * *", 'day-of-month "LW" (the last weekday of the month)'),
        ("0 6 L-1 * *", 'day-of-month "L-1" (1 day before the last day of the month)'),
        ("0 6 L-2 * *", 'day-of-month "L-2" (2 days before the last day of the month)'),
        ("0 6 15W * *", 'day-of-month "15W" (the weekday nearest day 15)'),
        ("0 6 W15 * *", 'day-of-month "W15":'),
    ],
)
def test_quartz_forms_are_named(expression: str, reason: str) -> None:
    with pytest.raises(CronError) as raised:
        cadence_of(expression)
    assert str(raised.value).startswith(reason)
    assert "Quartz-style L, W and # forms are not supported" in str(raised.value)


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.example)
def test_dialect_form_by_form(form: Form) -> None:
    """Every row of the documented dialect says what euno-lint does with its example."""
    if form.supported:
        assert cadence_of(form.example).description == form.says
    else:
        with pytest.raises(CronError) as raised:
            cadence_of(form.example)
        assert str(raised.value) == form.says


def test_every_parse_error_names_the_field_value_and_range() -> None:
    fields = ("second", "minute", "hour", "day-of-month", "month", "day-of-week", "year")
    for position, field in enumerate(fields):
        for bad in ("99999", "x", "5-x", "*/x", "5L", "H", "?", "3-1"):
            words = ["0", "0", "9", "1", "1", "?", "2099"]
            words[position] = bad
            if words[3] == words[5] == "?" or (field == "day-of-week" and bad == "?"):
                continue  # both day fields "?" is valid
            try:
                cadence_of(" ".join(words))
            except CronError as error:
                message = str(error)
            else:
                pytest.fail(f"{words} was accepted")
            assert message.startswith(field + " "), message
            assert any(ch.isdigit() for ch in message), message


def test_a_year_in_the_past_never_fires_again() -> None:
    expression = "0 0 9 * * MON-FRI 2030"
    assert cadence_of(expression, now=dt.datetime(2029, 6, 1)).min_gap == DAY
    with pytest.raises(CronError, match="it never fires again: year 2030 is in the past"):
        cadence_of(expression, now=dt.datetime(2031, 1, 1))
    with pytest.raises(CronError, match="never fires again: its last run was at 09:00 on 31"):
        cadence_of(expression, now=dt.datetime(2030, 12, 31, 10))
    with pytest.raises(CronError, match="years 2019 and 2020 are in the past"):
        cadence_of("0 0 9 * * * 2019,2020")
    assert cadence_of("0 0 9 * * * 1999-2099").description == (
        "fires at 09:00 every day from 1999 to 2099"
    )


def test_the_dialect_is_written_down_in_the_readme_and_the_rule_page() -> None:
    table = dialect_table()
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The schedule dialect", 1)[1].split("\n## ", 1)[0]
    assert table in section
    assert "UTC" in section
    assert table in InvalidCronExpression.why


def test_sunday_is_zero_or_seven() -> None:
    assert cadence_of("0 9 * * 0").weekdays == cadence_of("0 9 * * 7").weekdays == frozenset({6})


def test_stray_field_reading() -> None:
    reading = stray_field_reading("0 8 * * * *")
    assert reading is not None
    assert reading[0] == "0 8 * * *"
    assert reading[1].min_gap == DAY
    assert stray_field_reading("0 8 * * *") is None


def test_weekly_cadence() -> None:
    assert weekly_cadence(frozenset({0})).max_gap == 7 * DAY
    assert weekly_cadence(frozenset({0})).description == "runs on mondays"
    monday_thursday = weekly_cadence(frozenset({0, 3}))
    assert (monday_thursday.min_gap, monday_thursday.max_gap) == (3 * DAY, 4 * DAY)
    assert monday_thursday.description == "runs on mondays and thursdays"
    assert weekly_cadence(frozenset(range(5))).description == "runs on weekdays (monday to friday)"
    assert weekly_cadence(frozenset(range(7))).description == "runs every day"


def _brute_force(
    expression: str, *, seconds_first: bool = False
) -> tuple[frozenset[int], int, int]:
    start = dt.datetime(REFERENCE_YEAR, 1, 1)
    end = start.replace(year=REFERENCE_YEAR + 2)
    iterator = croniter(
        expression, start - dt.timedelta(seconds=1), second_at_beginning=seconds_first
    )
    runs = []
    while (run := iterator.get_next(dt.datetime)) < end:
        runs.append(run)
    gaps = [int((b - a).total_seconds()) for a, b in pairwise(runs)]
    return frozenset(r.weekday() for r in runs), min(gaps), max(gaps)


def _field(values: list[int], star: bool) -> str:
    return "*" if star else ",".join(str(v) for v in sorted(set(values)))


@settings(max_examples=60, deadline=None)
@given(
    minutes=st.lists(st.integers(0, 59), min_size=1, max_size=2),
    hours=st.lists(st.integers(0, 23), min_size=1, max_size=3),
    days=st.lists(st.integers(1, 28), min_size=1, max_size=3),
    day_star=st.booleans(),
    months=st.lists(st.integers(1, 12), min_size=1, max_size=4),
    month_star=st.booleans(),
    weekdays=st.lists(st.integers(0, 6), min_size=1, max_size=3),
    weekday_star=st.booleans(),
)
def test_cadence_matches_croniter_fire_times(
    minutes: list[int],
    hours: list[int],
    days: list[int],
    day_star: bool,
    months: list[int],
    month_star: bool,
    weekdays: list[int],
    weekday_star: bool,
) -> None:
    expression = " ".join(
        (
            _field(minutes, False),
            _field(hours, False),
            _field(days, day_star),
            _field(months, month_star),
            _field(weekdays, weekday_star),
        )
    )
    cadence = cadence_of(expression)
    assert (cadence.weekdays, cadence.min_gap, cadence.max_gap) == _brute_force(expression)


_DAY_NAMES = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
_MONTH_ABBREVIATIONS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                        "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")  # fmt: skip


@st.composite
def _element(draw: st.DrawFn, low: int, high: int, names: tuple[str, ...] = ()) -> str:
    """One list element: a number or name, a low-to-high range, or a step on either or on *."""

    def spell(value: int) -> str:
        named: bool = draw(st.booleans())
        if names and named:
            name = names[(value - low) % len(names)]
            return name.lower() if draw(st.booleans()) else name
        return str(value)

    kind = draw(st.sampled_from(("value", "range", "range-step", "star-step", "start-step")))
    first = draw(st.integers(low, high - 1))
    if kind == "value":
        return spell(first)
    if kind == "star-step":
        return f"*/{draw(st.integers(2, high // 2 + 1))}"
    if kind == "start-step":
        return f"{first}/{draw(st.integers(2, high // 2 + 1))}"
    last = draw(st.integers(first + 1, high))
    text = f"{spell(first)}-{spell(last)}" if last != 7 or not names else f"{spell(first)}-7"
    return text + (f"/{draw(st.integers(2, 4))}" if kind == "range-step" else "")


def _list(low: int, high: int, names: tuple[str, ...] = ()) -> st.SearchStrategy[str]:
    return st.lists(_element(low, high, names), min_size=1, max_size=2).map(",".join)


@settings(max_examples=40, deadline=None)
@given(
    minute=st.integers(0, 59),
    hours=st.lists(st.integers(0, 23), min_size=1, max_size=2).map(
        lambda hs: ",".join(str(h) for h in sorted(set(hs)))
    ),
    days=st.one_of(st.just("*"), _list(1, 31)),
    months=st.one_of(st.just("*"), _list(1, 12, _MONTH_ABBREVIATIONS)),
    weekdays=st.one_of(st.just("*"), st.just("?"), _list(0, 7, _DAY_NAMES)),
)
def test_ranges_steps_and_names_match_croniter(
    minute: int, hours: str, days: str, months: str, weekdays: str
) -> None:
    """Ranges, steps and names, in 6 fields, fire when croniter says they fire."""
    expression = f"0 {minute} {hours} {days} {months} {weekdays}"
    expanded, _ = croniter.expand(expression, second_at_beginning=True)
    # croniter turns a field that covers every value into "*", which switches it from "either
    # day field" to "both day fields": keep to expressions where the two readings agree.
    assume(days == "*" or expanded[3] != ["*"])
    assume(weekdays in ("*", "?") or expanded[5] != ["*"])
    cadence = cadence_of(expression)
    assert (cadence.weekdays, cadence.min_gap, cadence.max_gap) == _brute_force(
        expression, seconds_first=True
    )
