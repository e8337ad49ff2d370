"""What flows into a value: the literals and variables it is made of, across modules.

The secret rules ask where a sensitive argument's value comes from: which string literals are
written into it (a hard-coded token) and which variables feed it (a variable that must be
sensitive, a default or tfvars value that commits the token). The walk follows locals,
templates, both branches of conditionals, every argument of a function call (known or not:
``trimspace(var.raw_token)`` is fed by ``var.raw_token``), ``for`` expressions, ``each.value``
back to the ``for_each`` element, and module inputs back to the call that writes them. It
follows attribute paths too: ``var.hex.token`` is fed by the ``token`` of ``var.hex``, and
``local.tokens.prod`` only by the ``prod`` member.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final, NamedTuple

from euno_lint.findings import Place
from euno_lint.hcl import (
    Access,
    Conditional,
    Expression,
    ForExpr,
    FunctionCall,
    Literal,
    ObjectExpr,
    Opaque,
    Splat,
    Template,
    Traversal,
    TupleExpr,
    children,
)
from euno_lint.terraform.evaluate import EMPTY_CONTEXT, Context
from euno_lint.terraform.scope import Scope, Variable

# Argument positions that select rather than supply (a key, an index, an offset), and
# functions whose result carries none of their arguments' text.
_SELECTORS: Final = {"lookup": {1}, "element": {1}, "substr": {1, 2}}
_NOT_CARRYING: Final = frozenset({"length", "contains", "can", "keys"})
_ALL: Final = None  # a step into a value whose key is not known: every member may be meant
MAX_FLOW_STEPS: Final = 10_000

Step = str | int | None


class WrittenLiteral(NamedTuple):
    """A string literal (or a template's text part, spanning the template) in `file`;
    `crossing` is the module argument it was passed through, nearest to it, if any."""

    file: str
    literal: Literal
    crossing: Place | None


class FeedingVariable(NamedTuple):
    """A variable whose value (at `steps` inside it) flows in; `reference` is where it is used.

    A variable of a called module that the call sets is not reported: its value comes from
    the call, which is followed instead.
    """

    scope: Scope
    variable: Variable
    steps: tuple[Step, ...]
    crossing: Place | None


Flow = WrittenLiteral | FeedingVariable


class _Item(NamedTuple):
    expression: Expression
    file: str
    scope: Scope
    context: Context
    steps: tuple[Step, ...]
    crossing: Place | None


def flows(
    expression: Expression,
    file: str,
    scope: Scope,
    context: Context = EMPTY_CONTEXT,
    steps: tuple[Step, ...] = (),
) -> Iterator[Flow]:
    """Every literal and variable that flows into the expression's value (at `steps` inside
    it), each once."""
    stack = [_Item(expression, file, scope, context, steps, None)]
    seen: set[tuple[int, int, tuple[Step, ...], int]] = set()
    budget = MAX_FLOW_STEPS
    while stack and budget:
        budget -= 1
        item = stack.pop()
        key = (id(item.expression), id(item.scope), item.steps, id(item.context))
        if key in seen:
            continue
        seen.add(key)
        yield from _step(item, stack)


def _step(item: _Item, stack: list[_Item]) -> Iterator[Flow]:
    node, steps = item.expression, item.steps

    def push(expression: Expression, rest: tuple[Step, ...] = ()) -> None:
        stack.append(item._replace(expression=expression, steps=rest))

    if isinstance(node, Literal):
        if isinstance(node.value, str) and not steps:
            yield WrittenLiteral(item.file, node, item.crossing)
    elif isinstance(node, Template):
        for part in reversed(node.parts):
            if not isinstance(part, str):
                push(part)
        for part in node.parts:
            if isinstance(part, str) and part:
                yield WrittenLiteral(item.file, Literal(part, node.span), item.crossing)
    elif isinstance(node, Traversal):
        yield from _reference(item, node, stack)
    elif isinstance(node, TupleExpr):
        first, rest = (steps[0], steps[1:]) if steps else (_ALL, ())
        for position, element in enumerate(node.items):
            if first is _ALL or first == position:
                push(element, rest)
    elif isinstance(node, ObjectExpr):
        first, rest = (steps[0], steps[1:]) if steps else (_ALL, ())
        for name, value in node.items:
            written = name.value if isinstance(name, Literal) else _ALL
            if first is _ALL or written is _ALL or written == first:
                push(value, rest)
    elif isinstance(node, FunctionCall):
        if node.name not in _NOT_CARRYING:
            selectors = _SELECTORS.get(node.name, set())
            for position, argument in enumerate(node.args):
                if position not in selectors:
                    push(argument)
    elif isinstance(node, Conditional):
        push(node.false, steps)
        push(node.true, steps)
    elif isinstance(node, ForExpr):
        push(node.value)
        push(node.collection)
    elif isinstance(node, Access):
        push(node.source, (*_known(node.steps), *steps))
    elif isinstance(node, Splat):
        push(node.source)
    elif isinstance(node, Opaque):
        for child in reversed(children(node)):
            push(child, steps if node.kind == "parenthesized" else ())


def _reference(item: _Item, node: Traversal, stack: list[_Item]) -> Iterator[Flow]:
    scope, context = item.scope, item.context
    path = _known(node.steps)
    if node.root in context.bindings:
        source = context.sources.get(node.root)
        if source is None or source.expression is None or not path:
            return  # a for expression's variable: its collection is walked with the for
        if path[0] in ("value", "key"):
            rest = path[1:] if path[0] == "value" else ()
            stack.append(
                _Item(
                    source.expression,
                    source.file,
                    source.scope if isinstance(source.scope, Scope) else scope,
                    source.context or EMPTY_CONTEXT,
                    (*_known(source.steps), *rest, *item.steps),
                    item.crossing,
                )
            )
        return
    if not path or not isinstance(path[0], str):
        return
    name, rest = path[0], (*path[1:], *item.steps)
    if node.root == "local" and name in scope.locals:
        local = scope.locals[name]
        stack.append(
            _Item(local.attribute.value, local.file, scope, _bare(context), rest, item.crossing)
        )
    elif node.root == "var" and name in scope.variables:
        written = scope.input_of(name)
        if written is not None and scope.caller is not None:
            caller = scope.caller
            crossing = Place(caller.file, written.span)
            stack.append(
                _Item(written.value, caller.file, caller.scope, caller.context, rest, crossing)
            )
        else:
            yield FeedingVariable(scope, scope.variables[name], rest, item.crossing)


def _bare(context: Context) -> Context:
    """The context a local is evaluated in: no bindings, the same assumptions."""
    return Context(assumptions=context.assumptions) if context.bindings else context


def _known(steps: tuple[str | int | Expression | None, ...]) -> tuple[Step, ...]:
    return tuple(s if isinstance(s, str | int) else _ALL for s in steps)


def references(expression: Expression) -> Iterator[Traversal]:
    """Every traversal anywhere inside an expression (including inside function calls)."""
    stack: list[Expression] = [expression]
    while stack:
        node = stack.pop()
        if isinstance(node, Traversal):
            yield node
        stack.extend(children(node))
