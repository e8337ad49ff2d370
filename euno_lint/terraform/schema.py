"""Validate a resource (or provider) block against its profile's schema, the way Terraform does.

Values are evaluated statically and converted with Terraform's rules: numbers and bools are
fine strings, ``"7"`` is a fine number, ``"true"`` and ``"false"`` are fine bools; what cannot
be converted is a type problem. Unknown values are never judged. The result is the block's
values as rules read them (converted; UNKNOWN where unknown or invalid; absent arguments left
out) and its problems, each with the path it is about, where to point, and a message that
names the profile. Terraform's meta-arguments and meta-blocks are always allowed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Final, Literal, NamedTuple

from euno_lint.findings import Span
from euno_lint.hcl import Attribute, Block, Body, Expression, Traversal
from euno_lint.suggest import closest, did_you_mean
from euno_lint.terraform.evaluate import Evaluator
from euno_lint.terraform.profile import (
    PROVIDER,
    AttributeSchema,
    BlockSchema,
    BlockType,
    Profile,
    overlay_value,
)
from euno_lint.terraform.values import (
    UNKNOWN,
    Unknown,
    Value,
    bool_of_string,
    describe,
    format_number,
    to_template_text,
)

META_ARGUMENTS: Final = frozenset({"count", "for_each", "provider", "depends_on"})
META_BLOCKS: Final = frozenset({"lifecycle", "provisioner", "connection"})
PROVIDER_META_ARGUMENTS: Final = frozenset({"alias", "version"})

ProblemKind = Literal["missing", "unknown", "type", "duplicate", "computed", "drift"]
Values = dict[str, Any]


class SchemaProblem(NamedTuple):
    """One schema problem: what kind, about which path, where to point, and the message."""

    kind: ProblemKind
    subject: str
    span: Span
    message: str


class SchemaResult(NamedTuple):
    """The validated values (UNKNOWN where unknown or invalid), the problems found, and the
    dynamic blocks whose ``for_each`` is not known (path and header): not fully analysed."""

    values: Values
    problems: tuple[SchemaProblem, ...]
    unexpanded: tuple[tuple[str, Span], ...] = ()


def validate(
    block: Block,
    kind: str,
    profile: Profile,
    evaluator: Evaluator,
    planned: Mapping[str, Value] | None = None,
) -> SchemaResult:
    """Validate a resource block of type `kind` (or the provider block: `PROVIDER`), its
    values computed by `evaluator` (in the instance's scope and context), or taken from a
    plan's values for the instance (`planned`: what the plan leaves out is unknown)."""
    schema = profile.schema_of(kind)
    checker = _Checker(kind, profile, evaluator)
    if schema is None:
        if kind != PROVIDER and profile.dialect != "documented":  # the docs cover hex only
            hint = did_you_mean(kind, sorted(profile.resources))
            checker.problem(
                "unknown", "", block.header, f'the provider has no resource type "{kind}"{hint}'
            )
        return SchemaResult({}, tuple(checker.problems))
    values = checker.body(block.body, schema, "", block.header, planned)
    return SchemaResult(values, tuple(checker.problems), tuple(checker.unexpanded))


class _TypeProblemError(Exception):
    """A value cannot be converted; the message says what was required and what was got."""


class _Checker:
    """Walks a block and its nested blocks against a schema, collecting values and problems."""

    def __init__(self, kind: str, profile: Profile, evaluator: Evaluator) -> None:
        self.kind = kind
        self.profile = profile
        self.evaluator = evaluator
        self.problems: list[SchemaProblem] = []
        self.unexpanded: list[tuple[str, Span]] = []
        self.suffix = f" (schema: {profile.name})"
        self.planned: Mapping[str, Value] | None = None
        # What misspelt arguments and blocks were probably meant to be (paths): one typo is
        # one finding, the unknown name with its suggestion, not also the missing one.
        self.meant: set[str] = set()

    def evaluate(self, expression: Expression) -> Value:
        return self.evaluator.value(expression)

    def problem(self, kind: ProblemKind, subject: str, span: Span, message: str) -> None:
        problem = SchemaProblem(kind, subject, span, message + self.suffix)
        if problem not in self.problems:  # a dynamic block's content is checked per element
            self.problems.append(problem)

    def body(
        self,
        body: Body,
        schema: BlockSchema,
        path: str,
        header: Span,
        planned: Mapping[str, Value] | None = None,
    ) -> Values:
        outer, self.planned = self.planned, planned
        try:
            return self._body(body, schema, path, header)
        finally:
            self.planned = outer

    def _body(self, body: Body, schema: BlockSchema, path: str, header: Span) -> Values:
        values: Values = {}
        seen_attributes: dict[str, Span] = {}
        seen_blocks: dict[str, list[Span]] = {}
        for attribute in body.attributes:
            self._attribute(attribute, schema, path, values, seen_attributes)
        for block in body.blocks:
            self._block(block, schema, path, values, seen_blocks)
        self._missing(schema, path, header, values, seen_attributes)
        return values

    def _attribute(
        self,
        attribute: Attribute,
        schema: BlockSchema,
        path: str,
        values: Values,
        seen: dict[str, Span],
    ) -> None:
        name, subject = attribute.name, _join(path, attribute.name)
        meta = PROVIDER_META_ARGUMENTS if self.kind == PROVIDER else META_ARGUMENTS
        if not path and name in meta:
            return
        if name in seen:
            self.problem(
                "duplicate",
                subject,
                attribute.span,
                f'argument "{name}" is set more than once (first set on line {seen[name].line})',
            )
            return
        seen[name] = attribute.span
        if name in schema.blocks:
            self.problem(
                "unknown",
                subject,
                attribute.name_span,
                f'"{name}" is a block, not an argument: write {name} {{ ... }} without "="',
            )
            values[name] = UNKNOWN  # present in some form: not also "missing"
            return
        spec = schema.attributes.get(name)
        if spec is None:
            self._unknown(subject, name, attribute.name_span, schema, path, "argument")
            return
        if self.planned is not None:
            value = self.planned.get(name, UNKNOWN)  # left out of a plan: known after apply
        else:
            value = self.evaluate(attribute.value)
        if spec.read_only:
            if value is not None:  # null is what an unset attribute is: fine
                self.problem(
                    "computed",
                    subject,
                    attribute.span,
                    f'"{name}" is computed by the provider and cannot be set',
                )
            return
        if value is None:
            if spec.required and not self._reported_elsewhere(subject):
                self.problem(
                    "missing",
                    subject,
                    attribute.span,
                    f'required argument "{name}" is null{_where(path)}',
                )
            values[name] = None
            return
        try:
            values[name] = convert(value, spec)
        except _TypeProblemError as error:
            self.problem("type", subject, attribute.span, f'invalid value for "{name}": {error}')
            values[name] = UNKNOWN

    def _block(
        self,
        block: Block,
        schema: BlockSchema,
        path: str,
        values: Values,
        seen: dict[str, list[Span]],
    ) -> None:
        if not path and block.type in META_BLOCKS:
            return
        dynamic = block.type == "dynamic"
        name = block.labels[0] if dynamic and block.labels else block.type
        subject = _join(path, name)
        block_type = schema.blocks.get(name)
        if block_type is None:
            if name in schema.attributes:
                self.problem(
                    "unknown",
                    subject,
                    block.header,
                    f'"{name}" is an argument, not a block: write {name} = ...',
                )
                if not schema.attributes[name].read_only:  # one problem, one finding
                    values[name] = UNKNOWN
                return
            what = "dynamic block" if dynamic else "block type"
            self._unknown(subject, name, block.header, schema, path, what)
            return
        spans = seen.setdefault(name, [])
        spans.append(block.header)
        if self._too_many(name, subject, block_type, spans, block.header):
            return
        if dynamic:
            self._dynamic(block, block_type, subject, values, spans)
            return
        planned = _planned_block(self.planned, name, len(spans) - 1)
        content = self.body(block.body, block_type.block, subject, block.header, planned)
        _store(values, name, block_type, content, block.labels[1:])

    def _dynamic(
        self,
        block: Block,
        block_type: BlockType,
        subject: str,
        values: Values,
        spans: list[Span],
    ) -> None:
        """A dynamic block: its content is always checked (the iterator unknown), and checked
        again for each element when ``for_each`` is known; then it counts as that many blocks."""
        name = block.labels[0]
        contents = block.body.blocks_of("content")
        if not contents:
            values[name] = UNKNOWN
            return
        content = contents[0]
        iterator = _iterator_name(block) or name
        outer = self.evaluator
        for_each = block.body.attribute("for_each")
        elements = dynamic_elements(outer.value(for_each.value)) if for_each else None
        planned_blocks = _planned_blocks(self.planned, name)
        if planned_blocks is not None:  # the plan has made the blocks
            elements = [(position, UNKNOWN) for position in range(len(planned_blocks))]
        try:
            self.evaluator = outer.within(
                outer.scope, outer.context.bind({iterator: {"key": UNKNOWN, "value": UNKNOWN}})
            )
            self.body(content.body, block_type.block, subject, content.header)
            if elements is None:
                values[name] = UNKNOWN
                self.unexpanded.append((subject, block.header))
                return
            for position, (key, element) in enumerate(elements):
                if position:
                    spans.append(block.header)
                    if self._too_many(name, subject, block_type, spans, block.header):
                        return
                self.evaluator = outer.within(
                    outer.scope, outer.context.bind({iterator: {"key": key, "value": element}})
                )
                planned = planned_blocks[position] if planned_blocks is not None else None
                found = self.body(content.body, block_type.block, subject, content.header, planned)
                _store(values, name, block_type, found, ())
            if not elements:
                spans.pop()  # no block at all
        finally:
            self.evaluator = outer

    def _too_many(
        self, name: str, subject: str, block_type: BlockType, spans: list[Span], at: Span
    ) -> bool:
        limit = 1 if block_type.nesting in ("single", "group") else block_type.max_items
        if not limit or len(spans) <= limit:
            return False
        allowed = "only one is allowed" if limit == 1 else f"at most {limit} are allowed"
        self.problem(
            "duplicate",
            subject,
            at,
            f'duplicate "{name}" block: {allowed} (first on line {spans[0].line})',
        )
        return True

    def _unknown(
        self, subject: str, name: str, span: Span, schema: BlockSchema, path: str, what: str
    ) -> None:
        replacement = overlay_value(self.profile.documented_not_implemented, self.kind, subject)
        if replacement is not None:
            owner = "the provider block" if self.kind == PROVIDER else self.kind
            self.problem(
                "drift",
                subject,
                span,
                f'"{name}" is documented for {owner} but the provider does not implement it: '
                f"{replacement}",
            )
            return
        meant = closest(name, schema.names())
        if meant is not None:
            self.meant.add(_join(path, meant))  # its absence is this typo, not another problem
        hint = f'; did you mean "{meant}"?' if meant else ""
        self.problem("unknown", subject, span, f'unknown {what} "{name}"{_where(path)}{hint}')

    def _missing(
        self,
        schema: BlockSchema,
        path: str,
        header: Span,
        values: Values,
        seen: Mapping[str, Span],
    ) -> None:
        for name, spec in schema.attributes.items():
            subject = _join(path, name)
            present = name in seen or name in values
            if spec.required and not present and not self._reported_elsewhere(subject):
                self.problem(
                    "missing", subject, header, f'missing required argument "{name}"{_where(path)}'
                )
        for name, block_type in schema.blocks.items():
            subject = _join(path, name)
            if name in values or self._reported_elsewhere(subject):
                continue
            if block_type.min_items:
                self.problem(
                    "missing", subject, header, f'missing required block "{name}"{_where(path)}'
                )
            elif block_type.required_at_plan:
                self.problem(
                    "missing",
                    subject,
                    header,
                    f'missing block "{name}"{_where(path)}: the provider rejects a resource '
                    "without it, although its schema marks it optional",
                )

    def _reported_elsewhere(self, subject: str) -> bool:
        if subject in self.meant:
            return True
        return overlay_value(self.profile.reported_by, self.kind, subject) is not None


def _planned_blocks(
    planned: Mapping[str, Value] | None, name: str
) -> list[Mapping[str, Value]] | None:
    """The blocks of type `name` a plan holds (a list, or one object), or None without a plan."""
    if planned is None:
        return None
    found = planned.get(name)
    if isinstance(found, dict):
        return [found]
    if isinstance(found, tuple):
        return [item for item in found if isinstance(item, dict)]
    return []


def _planned_block(
    planned: Mapping[str, Value] | None, name: str, position: int
) -> Mapping[str, Value] | None:
    blocks = _planned_blocks(planned, name)
    if blocks is None:
        return None
    return blocks[position] if position < len(blocks) else {}


def _iterator_name(block: Block) -> str | None:
    iterator = block.body.attribute("iterator")
    if iterator is not None and isinstance(iterator.value, Traversal) and not iterator.value.steps:
        return iterator.value.root
    return None


def dynamic_elements(value: Value) -> list[tuple[Value, Value]] | None:
    """What a dynamic block iterates: (key, value) of a map in key order, (index, element) of a
    list; None when not known."""
    if isinstance(value, dict):
        return [(key, value[key]) for key in sorted(value)]
    if isinstance(value, tuple) and not any(isinstance(v, Unknown) for v in value):
        return list(enumerate(value))
    return None


def _store(
    values: Values, name: str, block_type: BlockType, content: Value, labels: tuple[str, ...]
) -> None:
    if block_type.nesting in ("single", "group"):
        values[name] = content
    elif block_type.nesting == "map":
        entries = values.setdefault(name, {})
        if isinstance(entries, dict):
            entries[labels[0] if labels else ""] = content
    else:
        values[name] = (*values.get(name, ()), content)


def _where(path: str) -> str:
    return f' in block "{path}"' if path else ""


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


# --------------------------------------------------------------------------- conversion

_NUMBER_TEXT = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_KIND_NAMES = {"string": "string", "number": "number", "bool": "bool"}


def convert(value: Value, spec: AttributeSchema) -> Value:
    """The value converted to the attribute's type, or _TypeProblemError."""
    if isinstance(value, Unknown):
        return value
    converted = _convert(value, spec.type, sensitive=spec.sensitive)
    if spec.integer_only and isinstance(converted, int | float) and not _whole(converted):
        raise _TypeProblemError(f"a whole number is required, got {format_number(converted)}")
    return converted


def _whole(number: int | float) -> bool:
    # Terraform numbers are arbitrary precision: 1e999 (infinite as a float) is whole.
    return isinstance(number, int) or math.isinf(number) or number.is_integer()


def _convert(value: Value, cty: Any, *, sensitive: bool = False) -> Value:
    if value is None or isinstance(value, Unknown) or cty == "dynamic":
        return value
    if cty == "string":
        return _string(value, sensitive)
    if cty == "number":
        return _number(value)
    if cty == "bool":
        return _bool(value)
    if isinstance(cty, list) and len(cty) == 2 and cty[0] in ("list", "set"):
        return _sequence(value, cty[1], cty[0])
    if isinstance(cty, list) and len(cty) == 2 and cty[0] == "map":
        return _mapping(value, cty[1])
    if isinstance(cty, list) and len(cty) == 2 and cty[0] == "object":
        return _object(value, cty[1])
    return value


def _type_error(expected: str, value: Value, hint: str = "") -> _TypeProblemError:
    return _TypeProblemError(f"{expected} is required, got {describe(value)}{hint}")


def _string(value: Value, sensitive: bool = False) -> Value:
    text = to_template_text(value)
    if isinstance(text, str):
        return text
    if sensitive:  # never describe what may be a secret
        raise _TypeProblemError("a string is required")
    raise _type_error("a string", value)


def _number(value: Value) -> Value:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
        try:
            return int(value) if value.lstrip("-").isdigit() else float(value)
        except ValueError:  # more digits than Python converts: still a number to Terraform
            return float("inf") if not value.startswith("-") else float("-inf")
    raise _type_error("a number", value)


def _bool(value: Value) -> Value:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        converted = bool_of_string(value)
        if converted is not None:
            return converted
        if value.lower() in ("true", "false"):
            raise _type_error("a bool", value, f'; use lowercase "{value.lower()}"')
    raise _type_error("a bool", value)


def _element_name(cty: Any) -> str:
    if isinstance(cty, str):
        return _KIND_NAMES.get(cty, "value") + "s"
    return "values"


def _sequence(value: Value, element: Any, kind: str) -> Value:
    if not isinstance(value, tuple):
        raise _type_error(f"a {kind} of {_element_name(element)}", value)
    items: list[Value] = []
    for item in value:
        if item is None or (isinstance(item, tuple | dict) and isinstance(element, str)):
            raise _type_error(
                f"a {kind} of {_element_name(element)}", value, f" (an element is {describe(item)})"
            )
        try:
            items.append(_convert(item, element))
        except _TypeProblemError:
            raise _type_error(
                f"a {kind} of {_element_name(element)}", value, f" (an element is {describe(item)})"
            ) from None
    return tuple(items)


def _mapping(value: Value, element: Any) -> Value:
    if not isinstance(value, dict):
        raise _type_error(f"a map of {_element_name(element)}", value)
    return {key: _convert(item, element) for key, item in value.items()}


def _object(value: Value, attributes: Any) -> Value:
    if not isinstance(value, dict) or not isinstance(attributes, dict):
        raise _type_error("an object", value)
    return {
        key: _convert(item, attributes[key]) if key in attributes else item
        for key, item in value.items()
    }
