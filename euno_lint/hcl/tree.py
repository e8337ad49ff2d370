"""Our syntax tree: blocks with labels, attributes with key and value spans, expressions, comments.

Plain immutable records, free of any parser type, that the rest of euno-lint works with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, TypeAlias

from euno_lint.findings import Span


@dataclass(frozen=True, slots=True)
class Literal:
    """A string without interpolation, a number, a bool or null."""

    value: str | int | float | bool | None
    span: Span


@dataclass(frozen=True, slots=True)
class Template:
    """A string (or heredoc) with interpolations: literal text parts and expression parts."""

    parts: tuple[str | Expression, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Traversal:
    """A reference such as ``var.token``, ``local.m["k"]`` or ``each.value``."""

    root: str
    steps: tuple[str | int | Expression, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class TupleExpr:
    """A list or tuple constructor ``[a, b]``."""

    items: tuple[Expression, ...]
    span: Span


class ObjectItem(NamedTuple):
    """One ``key = value`` element of an object constructor."""

    key: Expression
    value: Expression


@dataclass(frozen=True, slots=True)
class ObjectExpr:
    """An object constructor ``{ a = 1 }``."""

    items: tuple[ObjectItem, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class FunctionCall:
    """A function call such as ``file("x")`` or ``provider::ns::fn()``."""

    name: str
    args: tuple[Expression, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Opaque:
    """An expression whose value we never compute (operators, conditionals, for, splat).

    Its sub-expressions are kept so that references inside it can still be found.
    """

    kind: str
    children: tuple[Expression, ...]
    span: Span


Expression: TypeAlias = (
    Literal | Template | Traversal | TupleExpr | ObjectExpr | FunctionCall | Opaque
)


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
