"""Our syntax tree: blocks with labels, attributes with key and value spans, expressions, comments.

Plain immutable records, free of any parser type, that the rest of euno-lint works with.
(Dataclasses without slots: with slots each costs a few milliseconds to define, at every start.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, TypeAlias

from euno_lint.findings import Span


@dataclass(frozen=True)
class Literal:
    """A string without interpolation, a number, a bool or null."""

    value: str | int | float | bool | None
    span: Span


@dataclass(frozen=True)
class Template:
    """A string (or heredoc) with interpolations: literal text parts and expression parts."""

    parts: tuple[str | Expression, ...]
    span: Span


@dataclass(frozen=True)
class Traversal:
    """A reference such as ``var.token``, ``local.m["k"]`` or ``each.value``."""

    root: str
    steps: tuple[str | int | Expression, ...]
    span: Span


@dataclass(frozen=True)
class TupleExpr:
    """A list or tuple constructor ``[a, b]``."""

    items: tuple[Expression, ...]
    span: Span


class ObjectItem(NamedTuple):
    """One ``key = value`` element of an object constructor."""

    key: Expression
    value: Expression


@dataclass(frozen=True)
class ObjectExpr:
    """An object constructor ``{ a = 1 }``."""

    items: tuple[ObjectItem, ...]
    span: Span


@dataclass(frozen=True)
class FunctionCall:
    """A function call such as ``file("x")`` or ``provider::ns::fn()``; `expand_last` when the
    last argument is followed by ``...`` (its elements are the remaining arguments)."""

    name: str
    args: tuple[Expression, ...]
    span: Span
    expand_last: bool = False


@dataclass(frozen=True)
class Conditional:
    """``condition ? true : false``."""

    condition: Expression
    true: Expression
    false: Expression
    span: Span


@dataclass(frozen=True)
class Operation:
    """An operator applied to its operands: binary (``a == b``, ``a + b``) or unary (``!a``,
    ``-a``, one operand)."""

    operator: str
    operands: tuple[Expression, ...]
    span: Span


@dataclass(frozen=True)
class ForExpr:
    """``[for k, v in coll : value if cond]`` or ``{for k, v in coll : key => value...}``.

    `key` is None for a tuple result; `key_name` is None when only one variable is named.
    """

    key_name: str | None
    value_name: str
    collection: Expression
    key: Expression | None
    value: Expression
    condition: Expression | None
    grouping: bool
    span: Span


@dataclass(frozen=True)
class Splat:
    """``source[*].a.b`` (or the older ``source.*.a``): `steps` applied to each element."""

    source: Expression
    steps: tuple[str | int | Expression, ...]
    span: Span


@dataclass(frozen=True)
class Access:
    """Attribute and index steps applied to an expression that is not a name:
    ``merge(a, b).token``, ``{ a = 1 }["a"]``, ``(var.x)[0]``."""

    source: Expression
    steps: tuple[str | int | Expression, ...]
    span: Span


@dataclass(frozen=True)
class Given:
    """A value given from outside the configuration (a plan's value), not written in it: known
    to evaluation, never a literal."""

    value: object
    span: Span


@dataclass(frozen=True)
class Opaque:
    """An expression whose value we never compute (template directives, heredocs with
    interpolations).

    Its sub-expressions are kept so that references inside it can still be found.
    """

    kind: str
    children: tuple[Expression, ...]
    span: Span


Expression: TypeAlias = (
    Literal
    | Template
    | Traversal
    | TupleExpr
    | ObjectExpr
    | FunctionCall
    | Conditional
    | Operation
    | ForExpr
    | Splat
    | Access
    | Given
    | Opaque
)


def children(expression: Expression) -> tuple[Expression, ...]:
    """The direct sub-expressions of an expression, in source order."""
    if isinstance(expression, Literal | Given):
        return ()
    if isinstance(expression, Template):
        return tuple(p for p in expression.parts if not isinstance(p, str))
    if isinstance(expression, Traversal):
        return tuple(s for s in expression.steps if not isinstance(s, str | int))
    if isinstance(expression, TupleExpr):
        return expression.items
    if isinstance(expression, ObjectExpr):
        return tuple(e for item in expression.items for e in item)
    if isinstance(expression, FunctionCall):
        return expression.args
    if isinstance(expression, Conditional):
        return (expression.condition, expression.true, expression.false)
    if isinstance(expression, Operation):
        return expression.operands
    if isinstance(expression, ForExpr):
        parts = (expression.collection, expression.key, expression.value, expression.condition)
        return tuple(p for p in parts if p is not None)
    if isinstance(expression, Splat | Access):
        steps = tuple(s for s in expression.steps if not isinstance(s, str | int))
        return (expression.source, *steps)
    return expression.children


class Attribute(NamedTuple):
    """``name = value``: `name_span` covers the key, `span` runs from the key to the value's end."""

    name: str
    name_span: Span
    value: Expression
    span: Span


class Block(NamedTuple):
    """``type "label" ... { body }``: `header` runs from the type to the opening brace."""

    type: str
    labels: tuple[str, ...]
    body: Body
    header: Span
    span: Span


class Body(NamedTuple):
    """The attributes and nested blocks of a file or block, in source order."""

    attributes: tuple[Attribute, ...]
    blocks: tuple[Block, ...]

    def attribute(self, name: str) -> Attribute | None:
        """The first attribute called `name`, if any."""
        return next((a for a in self.attributes if a.name == name), None)

    def blocks_of(self, block_type: str) -> tuple[Block, ...]:
        """All nested blocks of the given type, in source order."""
        return tuple(b for b in self.blocks if b.type == block_type)


class Comment(NamedTuple):
    """A ``#``, ``//`` or ``/* */`` comment; `own_line` is true when nothing precedes it."""

    text: str
    span: Span
    own_line: bool


class SyntaxTree(NamedTuple):
    """The converted contents of one file."""

    body: Body
    comments: tuple[Comment, ...]


class HclSyntaxError(Exception):
    """The text is not HCL we can parse; the message is ours and never quotes the file."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
