"""Invalidation rules: revision_id, ttl_days, and whether data outlives the schedule."""

from __future__ import annotations

import math
from collections.abc import Iterator

from euno_lint.findings import Severity, Violation
from euno_lint.rules.base import ResourceRule
from euno_lint.rules.cadence import effective_cadence
from euno_lint.rules.cron import duration
from euno_lint.rules.examples import CLEAN_EXAMPLE, integration
from euno_lint.terraform.resource import Resource
from euno_lint.terraform.values import format_number

_DAY = 86_400
_TAGS = ("invalidation",)


def valid_ttl_days(resource: Resource) -> int | float | None:
    """ttl_days when it is known and a whole number of at least 1."""
    ttl = resource.value("invalidation_strategy.ttl_days")
    if not isinstance(ttl, int | float) or isinstance(ttl, bool) or not ttl >= 1:
        return None
    # Terraform numbers are arbitrary precision: 1e999 (infinite as a float) is whole.
    whole = isinstance(ttl, int) or math.isinf(ttl) or ttl.is_integer()
    return ttl if whole else None


class MissingRevisionId(ResourceRule):
    code = "EUNO301"
    dialects = frozenset({"documented"})
    name = "missing-revision-id"
    severity = Severity.ERROR
    summary = "The revision_id is absent, null or empty"
    tags = _TAGS
    why = """
`revision_id` is required by the documented schema: Euno invalidates crawled data from this
revision on. The provider's own documentation example writes `revision_id = null`, which
copies into many configurations and fails at apply time. Absent is reported at the
`invalidation_strategy` block; `null` or an empty string at the attribute. The provider's code
(`euno-0.1`) makes `revision_id` an optional integer: this rule does not apply there.
"""
    example = integration(invalidation="    revision_id = null\n    ttl_days    = 7\n")
    fix = CLEAN_EXAMPLE

    def check(self, resource: Resource) -> Iterator[Violation]:
        revision = resource.value("invalidation_strategy.revision_id")
        path = "invalidation_strategy.revision_id"
        if resource.value("invalidation_strategy") is None:
            return  # the missing block is reported (EUNO101), not each of its arguments
        if revision is None and resource.attribute(path) is None:
            yield Violation(
                "revision_id is not set in invalidation_strategy",
                "invalidation_strategy",
                subject=path,
            )
        elif revision is None:
            yield Violation("revision_id is null: set the revision to invalidate from", path)
        elif revision == "":
            yield Violation(
                "revision_id is an empty string: set the revision to invalidate from", path
            )


class InvalidTtlDays(ResourceRule):
    code = "EUNO302"
    name = "invalid-ttl-days"
    severity = Severity.ERROR
    summary = "The ttl_days value is not a whole number of at least 1"
    tags = _TAGS
    why = """
`ttl_days` is how many days crawled data lives before it is invalidated. Zero, negative and
fractional values (`0`, `-3`, `2.5`) are rejected by the provider. A number written as a
string (`"7"`) is converted by Terraform and is fine.
"""
    example = integration(invalidation='    revision_id = "2024-06"\n    ttl_days    = 0\n')
    fix = CLEAN_EXAMPLE

    def check(self, resource: Resource) -> Iterator[Violation]:
        ttl = resource.value("invalidation_strategy.ttl_days")
        if not isinstance(ttl, int | float) or isinstance(ttl, bool):
            return
        if valid_ttl_days(resource) is None:
            yield Violation(
                f"ttl_days is {format_number(ttl)}: it must be a whole number of days, at least 1",
                "invalidation_strategy.ttl_days",
            )


class TtlShorterThanSchedule(ResourceRule):
    code = "EUNO303"
    name = "ttl-shorter-than-schedule"
    severity = Severity.WARNING
    summary = "Crawled data expires before the next scheduled run refreshes it"
    tags = _TAGS
    why = """
When the longest gap between two consecutive runs is longer than `ttl_days`, crawled data is
invalidated before the next crawl refreshes it, and Euno shows nothing for a while (a weekly
schedule on Mondays with `ttl_days = 3` leaves four days without data each week). The gap is
computed from the schedule's real cadence: the cron expression when set, else the frequency
and `repeat_on`; under the provider's code (`euno-0.1`), the `repeat_on` days, else
`repeat_period`. A gap equal to the TTL is fine. Unknown or invalid schedules and TTLs are not
judged.
"""
    example = integration(
        schedule='    frequency = "weekly"\n    repeat_on = ["monday"]\n',
        invalidation='    revision_id = "2024-06"\n    ttl_days    = 3\n',
    )
    fix = integration(
        schedule='    frequency = "weekly"\n    repeat_on = ["monday"]\n',
        invalidation='    revision_id = "2024-06"\n    ttl_days    = 7\n',
    )

    def check(self, resource: Resource) -> Iterator[Violation]:
        ttl = valid_ttl_days(resource)
        cadence = effective_cadence(resource)
        if ttl is None or cadence is None or cadence.max_gap is None:
            return
        if cadence.max_gap <= ttl * _DAY:
            return
        gap = cadence.max_gap
        yield Violation(
            f"ttl_days is {format_number(ttl)} but the schedule {cadence.description}, so up to "
            f"{duration(gap)} pass between runs: data expires before the next crawl refreshes it",
            "invalidation_strategy.ttl_days",
        )
