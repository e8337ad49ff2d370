"""The instances of a block with ``count`` or ``for_each``, and the variants of unknown conditions.

Terraform makes one instance per element: ``count = 2`` gives ``x[0]`` and ``x[1]`` with
``count.index``; ``for_each`` over a map gives ``x["key"]`` with ``each.key`` and
``each.value`` (keys in lexical order); over a set of strings, ``each.key`` is the element.
When the collection is not statically known, the block is one unexpanded instance whose
``each``/``count`` values are unknown, and `Expansion.unknown` says why.

A condition that cannot be known (``var.env == "prod"``) splits an evaluation in two
variants, one assuming it true, one false (`variants`), up to `MAX_ASSUMPTIONS` conditions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Final, Generic, NamedTuple, TypeVar

from euno_lint.hcl import Block
from euno_lint.terraform.evaluate import Condition, Context, Evaluator, Source
from euno_lint.terraform.scope import Scope
from euno_lint.terraform.values import UNKNOWN, Unknown, Value

MAX_INSTANCES: Final = 1000
MAX_ASSUMPTIONS: Final = 3

Assumptions = tuple[tuple[Condition, bool], ...]
T = TypeVar("T")


class Instance(NamedTuple):
    """One instance of a block: its address and the context its arguments are evaluated in."""

    address: str
    context: Context


class Expansion(NamedTuple):
    """The instances of a block; `unknown` says why they could not be known ("" when known)."""

    instances: tuple[Instance, ...]
    unknown: str = ""


def instance_key(key: str | int) -> str:
    """The ``[...]`` part of an instance address: ``[0]`` or ``["sales"]``."""
    return f"[{key}]" if isinstance(key, int) else f"[{json.dumps(key, ensure_ascii=False)}]"


def expand(block: Block, file: str, address: str, evaluator: Evaluator) -> Expansion:
    """The instances of a resource or module block, evaluated with `evaluator`'s context."""
    context = evaluator.context
    count = block.body.attribute("count")
    for_each = block.body.attribute("for_each")
    if count is not None:
        value = evaluator.value(count.value)
        number = _whole(value)
        if number is None:
            unbound = context.bind({"count": {"index": UNKNOWN}})
            why = (
                "count is not known statically"
                if isinstance(value, Unknown)
                else "count is invalid"
            )
            return Expansion((Instance(address, unbound),), why)
        source = Source(file, count.value, count.value.span, evaluator.scope, context)
        return Expansion(
            tuple(
                Instance(
                    address + instance_key(index),
                    context.bind({"count": {"index": index}}, {"count": source}),
                )
                for index in range(min(number, MAX_INSTANCES))
            ),
            "" if number <= MAX_INSTANCES else f"count is larger than {MAX_INSTANCES}",
        )
    if for_each is not None:
        value = evaluator.value(for_each.value)
        elements = _elements(value)
        if elements is None:
            # Any element may be the one: each.value still flows from the collection.
            anywhere = Source(
                file, for_each.value, for_each.value.span, evaluator.scope, context, (None,)
            )
            unbound = context.bind({"each": {"key": UNKNOWN, "value": UNKNOWN}}, {"each": anywhere})
            why = (
                "for_each is over a value not known statically"
                if isinstance(value, Unknown) or _has_unknown_key(value)
                else "for_each is not a map or a set of strings"
            )
            return Expansion((Instance(address, unbound),), why)
        instances = []
        for key, element in elements[:MAX_INSTANCES]:
            source = Source(
                file, for_each.value, for_each.value.span, evaluator.scope, context, (key,)
            )
            bound = context.bind({"each": {"key": key, "value": element}}, {"each": source})
            instances.append(Instance(address + instance_key(key), bound))
        too_many = len(elements) > MAX_INSTANCES
        return Expansion(
            tuple(instances), f"for_each has more than {MAX_INSTANCES} elements" if too_many else ""
        )
    return Expansion((Instance(address, context),))


def _whole(value: Value) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return int(number) if number.is_integer() and number >= 0 else None


def _elements(value: Value) -> list[tuple[str, Value]] | None:
    """(key, element) pairs of a for_each value, in Terraform's order; None when unusable."""
    if isinstance(value, dict):
        return [(key, value[key]) for key in sorted(value)]
    if isinstance(value, tuple) and all(isinstance(item, str) for item in value):
        return [(item, item) for item in sorted(set(value))]  # type: ignore[type-var, misc]
    return None


def _has_unknown_key(value: Value) -> bool:
    return isinstance(value, tuple) and any(isinstance(item, Unknown) for item in value)


class Variant(NamedTuple, Generic[T]):
    """The result of work under some assumptions; `undecided` when conditions were left
    unknown past MAX_ASSUMPTIONS."""

    assumed: Assumptions
    result: T
    undecided: bool = False


def variants(
    scope: Scope, context: Context, work: Callable[[Evaluator], T], assumed: Assumptions = ()
) -> Iterator[Variant[T]]:
    """`work` done under each combination of assumptions its unknown conditions need.

    `work` gets an evaluator for the scope and context (plus `assumed` and the assumptions of
    the variant); whenever it meets an unknown condition not yet assumed, it is done again
    assuming the condition true, then false. Past MAX_ASSUMPTIONS the remaining conditions
    stay unknown.
    """
    pending: list[Assumptions] = [assumed]
    while pending:
        assumed = pending.pop(0)
        evaluator = Evaluator(scope, context.assuming({c.key: v for c, v in assumed}))
        result = work(evaluator)
        keys = {c.key for c, _ in assumed}
        new = [c for k, c in evaluator.conditions.items() if k not in keys]
        if new and len(assumed) < MAX_ASSUMPTIONS:
            pending[:0] = [(*assumed, (new[0], True)), (*assumed, (new[0], False))]
            continue
        yield Variant(assumed, result, bool(new))


def describe_assumptions(assumed: Assumptions) -> str:
    """ "when var.env == "prod" is true" (and-joined), or "" without assumptions."""
    if not assumed:
        return ""
    parts = [f"{c.text} is {'true' if v else 'false'}" for c, v in assumed]
    return "when " + " and ".join(parts)
