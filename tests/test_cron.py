"""The cron dialect and cadence: unit cases, and a property check against croniter itself."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest
from croniter import croniter
from hypothesis import given, settings
from hypothesis import strategies as st

from euno_lint.rules.cron import (
    REFERENCE_YEAR,
    CronError,
    cadence_of,
    stray_field_reading,
    weekly_cadence,
)

HOUR, DAY = 3600, 86_400


@pytest.mark.parametrize(
    ("expression", "description", "min_gap", "max_gap"),
    [
        ("0 8 * * *", "fires at 08:00 every day", DAY, DAY),
        ("0 0 9 * * MON-FRI", "fires at 09:00 on weekdays (monday to friday)", DAY, 3 * DAY),
        ("0 8 * * * *", "fires every hour at minute 8", HOUR, HOUR),
        ("*/30 * * * *", "fires every 30 minutes", 1800, 1800),
        ("@weekly", "fires at 00:00 on sunday", 7 * DAY, 7 * DAY),
        ("@hourly", "fires every hour at minute 0", HOUR, HOUR),
        ("0 0 9 ? * MON 2030", "fires at 09:00 on monday", 7 * DAY, 7 * DAY),
        ("0 0 L * *", "fires at 00:00 on some days of the month", 28 * DAY, 31 * DAY),
        ("0 0 * * 5#2", "fires at 00:00 on some days of the month", 28 * DAY, 35 * DAY),
        (
            "0 8,20 * * 1",
            "fires 2 times a day (08:00, 20:00) on monday",
            12 * HOUR,
            6 * DAY + 12 * HOUR,
        ),
        (
            "0 0 29 2 *",
            "fires at 00:00 on some days of the month",
            4 * 365 * DAY + DAY,
            4 * 365 * DAY + DAY,
        ),
    ],
)
def test_cadence(expression: str, description: str, min_gap: int, max_gap: int) -> None:
    cadence = cadence_of(expression)
    assert cadence.description == description
    assert (cadence.min_gap, cadence.max_gap) == (min_gap, max_gap)


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("", "empty"),
        ("0 8 * *", "it has 4 fields"),
        ("0 0 8 * * * 2030 1", "it has 8 fields"),
        ("61 * * * *", "out of range"),
        ("*/0 * * * *", "step"),
        ("H 8 * * *", "hashed"),
        ("@sometimes", "unknown macro"),
        ("0 0 31 2 *", "never fires"),
        ("every day", "2 fields"),
        ("a b c d e", "not a valid cron expression"),
    ],
)
def test_invalid_expressions(expression: str, reason: str) -> None:
    with pytest.raises(CronError, match=reason):
        cadence_of(expression)


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
    monday_thursday = weekly_cadence(frozenset({0, 3}))
    assert (monday_thursday.min_gap, monday_thursday.max_gap) == (3 * DAY, 4 * DAY)


def _brute_force(expression: str) -> tuple[frozenset[int], int, int]:
    start = dt.datetime(REFERENCE_YEAR, 1, 1)
    end = start.replace(year=REFERENCE_YEAR + 2)
    iterator = croniter(expression, start - dt.timedelta(seconds=1))
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
