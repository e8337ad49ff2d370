"""What rules look at: one validated resource (or provider block), or a whole module.

Rules name places by attribute path (``"schedule.repeat_on[1]"``, ``"configuration"``); this
module turns a path into the node it names and the span to report, falling back to the header
of the nearest enclosing block when the path names something that is absent, and into the
value it holds once validated against the resource's profile.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from euno_lint.findings import Span
from euno_lint.hcl import Attribute, Block, Body, Expression, Traversal, TupleExpr
from euno_lint.terraform.evaluate import EMPTY_CONTEXT, Context, Evaluator, Source
from euno_lint.terraform.instances import Assumptions
from euno_lint.terraform.profile import PROVIDER, Profile
from euno_lint.terraform.schema import SchemaProblem, SchemaResult
from euno_lint.terraform.scope import Scope
from euno_lint.terraform.values import UNKNOWN, Unknown, Value

_SEGMENT = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


class Resource(NamedTuple):
    """One instance of an ``euno_*`` resource block (or the ``provider "euno"`` block, `kind`
    `PROVIDER`), validated against its profile, in its module instance's scope.

    `context` binds the instance's ``each``/``count`` and the assumptions of its variant
    (`assumed`, when an unknown condition was assumed true or false); `overrides` names the
    override file of each top-level argument or block one replaced; `static_address` is the
    block's address without instance keys.
    """

    address: str
    kind: str
    block: Block
    file: str
    profile: Profile
    schema: SchemaResult
    scope: Scope
    context: Context = EMPTY_CONTEXT
    overrides: Mapping[str, str] = {}
    assumed: Assumptions = ()
    static_address: str = ""

    @property
    def is_integration(self) -> bool:
        """Whether this is an integration resource (not the provider block)."""
        return self.kind != PROVIDER

    def evaluate(self, expression: Expression) -> Value:
        """The value of an expression of this instance (``each.value`` known)."""
        return self.scope.evaluate(expression, self.context)

    def evaluate_literal(self, expression: Expression) -> Value:
        """The value the configuration itself writes (see `Scope.evaluate_literal`)."""
        return self.scope.evaluate_literal(expression, self.context)

    def file_for(self, path: str) -> str:
        """The file that writes `path` (an override file may write top-level names)."""
        return self.overrides.get(path.split(".", 1)[0].split("[", 1)[0], self.file)

    def origin(self, path: str) -> Source | None:
        """Where the value at `path` was written, when not in the attribute itself (a tfvars
        line, a default, a local, a module argument, a for_each element)."""
        segments = _segments(path)
        if not segments:
            return None
        attribute = self._attribute_at(segments)
        if attribute is None:
            return None
        index = segments[-1][1]
        file = self.file_for(path)
        start = Source(
            file,
            attribute.value,
            attribute.value.span,
            self.scope,
            self.context,
            (index,) if index is not None else (),
        )
        found = Evaluator(self.scope, self.context).trace(start)
        if found.file == file and _inside(found.span, attribute.span):
            return None
        return found

    def _attribute_at(self, segments: Sequence[tuple[str, int | None]]) -> Attribute | None:
        node: Attribute | Block | None = self.block
        for position, (name, index) in enumerate(segments):
            if not isinstance(node, Block):
                return None
            last = position == len(segments) - 1
            node = _child(node.body, name, None if last else index)
        return node if isinstance(node, Attribute) else None

    def value(self, path: str) -> Value:
        """The validated value at a path (``"schedule.frequency"``): None when absent or
        null, UNKNOWN when not statically known or invalid."""
        current: Value = self.schema.values
        for name in path.split("."):
            if isinstance(current, Unknown):
                return UNKNOWN  # a block whose contents are not known (a dynamic block)
            if not isinstance(current, dict):
                return None
            current = current.get(name)
        return current

    @property
    def problems(self) -> tuple[SchemaProblem, ...]:
        """The schema problems found in this resource."""
        return self.schema.problems

    def find(self, path: str) -> Attribute | Block | None:
        """The attribute or block a path names (``"schedule.cron_expression"``), if present."""
        node: Attribute | Block | None = self.block
        for name, index in _segments(path):
            if not isinstance(node, Block):
                return None
            node = _child(node.body, name, index)
        return node

    def attribute(self, path: str) -> Attribute | None:
        """The attribute a path names, if present."""
        node = self.find(path)
        return node if isinstance(node, Attribute) else None

    def span_of(self, path: str) -> Span:
        """Where to report a problem about `path`: the node, else the nearest block header."""
        node: Block = self.block
        segments = _segments(path)
        for position, (name, index) in enumerate(segments):
            child = _child(node.body, name, index)
            if isinstance(child, Block):
                node = child
                continue
            if isinstance(child, Attribute):
                last = position == len(segments) - 1
                if last and index is not None and isinstance(child.value, TupleExpr):
                    items = child.value.items
                    return items[index].span if index < len(items) else child.span
                return child.span
            break
        return node.header


@functools.lru_cache(maxsize=256)
def _segments(path: str) -> Sequence[tuple[str, int | None]]:
    if not path:
        return ()
    return tuple(
        (m.group(1), int(m.group(2)) if m.group(2) is not None else None)
        for m in _SEGMENT.finditer(path)
    )


def _child(body: Body, name: str, index: int | None) -> Attribute | Block | None:
    attribute = body.attribute(name)
    if attribute is not None:
        return attribute
    blocks = body.blocks_of(name)
    position = index or 0
    if position < len(blocks):
        return blocks[position]
    for block in body.blocks_of("dynamic"):  # a dynamic block: its content stands for it
        if block.labels[:1] == (name,):
            content = block.body.blocks_of("content")
            return content[0] if content else block
    return None


def _inside(inner: Span, outer: Span) -> bool:
    return (outer.line, outer.column) <= (inner.line, inner.column) and (
        inner.end_line,
        inner.end_column,
    ) <= (outer.end_line, outer.end_column)


class ParsedFile(NamedTuple):
    """A configuration file of the module that parsed, with its text for excerpts."""

    path: str
    body: Body


class ImportBlock(NamedTuple):
    """An ``import { to = ..., id = ... }`` block of the module."""

    block: Block
    file: str

    @property
    def target(self) -> str:
        """The resource address in ``to`` (instance keys left out), or "" when not a reference."""
        return import_target(self.block)


def import_target(block: Block) -> str:
    """The resource address an ``import`` block's ``to`` names, without instance keys."""
    target = block.body.attribute("to")
    if target is None or not isinstance(target.value, Traversal):
        return ""
    steps = [s for s in target.value.steps if isinstance(s, str)]
    return ".".join([target.value.root, *steps])


class Module(NamedTuple):
    """A module (one directory) as module-level rules see it; `resources` include the
    provider blocks."""

    scope: Scope
    resources: tuple[Resource, ...]
    imports: tuple[ImportBlock, ...]
    files: tuple[ParsedFile, ...]
