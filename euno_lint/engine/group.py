"""One finding per problem, however many instances and variants of a block share it.

A block with ``count``/``for_each`` is linted once per instance, and an instance once per
variant of its unknown conditions. A problem every instance and variant has is reported once,
as the block's; a problem only some instances have is reported for each of them, its message
ending with "(in ADDRESS)"; one only some variants have names the branch, "(when COND is
true)". Problems found outside any resource (module rules) are reported once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from euno_lint.findings import Place, Span, Violation
from euno_lint.rules.base import Rule
from euno_lint.terraform.instances import Assumptions, describe_assumptions
from euno_lint.terraform.resource import Resource


class Raw(NamedTuple):
    """A violation before grouping, placed (`file`, `span`), with the instance it is about."""

    rule: Rule
    violation: Violation
    file: str
    span: Span
    resource: Resource | None


class Grouped(NamedTuple):
    """A violation to report, placed, with the resource address to show."""

    rule: Rule
    violation: Violation
    file: str
    span: Span
    address: str | None
    resource: Resource | None


_Key = tuple[str, str, Span, str, str]
_Variant = tuple[str, Assumptions]


def group(raw: Iterable[Raw], resources: Sequence[Resource]) -> Iterator[Grouped]:
    """The violations to report, once per problem."""
    by_block: dict[tuple[str, Span], list[_Variant]] = {}
    static: dict[tuple[str, Span], set[str]] = {}
    for resource in resources:
        block = (resource.file, resource.block.header)
        by_block.setdefault(block, []).append((resource.address, resource.assumed))
        static.setdefault(block, set()).add(resource.static_address or resource.address)
    holders: dict[_Key, list[tuple[Raw, _Variant]]] = {}
    for item in raw:
        # A module-rule problem is one problem at its place, whichever instance found it.
        message = item.violation.message if item.resource is not None else ""
        key = (item.rule.code, item.file, item.span, message, item.violation.identity)
        variant = (item.resource.address, item.resource.assumed) if item.resource else ("", ())
        entries = holders.setdefault(key, [])
        if all(v != variant for _, v in entries):
            entries.append((item, variant))
    for entries in holders.values():
        first = entries[0][0]
        if first.resource is None:
            yield Grouped(first.rule, first.violation, first.file, first.span, None, None)
            continue
        block = (first.resource.file, first.resource.block.header)
        yield from _split(entries, by_block[block], static[block])


def _split(
    entries: list[tuple[Raw, _Variant]], variants: list[_Variant], static: set[str]
) -> Iterator[Grouped]:
    held = {v for _, v in entries}
    first = entries[0][0]
    addresses = list(dict.fromkeys(a for a, _ in variants))
    if held >= set(variants):
        address = addresses[0] if len(addresses) == 1 else _common(static, first)
        yield _with_suffix(first, _in(address), address)
        return
    for address in addresses:
        of_address = [v for v in variants if v[0] == address]
        mine = [(item, v) for item, v in entries if v[0] == address]
        if not mine:
            continue
        in_address = _in(address)
        if len(mine) == len(of_address):
            item = mine[0][0]
            yield _with_suffix(item, in_address, address)
            continue
        for item, (_, assumed) in mine:
            when = _branch(assumed, [v[1] for v in of_address], [v[1] for _, v in mine])
            yield _with_suffix(item, f" ({when})" + in_address if when else in_address, address)


def _in(address: str) -> str:
    """ " (in ADDRESS)" for an instance or a module's resource, whose address says which: the
    call chain and the instance key."""
    return f" (in {address})" if "[" in address or address.startswith("module.") else ""


def _common(static: set[str], first: Raw) -> str:
    if len(static) == 1:
        return next(iter(static))
    assert first.resource is not None
    return ".".join(first.resource.block.labels)


def _with_suffix(item: Raw, suffix: str, address: str) -> Grouped:
    violation = item.violation
    if suffix:
        violation = violation._replace(message=violation.message + suffix)
    return Grouped(item.rule, violation, item.file, item.span, address, item.resource)


def _branch(assumed: Assumptions, all_variants: list[Assumptions], held: list[Assumptions]) -> str:
    """The shortest description of when the problem appears: one condition when that alone
    decides it, else every assumption of the variant."""
    held_set = set(held)
    for condition, value in assumed:
        matching = {v for v in all_variants if (condition, value) in v}
        if matching == held_set:
            return describe_assumptions(((condition, value),))
    return describe_assumptions(assumed)


def placed(violation: Violation, file: str, span: Span) -> Violation:
    """The violation at an explicit place (after its path was resolved)."""
    return violation._replace(at=Place(file, span), subject=violation.identity)
