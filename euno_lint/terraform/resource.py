"""What rules look at: one validated resource, or a whole module, with path lookups.

Rules name places by attribute path (``"schedule.repeat_on[1]"``, ``"configuration"``); this
module turns a path into the node it names and the span to report, falling back to the header
of the nearest enclosing block when the path names something that is absent.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from euno_lint.findings import Span
from euno_lint.hcl import Attribute, Block, Body, Traversal, TupleExpr
from euno_lint.terraform.schema import HexIntegration, SchemaProblem, SchemaResult
from euno_lint.terraform.scope import Scope

_SEGMENT = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


class Resource(NamedTuple):
    """One ``euno_hex_integration`` block, validated, in its module context."""

    address: str
    block: Block
    file: str
    schema: SchemaResult
    scope: Scope

    @property
    def model(self) -> HexIntegration:
        """The typed values (UNKNOWN where unknown or invalid, None where absent or null)."""
        return self.schema.model

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
    return blocks[position] if position < len(blocks) else None


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
    """A module (one directory) as module-level rules see it."""

    scope: Scope
    resources: tuple[Resource, ...]
    imports: tuple[ImportBlock, ...]
    files: tuple[ParsedFile, ...]
