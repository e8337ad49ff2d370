"""Terraform's JSON configuration syntax (``*.tf.json``) -> our syntax tree, with exact spans.

A .tf.json file gives the same tree as the equivalent .tf file, so that the rest of euno-lint
need not know which syntax a file was written in. Three steps:

- A small JSON scanner keeps what the json module drops: every value's position, the order of
  an object's properties, and properties given twice.
- Terraform's own block schemas (the top-level block types, and the meta-arguments and
  meta-blocks inside them) say which properties are blocks, how many label levels each block
  type has, and how each argument's value is read: most strings are templates, arguments that
  Terraform decodes without an evaluation context (``description``, ``default``, ``source``,
  ``version``, everything in ``terraform`` and backends...) are taken literally, and a few
  hold native expressions written in a string (``provider``, ``depends_on``,
  ``ignore_changes``, a variable's ``type``, ``moved``'s ``from`` and ``to``...).
- Strings read as templates or expressions are parsed by the native parser and the spans of
  the result moved back onto the JSON string, character by character through JSON escapes.

Inside resource, data, ephemeral and provider bodies (and their nested blocks), whether a
property is a nested block or an object-typed argument is decided by the provider's schema,
which the parser does not have: a property whose value is an object, or a non-empty array of
objects, becomes a block, anything else an attribute. A caller that knows the schema passes
`is_block` to decide instead.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Final
from typing import Literal as TypingLiteral

from euno_lint.findings import Span
from euno_lint.hcl._convert import Converter
from euno_lint.hcl._diagnose import describe_lark_error, line_column
from euno_lint.hcl._guard import parse_guard
from euno_lint.hcl._parser import lark_parser
from euno_lint.hcl.tree import (
    Attribute,
    Block,
    Body,
    Comment,
    Expression,
    HclSyntaxError,
    Literal,
    ObjectExpr,
    ObjectItem,
    SyntaxTree,
    Traversal,
    TupleExpr,
)

MAX_DEPTH: Final = 100
MAX_CHARS: Final = 16 * 1024 * 1024

# is_block(path, name): whether property `name` of a body is a nested block (True), an
# argument (False) or unknown (None: the default guess). `path` names the enclosing blocks,
# outermost first: their types and labels (("resource", "euno_x", "main", "schedule")); a
# dynamic block counts as the block it generates.
BlockOracle = Callable[[tuple[str, ...], str], bool | None]

_PACKAGES: Final = frozenset({"lark", "hcl2", "euno_lint", "re", "json"})
_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"-?[0-9]+")
_DOTTED_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*")
_NOT_NAMES = frozenset({"true", "false", "null"})
# The json module's own string scanner (C-accelerated): the decoded string, and where it ends.
_scan_string: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_HCL_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_JSON_ESCAPE_WIDTH = 2
_UNICODE_ESCAPE_WIDTH = 6
# Where a native parse of a string's content starts in the text we give the native parser.
_TEMPLATE_PREFIX = 'x = "'
_EXPRESSION_PREFIX = "x = "


# ---- scanning


class JsonNode:
    """One JSON value: its kind, where it starts and ends (offsets, end exclusive), and its
    decoded text (strings), digits (numbers), properties (objects) or elements (arrays)."""

    __slots__ = ("end", "items", "kind", "members", "start", "text")

    # Only objects have `members` and only arrays `items` (fewer objects for the collector).
    members: list[tuple[JsonNode, JsonNode]]
    items: list[JsonNode]

    def __init__(self, kind: str, start: int) -> None:
        self.kind = kind
        self.start = start
        self.end = start
        self.text = ""
        if kind == "object":
            self.members = []
        elif kind == "array":
            self.items = []


def _error(message: str, text: str, offset: int) -> HclSyntaxError:
    return HclSyntaxError(message, *line_column(text, offset))


def _skip(text: str, position: int) -> int:
    match = _SPACE.match(text, position)
    return match.end() if match else position


def _string(text: str, position: int) -> JsonNode:
    node = JsonNode("string", position)
    try:
        value, end = _scan_string(text, position + 1)
    except json.JSONDecodeError as error:
        raise _error(_string_problem(error.msg), text, error.pos) from None
    # Go's decoder, which Terraform uses, reads an unpaired surrogate escape as U+FFFD.
    node.text = _LONE_SURROGATE.sub("\ufffd", value)
    node.end = end
    return node


def _string_problem(json_message: str) -> str:
    if json_message.startswith("Unterminated"):
        return "unterminated string (missing closing quote)"
    if json_message.startswith("Invalid control"):
        return "a control character (a line break, a tab...) inside a string: escape it"
    return "invalid escape sequence in a string"


def _key(text: str, position: int) -> tuple[JsonNode, int]:
    """A property name and its colon: the name, and where its value starts."""
    if not text.startswith('"', position):
        raise _error("expected a property name in double quotes", text, position)
    key = _string(text, position)
    position = _skip(text, key.end)
    if not text.startswith(":", position):
        raise _error("expected ':' after a property name", text, position)
    return key, _skip(text, position + 1)


def _scalar(text: str, position: int) -> JsonNode:
    if text.startswith('"', position):
        return _string(text, position)
    number = _NUMBER.match(text, position)
    if number is not None:
        node = JsonNode("number", position)
        node.text = number.group()
        node.end = number.end()
        return node
    for word in ("true", "false", "null"):
        if text.startswith(word, position):
            node = JsonNode(word, position)
            node.end = position + len(word)
            return node
    if position >= len(text):
        raise _error("the file ends where a value should be", text, position)
    raise _error(
        "expected a JSON value (an object, array, string, number, true, false or null)",
        text,
        position,
    )


def scan_json(text: str) -> JsonNode:
    """The JSON value that is the whole text, with positions; iterative, so that depth costs
    no stack. HclSyntaxError when it is not JSON."""
    position = _skip(text, 0)
    if position == len(text):
        raise _error("the file is empty: a .tf.json file holds a JSON object", text, position)
    stack: list[JsonNode] = []  # the open objects and arrays, innermost last
    keys: list[JsonNode] = []  # for each open object, the name of the property being read
    while True:
        if text.startswith(("{", "["), position):
            if len(stack) >= MAX_DEPTH:
                raise _error(f"JSON nested more than {MAX_DEPTH} levels deep", text, position)
            is_object = text[position] == "{"
            node = JsonNode("object" if is_object else "array", position)
            position = _skip(text, position + 1)
            if text.startswith("}" if is_object else "]", position):
                node.end = position = position + 1
                value = node
            else:
                stack.append(node)
                if is_object:
                    key, position = _key(text, position)
                    keys.append(key)
                continue
        else:
            value = _scalar(text, position)
            position = value.end
        while True:
            if not stack:
                position = _skip(text, position)
                if position != len(text):
                    raise _error("unexpected text after the JSON value", text, position)
                return value
            container = stack[-1]
            is_object = container.kind == "object"
            if is_object:
                container.members.append((keys[-1], value))
            else:
                container.items.append(value)
            closer = "}" if is_object else "]"
            position = _skip(text, position)
            if text.startswith(",", position):
                comma = position
                position = _skip(text, position + 1)
                if text.startswith(closer, position):
                    raise _error("a trailing comma (JSON does not allow one)", text, comma)
                if is_object:
                    keys[-1], position = _key(text, position)
                break
            if not text.startswith(closer, position):
                if position >= len(text):
                    inside = "an object" if is_object else "an array"
                    raise _error(f"the file ends inside {inside}", text, container.start)
                raise _error(f"expected ',' or '{closer}'", text, position)
            container.end = position = position + 1
            stack.pop()
            if is_object:
                keys.pop()
            value = container


# ---- Terraform's block schemas


class _Mode(Enum):
    """How an argument's JSON value is read."""

    TEMPLATE = "template"  # strings are templates: arguments Terraform evaluates in a context
    LITERAL = "literal"  # strings as they are: arguments decoded without an evaluation context
    EXPRESSION = "expression"  # strings hold native expressions: references, keywords, types
    REQUIREMENT = "requirement"  # a required_providers entry: literal but for its aliases


# Shorthands for the schema table.
T, L, E = _Mode.TEMPLATE, _Mode.LITERAL, _Mode.EXPRESSION


@dataclass(frozen=True)
class _Schema:
    """What Terraform knows of a body: arguments it reads specially, block types with their
    number of labels and their bodies' schemas, how other arguments are read, and whether
    other properties may be blocks (decided by a provider's schema: `nested` names their
    bodies' schema)."""

    attributes: Mapping[str, _Mode] = field(default_factory=dict)
    blocks: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    mode: _Mode = T
    nested: str | None = None
    dynamic: bool = False  # `dynamic` blocks are expanded here
    # How a block of this schema extends the path given to is_block.
    path: TypingLiteral["type_and_labels", "labels", "nothing"] = "type_and_labels"


_META = {"count": T, "for_each": T, "provider": E, "depends_on": E}
_CHECK_RULES = {"precondition": (0, "attributes"), "postcondition": (0, "attributes")}

_SCHEMAS: Final[Mapping[str, _Schema]] = {
    "file": _Schema(
        blocks={
            "terraform": (0, "terraform"),
            "required_providers": (0, "required_providers"),
            "provider": (1, "provider"),
            "variable": (1, "variable"),
            "locals": (0, "attributes"),
            "output": (1, "output"),
            "module": (1, "module"),
            "resource": (2, "resource"),
            "data": (2, "data"),
            "ephemeral": (2, "data"),
            "action": (2, "action"),
            "moved": (0, "moved"),
            "removed": (0, "removed"),
            "import": (0, "import"),
            "check": (1, "check"),
        }
    ),
    "attributes": _Schema(),
    "literal_attributes": _Schema(mode=L),
    "terraform": _Schema(
        attributes={"required_version": L, "experiments": E, "language": E},
        blocks={
            "backend": (1, "backend"),
            "cloud": (0, "backend"),
            "required_providers": (0, "required_providers"),
            "state_store": (1, "state_store"),
            "provider_meta": (1, "literal_attributes"),
        },
        mode=L,
    ),
    "required_providers": _Schema(mode=_Mode.REQUIREMENT),
    "backend": _Schema(mode=L, nested="backend"),
    "state_store": _Schema(blocks={"provider": (1, "backend")}, mode=L, nested="backend"),
    "provider": _Schema(
        attributes={"alias": L, "version": L, "count": T, "for_each": T, "depends_on": E},
        blocks={"_": (0, "config"), "lifecycle": (0, "attributes"), "locals": (0, "attributes")},
        nested="config",
        dynamic=True,
    ),
    "config": _Schema(nested="config", dynamic=True),
    "dynamic": _Schema(
        attributes={"for_each": T, "iterator": E, "labels": T},
        blocks={"content": (0, "content")},
        path="labels",
    ),
    "content": _Schema(nested="config", dynamic=True, path="nothing"),
    "variable": _Schema(
        attributes={
            "description": L,
            "default": L,
            "type": E,
            "sensitive": L,
            "ephemeral": L,
            "nullable": L,
            "deprecated": L,
            "const": L,
        },
        blocks={"validation": (0, "attributes")},
    ),
    "output": _Schema(
        attributes={
            "description": L,
            "depends_on": E,
            "sensitive": L,
            "ephemeral": L,
            "deprecated": L,
            "type": E,
        },
        blocks=_CHECK_RULES,
    ),
    "module": _Schema(
        attributes={"source": L, "version": L, "depends_on": E, "providers": E},
        blocks={
            "_": (0, "attributes"),
            "lifecycle": (0, "attributes"),
            "locals": (0, "attributes"),
            "provider": (1, "attributes"),
        },
    ),
    "resource": _Schema(
        attributes=_META,
        blocks={
            "lifecycle": (0, "lifecycle"),
            "connection": (0, "attributes"),
            "provisioner": (1, "provisioner"),
            "locals": (0, "attributes"),
            "_": (0, "config"),
        },
        nested="config",
        dynamic=True,
    ),
    "data": _Schema(
        attributes=_META,
        blocks={"lifecycle": (0, "lifecycle"), "locals": (0, "attributes"), "_": (0, "config")},
        nested="config",
        dynamic=True,
    ),
    "action": _Schema(attributes=_META, blocks={"config": (0, "config")}),
    "lifecycle": _Schema(
        attributes={
            "create_before_destroy": L,
            "prevent_destroy": L,
            "destroy": L,
            "ignore_changes": E,
            "replace_triggered_by": E,
        },
        blocks={**_CHECK_RULES, "action_trigger": (0, "action_trigger")},
    ),
    "action_trigger": _Schema(attributes={"events": E, "actions": E, "on_failure": E}),
    "provisioner": _Schema(
        attributes={"when": E, "on_failure": E},
        blocks={
            "_": (0, "attributes"),
            "connection": (0, "attributes"),
            "lifecycle": (0, "attributes"),
        },
    ),
    "moved": _Schema(attributes={"from": E, "to": E}),
    "removed": _Schema(
        attributes={"from": E},
        blocks={
            "lifecycle": (0, "removed_lifecycle"),
            "connection": (0, "attributes"),
            "provisioner": (1, "provisioner"),
        },
    ),
    "removed_lifecycle": _Schema(attributes={"destroy": L}),
    "import": _Schema(attributes={"to": E, "provider": E}),
    "check": _Schema(blocks={"data": (2, "data"), "assert": (0, "attributes")}),
}


# ---- building the tree


def parse_json(
    text: str,
    *,
    comments: bool = True,
    timeout: float | None = None,
    is_block: BlockOracle | None = None,
) -> SyntaxTree:
    """Parse a .tf.json file's text (BOM already stripped) into our tree, as Terraform reads it.

    ``"//"`` properties of bodies become comments (``// `` and their text) unless `comments`
    is false. With `timeout` (seconds of CPU time), a parse that takes longer stops with an
    HclSyntaxError. `is_block` decides the properties a provider's schema decides.
    """
    if len(text) > MAX_CHARS:
        raise HclSyntaxError(f"the file is too large to analyse (more than {MAX_CHARS:,} chars)")
    with parse_guard(timeout, _PACKAGES):
        return _Builder(text, comments, is_block).tree(scan_json(text))


class _Builder:
    """Turns the scanned JSON of one file into our tree."""

    def __init__(self, text: str, comments: bool, is_block: BlockOracle | None) -> None:
        self.text = text
        self.keep_comments = comments
        self.is_block = is_block
        self.comments: list[Comment] = []
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]

    # ---- positions

    def point(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        return Span(*self.point(start), *self.point(end))

    def error(self, message: str, offset: int) -> HclSyntaxError:
        return HclSyntaxError(message, *self.point(offset))

    # ---- structure

    def tree(self, root: JsonNode) -> SyntaxTree:
        if root.kind not in ("object", "array", "null"):
            raise self.error("a .tf.json file holds a JSON object", root.start)
        body = self.body(root, "file", ())
        return SyntaxTree(body, tuple(sorted(self.comments, key=lambda c: c.span)))

    def members(self, node: JsonNode, what: str) -> list[tuple[JsonNode, JsonNode]]:
        """The properties of a body or label level: an object's, or those of an array of
        objects in order; null has none."""
        if node.kind == "object":
            return node.members
        if node.kind == "null":
            return []
        if node.kind != "array":
            raise self.error(f"expected a JSON object ({what}) or an array of objects", node.start)
        found: list[tuple[JsonNode, JsonNode]] = []
        for element in node.items:
            if element.kind != "object":
                raise self.error(f"expected a JSON object ({what})", element.start)
            found.extend(element.members)
        return found

    def body(self, node: JsonNode, schema_name: str, path: tuple[str, ...]) -> Body:
        schema = _SCHEMAS[schema_name]
        attributes: list[Attribute] = []
        blocks: list[Block] = []
        for key, value in self.members(node, "a block's body"):
            name = key.text
            if name == "//":
                self.comment(key, value)
                continue
            known = schema.blocks.get(name)
            if known is not None:
                blocks.extend(self.blocks(name, key, value, *known, path))
            elif name == "dynamic" and schema.dynamic and _holds_bodies(value):
                blocks.extend(self.blocks(name, key, value, 1, "dynamic", path))
            elif (
                schema.nested is not None
                and name not in schema.attributes
                and self.guess_block(path, name, value)
            ):
                blocks.extend(self.blocks(name, key, value, 0, schema.nested, path))
            else:
                mode = schema.attributes.get(name, schema.mode)
                attributes.append(self.attribute(key, value, mode))
        return Body(tuple(attributes), tuple(blocks))

    def guess_block(self, path: tuple[str, ...], name: str, value: JsonNode) -> bool:
        if not _holds_bodies(value):
            return False
        answer = self.is_block(path, name) if self.is_block is not None else None
        return True if answer is None else answer

    def blocks(
        self,
        block_type: str,
        key: JsonNode,
        value: JsonNode,
        label_count: int,
        schema_name: str,
        path: tuple[str, ...],
    ) -> list[Block]:
        """The blocks one property defines: one per body, after `label_count` levels of
        objects whose property names are the labels."""
        found: list[Block] = []
        levels: list[tuple[JsonNode, JsonNode, tuple[str, ...]]] = [(key, value, ())]
        for _ in range(label_count):
            levels = [
                (label, inner, (*labels, label.text))
                for _key, node, labels in levels
                for label, inner in self.members(node, "block labels")
            ]
        for named_by, node, labels in levels:
            if node.kind == "object":
                found.append(
                    self.block(block_type, labels, named_by.start, node, schema_name, path)
                )
            elif node.kind == "array":
                for element in node.items:
                    found.append(
                        self.block(block_type, labels, element.start, element, schema_name, path)
                    )
            elif node.kind != "null":  # null: no block
                raise self.error(
                    "expected a JSON object (a block's body) or an array of objects", node.start
                )
        return found

    def block(
        self,
        block_type: str,
        labels: tuple[str, ...],
        start: int,
        node: JsonNode,
        schema_name: str,
        path: tuple[str, ...],
    ) -> Block:
        """One block whose header starts at `start`: the property naming it (its last label,
        or its type), or the body itself when it is an element of an array of bodies."""
        schema = _SCHEMAS[schema_name]
        if schema.path == "labels":
            inner = (*path, *labels)
        elif schema.path == "nothing":
            inner = path
        else:
            inner = (*path, block_type, *labels)
        body = self.body(node, schema_name, inner)
        header = self.span(start, node.start + 1)
        return Block(block_type, labels, body, header, self.span(start, node.end))

    def attribute(self, key: JsonNode, value: JsonNode, mode: _Mode) -> Attribute:
        expression = self.expression(value, mode)
        name_span = self.span(key.start, key.end)
        return Attribute(key.text, name_span, expression, self.span(key.start, value.end))

    def comment(self, key: JsonNode, value: JsonNode) -> None:
        if not self.keep_comments or value.kind != "string":
            return
        line_start = self.line_starts[self.point(key.start)[0] - 1]
        own_line = not self.text[line_start : key.start].strip()
        span = self.span(key.start, value.end)
        self.comments.append(Comment(f"// {value.text}", span, own_line))

    # ---- expressions

    def expression(self, node: JsonNode, mode: _Mode) -> Expression:
        span = self.span(node.start, node.end)
        kind = node.kind
        if kind == "string":
            if mode is _Mode.TEMPLATE:
                return self.template(node)
            if mode is _Mode.EXPRESSION:
                return self.native_expression(node)
            return Literal(node.text, span)
        if kind == "number":
            return Literal(self.number(node), span)
        if kind in ("true", "false"):
            return Literal(kind == "true", span)
        if kind == "null":
            return Literal(None, span)
        if kind == "array":
            item_mode = L if mode is _Mode.REQUIREMENT else mode
            return TupleExpr(tuple(self.expression(i, item_mode) for i in node.items), span)
        items = tuple(
            ObjectItem(self.object_key(key, mode), self.expression(value, _member_mode(mode, key)))
            for key, value in node.members
        )
        return ObjectExpr(items, span)

    def number(self, node: JsonNode) -> int | float:
        if not _INTEGER.fullmatch(node.text):
            return float(node.text)
        try:
            return int(node.text)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            raise self.error(
                "a number literal is too long to analyse (more than 4,300 digits)", node.start
            ) from None

    def object_key(self, key: JsonNode, mode: _Mode) -> Expression:
        if mode is _Mode.TEMPLATE:
            return self.template(key)
        if mode is _Mode.EXPRESSION:
            expression = self.native_expression(key)
            if isinstance(expression, Traversal) and not expression.steps:
                return Literal(expression.root, expression.span)  # a bare name is the key itself
            return expression
        return Literal(key.text, self.span(key.start, key.end))

    def template(self, node: JsonNode) -> Expression:
        """A string read as a template, as the same string in the native syntax would be."""
        content = node.text
        if "${" not in content and "%{" not in content:
            return Literal(content, self.span(node.start, node.end))
        escaped, origin, unclosed = _native_string(content)
        if unclosed is not None:
            raise self.error(
                "unterminated ${ or %{ sequence in a JSON string read as a template",
                self.raw_offsets(node)[0][unclosed],
            )
        return self.native(node, f'{_TEMPLATE_PREFIX}{escaped}"\n', origin, template=True)

    def native_expression(self, node: JsonNode) -> Expression:
        """A string holding a native expression; a string that holds none stays a string (in
        Terraform it is an error where a reference or keyword is required)."""
        content = node.text
        span = self.span(node.start, node.end)
        if _DOTTED_NAME.fullmatch(content) and content not in _NOT_NAMES:
            root, *steps = content.split(".")
            return Traversal(root, tuple(steps), span)
        # Line breaks are spaces to an expression; they would end the attribute we parse.
        flat = content.replace("\n", " ").replace("\r", " ")
        source = f"{_EXPRESSION_PREFIX}{flat}\n"
        try:
            return self.native(node, source, list(range(len(flat))), template=False)
        except HclSyntaxError:
            return Literal(content, span)

    def native(
        self, node: JsonNode, source: str, origin: list[int], *, template: bool
    ) -> Expression:
        """Parse `source` (``x = ...``) natively; move its spans onto the JSON string `node`.

        `origin` gives, for each character after the prefix, the index of the character of
        the decoded string it stands for.
        """
        prefix = len(_TEMPLATE_PREFIX if template else _EXPRESSION_PREFIX)
        starts, ends = self.raw_offsets(node)
        source_lines = [0, *(m.end() for m in re.finditer("\n", source))]

        def offset_in_source(line: int, column: int) -> int:
            return source_lines[min(line, len(source_lines)) - 1] + column - 1

        def start_of(offset: int) -> int:
            index = offset - prefix
            if index < 0:
                return node.start
            if index >= len(origin):
                return node.end - 1
            return starts[origin[index]]

        def end_of(offset: int) -> int:
            index = offset - 1 - prefix
            if index < 0:
                return node.start + 1
            if index >= len(origin):
                return node.end
            return ends[origin[index]]

        def move(span: Span) -> Span:
            start = start_of(offset_in_source(span.line, span.column))
            end = end_of(offset_in_source(span.end_line, span.end_column))
            return self.span(start, max(start, end))

        whole = self.span(node.start, node.end)
        try:
            tree = _parse_native(source)
        except HclSyntaxError as error:
            if not template:
                raise
            where = start_of(offset_in_source(error.line, error.column))
            raise self.error(
                f"invalid template in a JSON string ({error.message})",
                min(max(where, node.start), node.end),
            ) from None
        if len(tree.body.attributes) != 1 or tree.body.blocks:
            if not template:
                raise HclSyntaxError("not one expression")
            raise self.error("invalid template in a JSON string", node.start)
        value: Expression = _moved(tree.body.attributes[0].value, move)
        return dataclasses.replace(value, span=whole)

    def raw_offsets(self, node: JsonNode) -> tuple[list[int], list[int]]:
        """Where each character of a decoded string is written in the file: start and end
        offsets of the character or of the escape that stands for it."""
        text = self.text
        starts: list[int] = []
        ends: list[int] = []
        position, stop = node.start + 1, node.end - 1
        while position < stop:
            width = 1
            if text[position] == "\\":
                width = _JSON_ESCAPE_WIDTH
                if text[position + 1] == "u":
                    width = _UNICODE_ESCAPE_WIDTH
                    high = int(text[position + 2 : position + 6], 16)
                    low_at = position + _UNICODE_ESCAPE_WIDTH
                    if 0xD800 <= high < 0xDC00 and text.startswith("\\u", low_at):
                        low = int(text[low_at + 2 : low_at + 6], 16)
                        if 0xDC00 <= low < 0xE000:
                            width = 2 * _UNICODE_ESCAPE_WIDTH
            starts.append(position)
            ends.append(position + width)
            position += width
        if len(starts) != len(node.text):  # cannot happen; keep every span inside the string
            starts = [node.start + 1] * len(node.text)
            ends = [node.end - 1] * len(node.text)
        return starts, ends


def _holds_bodies(node: JsonNode) -> bool:
    """An object, or a non-empty array of objects: what a nested block can be written as."""
    if node.kind == "object":
        return True
    return node.kind == "array" and bool(node.items) and all(i.kind == "object" for i in node.items)


def _member_mode(mode: _Mode, key: JsonNode) -> _Mode:
    if mode is not _Mode.REQUIREMENT:
        return mode
    return E if key.text == "configuration_aliases" else L


def _native_string(content: str) -> tuple[str, list[int], int | None]:
    """A template's text as a native quoted string, for each of its characters the index of
    the character of `content` it stands for, and where an unterminated sequence opens.

    Literal text is escaped; interpolations and directives are native code, copied as they
    are (line breaks become spaces, which they are to an expression).
    """
    out: list[str] = []
    origin: list[int] = []

    def emit(piece: str, index: int) -> None:
        out.append(piece)
        origin.extend([index] * len(piece))

    # Open sequences, innermost last: >= 0 inside ${ } or %{ } (the number of braces opened
    # in it), -1 inside a quoted string within one.
    stack: list[int] = []
    opened = 0  # where the outermost open sequence starts
    position, length = 0, len(content)
    while position < length:
        char = content[position]
        in_string = bool(stack) and stack[-1] < 0
        if not stack or in_string:
            escape = content.startswith(("$${", "%%{"), position)
            if escape and not stack:
                close = content.find("}", position + 3)
                if close < 0:  # no native token spells it: ${ with the brace escaped
                    emit(char, position)
                    emit("\\u007b", position + 2)
                    position += 3
                    continue
                for index in range(position, close + 1):
                    emit(content[index], index)
                position = close + 1
                continue
            if escape:
                for index in range(position, position + 3):
                    emit(content[index], index)
                position += 3
                continue
            if content.startswith(("${", "%{"), position):
                emit(content[position], position)
                emit(content[position + 1], position + 1)
                if not stack:
                    opened = position
                stack.append(0)
                position += 2
                continue
            if in_string:
                if char == "\\" and position + 1 < length:
                    emit(char, position)
                    emit(content[position + 1], position + 1)
                    position += 2
                    continue
                if char == '"':
                    stack.pop()
                emit(char, position)
            else:
                emit(_HCL_ESCAPES.get(char) or _control_escape(char), position)
            position += 1
            continue
        if char == '"':
            stack.append(-1)
        elif char == "{":
            stack[-1] += 1
        elif char == "}":
            if stack[-1] == 0:
                stack.pop()
            else:
                stack[-1] -= 1
        emit(" " if char in "\n\r" else char, position)
        position += 1
    return "".join(out), origin, (opened if stack else None)


def _control_escape(char: str) -> str:
    return f"\\u{ord(char):04x}" if ord(char) < 0x20 or ord(char) == 0x7F else char


def _parse_native(source: str) -> SyntaxTree:
    try:
        raw = lark_parser().parse(source)
        return Converter(source).file(raw, comments=False)
    except (HclSyntaxError, RecursionError):
        raise
    except Exception as error:
        if not type(error).__module__.startswith("lark"):
            raise
        # This module may not import lark: its errors are told by where they come from.
        raise describe_lark_error(error, source) from None  # type: ignore[arg-type]


def _moved(value: Any, move: Callable[[Span], Span]) -> Any:
    """`value` (an expression, or a part of one) with `move` applied to every span in it."""
    if isinstance(value, Span):
        return move(value)
    if isinstance(value, tuple):
        moved = (_moved(v, move) for v in value)
        return type(value)(*moved) if hasattr(value, "_fields") else tuple(moved)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _moved(getattr(value, f.name), move) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value
