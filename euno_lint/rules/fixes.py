"""Corrections rules share: a literal string replaced, an attribute line removed or added.

A rule offers a correction only where exactly one result is right and the text it edits is
written where the finding is: a quoted string without escapes or interpolation in a native
``.tf`` file (never a value that flows from a variable, a local or a tfvars file), whole lines
of an attribute that has them to itself. Edits keep ``terraform fmt``'s verdict: an attribute
added to an aligned group is padded like it (or the group to it), one removed never leaves
the others misaligned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from euno_lint.findings import Correction, Edit, Span
from euno_lint.hcl import Attribute, Block, Body, Literal, TupleExpr
from euno_lint.terraform.resource import Resource

# What a replacement string may hold: nothing that needs escaping in HCL or JSON.
_PLAIN = re.compile(r"[A-Za-z0-9 _.,:/*?#@+\-]*")
_NATIVE = ".tf"


def quoted(value: str) -> str | None:
    """`value` as a quoted HCL string, when it needs no escape (None otherwise)."""
    return f'"{value}"' if _PLAIN.fullmatch(value) else None


def written_literal(resource: Resource, path: str) -> Literal | None:
    """The quoted string literal written at `path` (``"schedule.repeat_on[2]"`` names an
    element) in the resource's own ``.tf`` file, when that is where its value comes from and
    it is spelt without escapes; else None."""
    if not resource.file_for(path).endswith(_NATIVE) or resource.origin(path) is not None:
        return None
    name, _, index = path.partition("[")
    attribute = resource.attribute(name)
    if attribute is None:
        return None
    expression = attribute.value
    if index:
        if not isinstance(expression, TupleExpr):
            return None
        position = int(index.rstrip("]"))
        if position >= len(expression.items):
            return None
        expression = expression.items[position]
    if not isinstance(expression, Literal) or not isinstance(expression.value, str):
        return None
    span = expression.span
    # One line, quotes and the characters exactly: no escape, no heredoc.
    plain = quoted(expression.value) is not None
    if span.line != span.end_line or span.end_column - span.column != len(expression.value) + 2:
        return None
    return expression if plain else None


def replace_string(
    resource: Resource, path: str, value: str, description: str, *, safe: bool = True
) -> Correction | None:
    """Replace the string literal written at `path` with `value` (see `written_literal`)."""
    literal = written_literal(resource, path)
    replacement = quoted(value)
    if literal is None or replacement is None:
        return None
    return Correction(description, (Edit(literal.span, replacement),), safe)


def _own_lines(attribute: Attribute, block: Block) -> bool:
    """Whether the attribute's lines hold nothing else of the block (header, brace, others)."""
    span = attribute.span
    if not block.span.line < span.line or not span.end_line < block.span.end_line:
        return False
    others: list[Span] = [a.span for a in block.body.attributes if a is not attribute]
    others += [b.span for b in block.body.blocks]
    return not any(o.line <= span.end_line and span.line <= o.end_line for o in others)


def aligned_group(attribute: Attribute, body: Body) -> list[Attribute]:
    """The attributes ``terraform fmt`` aligns with `attribute`: one-line attributes on
    consecutive lines, `attribute` included."""
    single = sorted(
        (a for a in body.attributes if a.span.line == a.span.end_line),
        key=lambda a: a.span.line,
    )
    by_line = {a.span.line: a for a in single}
    if attribute.span.line not in by_line:
        return [attribute]
    group = [attribute]
    line = attribute.span.line - 1
    while line in by_line and not _blocked(line, body):
        group.insert(0, by_line[line])
        line -= 1
    line = attribute.span.line + 1
    while line in by_line and not _blocked(line, body):
        group.append(by_line[line])
        line += 1
    return group


def _blocked(line: int, body: Body) -> bool:
    return any(b.span.line <= line <= b.span.end_line for b in body.blocks)


def remove_attribute(attribute: Attribute, block: Block, description: str) -> Correction | None:
    """Remove the whole lines of an attribute (its line ending included), when it has them to
    itself and the alignment of the attributes around it does not depend on it."""
    if not _own_lines(attribute, block):
        return None
    group = aligned_group(attribute, block.body)
    others = [len(a.name) for a in group if a is not attribute]
    if others and len(attribute.name) > max(others):
        return None  # the others were padded to it: removing it would misalign them
    span = Span(attribute.span.line, 1, attribute.span.end_line + 1, 1)
    return Correction(description, (Edit(span, ""),))


def add_attribute(
    block: Block, name: str, value: str, description: str, *, safe: bool = True
) -> Correction | None:
    """Insert ``name = value`` as the block's last attribute line, indented and aligned as
    ``terraform fmt`` writes it: padded like the group it joins, or with the group padded to
    it when its name is the longest."""
    attributes: Sequence[Attribute] = block.body.attributes
    if not attributes:
        return _first_attribute(block, f"{name} = {value}", description, safe)
    last = max(attributes, key=lambda a: a.span.end_line)
    if not _own_lines(last, block) or last.span.column < 1:
        return None
    if any(b.span.line < last.span.line < b.span.end_line for b in block.body.blocks):
        return None
    indent = " " * (last.span.column - 1)
    group = aligned_group(last, block.body) if last.span.line == last.span.end_line else []
    width = max((len(a.name) for a in group), default=0)
    edits: list[Edit] = []
    if len(name) > width:
        # The new name is the group's longest: the others are padded to it, as fmt would.
        edits = [_padded(member, len(name)) for member in group]
        width = len(name)
    at = last.span.end_line + 1
    edits.append(Edit(Span(at, 1, at, 1), f"{indent}{name.ljust(width)} = {value}\n"))
    return Correction(description, tuple(edits), safe)


def _padded(attribute: Attribute, width: int) -> Edit:
    """The text between a one-line attribute's name and value rewritten as fmt writes it
    for a group whose longest name has `width` characters."""
    name, value = attribute.name_span, attribute.value.span
    span = Span(name.end_line, name.end_column, value.line, value.column)
    return Edit(span, " " * (width - len(attribute.name)) + " = ")


def _first_attribute(block: Block, text: str, description: str, safe: bool) -> Correction | None:
    """``text`` as the only line of an empty block: ``{}`` opened onto three lines, or a line
    before the closing brace of ``{`` and ``}`` on lines of their own."""
    if block.body.blocks:
        return None
    header, span = block.header, block.span
    outer = " " * (span.column - 1)
    if header.end_line == span.end_line and header.end_column == span.end_column - 1:
        at = Span(header.end_line, header.end_column, header.end_line, header.end_column)
        return Correction(description, (Edit(at, f"\n{outer}  {text}\n{outer}"),), safe)
    if span.end_line > header.end_line:
        at = Span(span.end_line, 1, span.end_line, 1)
        return Correction(description, (Edit(at, f"{outer}  {text}\n"),), safe)
    return None
