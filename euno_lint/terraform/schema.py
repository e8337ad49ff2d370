"""The documented schema of ``euno_hex_integration`` as pydantic models, and its validation.

Validation takes a resource block from our syntax tree, evaluates each argument in its module
context, and validates the result against `HexIntegration`. Field types follow Terraform's
conversions (``"7"`` is a fine number, ``"true"`` a fine bool, numbers and bools are fine
strings) and let `UNKNOWN` through: a value we cannot know is never a schema problem. Every
problem is located at its attribute or block header, and a value with a problem reaches the
rules as UNKNOWN so that one problem gives one finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, Final, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError
from pydantic_core import PydanticCustomError

from euno_lint.findings import Span
from euno_lint.hcl import Attribute, Block, Body, Expression
from euno_lint.suggest import did_you_mean
from euno_lint.terraform.values import UNKNOWN, Unknown, Value, describe, format_number

# --------------------------------------------------------------------------- field types

_NUMBER_TEXT = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _type_error(expected: str, value: Value, hint: str = "") -> PydanticCustomError:
    return PydanticCustomError(
        "tf_type", "{detail}", {"detail": f"{expected} is required, got {describe(value)}{hint}"}
    )


def _string(value: Any) -> str | Unknown | None:
    if value is None or isinstance(value, Unknown | str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    raise _type_error("a string", value)


def _secret_string(value: Any) -> str | Unknown | None:
    if value is None or isinstance(value, Unknown | str | bool | int | float):
        return _string(value)
    raise PydanticCustomError("tf_type", "{detail}", {"detail": "a string is required"})


def _number(value: Any) -> int | float | Unknown | None:
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
        number = float(value)
        return int(value) if value.lstrip("-").isdigit() else number
    raise _type_error("a number", value)


def _bool(value: Any) -> bool | Unknown | None:
    if value is None or isinstance(value, Unknown | bool):
        return value
    if isinstance(value, str):
        if value in ("true", "1"):
            return True
        if value in ("false", "0"):
            return False
        if value.lower() in ("true", "false"):
            raise _type_error("a bool", value, f'; use lowercase "{value.lower()}"')
    raise _type_error("a bool", value)


def _string_list(value: Any) -> tuple[str | Unknown, ...] | Unknown | None:
    if value is None or isinstance(value, Unknown):
        return value
    if not isinstance(value, tuple):
        raise _type_error("a list of strings", value)
    items: list[str | Unknown] = []
    for item in value:
        if item is None or isinstance(item, tuple | dict):
            raise _type_error("a list of strings", value, f" (an element is {describe(item)})")
        converted = _string(item)
        assert converted is not None
        items.append(converted)
    return tuple(items)


def _required(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def validate(value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("tf_null", "null")
        return convert(value)

    return validate


def _computed(value: Any) -> None:
    if value is None:
        return
    raise PydanticCustomError("tf_computed", "computed")


String = Annotated[str | Unknown, PlainValidator(_required(_string))]
OptionalString = Annotated[str | Unknown | None, PlainValidator(_string)]
SecretString = Annotated[str | Unknown, PlainValidator(_required(_secret_string))]
Number = Annotated[int | float | Unknown, PlainValidator(_required(_number))]
OptionalBool = Annotated[bool | Unknown | None, PlainValidator(_bool)]
OptionalStringList = Annotated[
    tuple[str | Unknown, ...] | Unknown | None, PlainValidator(_string_list)
]
Computed = Annotated[None, PlainValidator(_computed)]

# --------------------------------------------------------------------------- the schema


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Schedule(_Block):
    """``schedule {}``: when Euno crawls the Hex project."""

    frequency: String = Field(description="hourly, daily, weekly or custom")
    cron_expression: OptionalString = Field(None, description="cron schedule (custom frequency)")
    repeat_on: OptionalStringList = Field(None, description="weekdays (weekly frequency)")


class InvalidationStrategy(_Block):
    """``invalidation_strategy {}``: when crawled data expires."""

    # Required by the provider; its absence is reported by EUNO301, not as a schema problem.
    revision_id: OptionalString = Field(None, description="revision to invalidate from")
    ttl_days: Number = Field(description="days before crawled data expires")


class Configuration(_Block):
    """``configuration {}``: how Euno reaches Hex."""

    api_token: SecretString = Field(description="Hex API token (sensitive)")
    project_id: String = Field(description="Hex project ID")
    namespace_id: String = Field(description="Euno namespace ID")
    exclude_deleted_notebooks: OptionalBool = Field(True, description="skip deleted notebooks")


class HexIntegration(_Block):
    """``resource "euno_hex_integration"``: one Hex integration of an Euno account."""

    name: String = Field(description="integration name, unique in the account")
    active: OptionalBool = Field(True, description="whether the integration runs")
    schedule: Schedule
    invalidation_strategy: InvalidationStrategy
    configuration: Configuration
    id: Computed = Field(None, description="computed by the provider")
    created_at: Computed = Field(None, description="computed by the provider")
    last_updated_at: Computed = Field(None, description="computed by the provider")


RESOURCE_TYPE: Final = "euno_hex_integration"
COMPUTED_ATTRIBUTES: Final = frozenset({"id", "created_at", "last_updated_at"})
META_ARGUMENTS: Final = frozenset({"count", "for_each", "provider", "depends_on"})
META_BLOCKS: Final = frozenset({"lifecycle", "provisioner", "connection"})


def block_fields(model: type[_Block]) -> dict[str, type[_Block]]:
    """The nested-block fields of a schema block, by name."""
    result: dict[str, type[_Block]] = {}
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, _Block):
            result[name] = annotation
    return result


# --------------------------------------------------------------------------- validation

ProblemKind = Literal["missing", "unknown", "type", "duplicate", "computed"]


class SchemaProblem(NamedTuple):
    """One schema problem: what kind, about which path, where to point, and the message."""

    kind: ProblemKind
    subject: str
    span: Span
    message: str


class SchemaResult(NamedTuple):
    """The validated model (problem values replaced by UNKNOWN) and the problems found."""

    model: HexIntegration
    problems: tuple[SchemaProblem, ...]


def validate(block: Block, evaluate: Callable[[Expression], Value]) -> SchemaResult:
    """Validate one ``euno_hex_integration`` block against the schema."""
    collector = _Collector(evaluate)
    data = collector.collect(block.body, HexIntegration, "", block.header)
    try:
        model = HexIntegration.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False, include_input=False):
            collector.report_validation_error(
                tuple(str(p) for p in detail["loc"]), detail["type"], detail.get("ctx")
            )
        model = HexIntegration.model_validate(collector.repaired(data))
    return SchemaResult(model, tuple(collector.problems))


def _all_unknown(model: type[_Block]) -> dict[str, Any]:
    return {
        name: _all_unknown(block_fields(model)[name]) if name in block_fields(model) else UNKNOWN
        for name in model.model_fields
        if name not in COMPUTED_ATTRIBUTES
    }


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


class _Collector:
    """Builds the validation input from the tree and turns errors into located problems."""

    def __init__(self, evaluate: Callable[[Expression], Value]) -> None:
        self.evaluate = evaluate
        self.problems: list[SchemaProblem] = []
        self.attribute_spans: dict[str, Span] = {}
        self.block_headers: dict[str, Span] = {}
        self.invalid: list[tuple[str, ...]] = []

    def problem(self, kind: ProblemKind, subject: str, span: Span, message: str) -> None:
        self.problems.append(SchemaProblem(kind, subject, span, message))

    def collect(self, body: Body, model: type[_Block], path: str, header: Span) -> dict[str, Any]:
        self.block_headers[path] = header
        fields = list(model.model_fields)
        blocks = block_fields(model)
        top = not path
        data: dict[str, Any] = {}
        for attribute in body.attributes:
            self._collect_attribute(attribute, data, fields, blocks, path, top=top)
        for block in body.blocks:
            self._collect_block(block, data, fields, blocks, path, top=top)
        return data

    def _collect_attribute(
        self,
        attribute: Attribute,
        data: dict[str, Any],
        fields: list[str],
        blocks: dict[str, type[_Block]],
        path: str,
        *,
        top: bool,
    ) -> None:
        name, subject = attribute.name, _join(path, attribute.name)
        if top and name in META_ARGUMENTS:
            return
        if subject in self.attribute_spans:
            first = self.attribute_spans[subject]
            self.problem(
                "duplicate",
                subject,
                attribute.span,
                f'argument "{name}" is set more than once (first set on line {first.line})',
            )
            return
        self.attribute_spans[subject] = attribute.span
        if name in blocks:
            self.problem(
                "unknown",
                subject,
                attribute.name_span,
                f'"{name}" is a block, not an argument: write {name} {{ ... }} without "="',
            )
            data[name] = _all_unknown(blocks[name])
        elif name not in fields:
            self.problem(
                "unknown",
                subject,
                attribute.name_span,
                f'unknown argument "{name}"{_where(path)}{did_you_mean(name, fields)}',
            )
        else:
            data[name] = self.evaluate(attribute.value)

    def _collect_block(
        self,
        block: Block,
        data: dict[str, Any],
        fields: list[str],
        blocks: dict[str, type[_Block]],
        path: str,
        *,
        top: bool,
    ) -> None:
        if top and block.type in META_BLOCKS:
            return
        dynamic = block.type == "dynamic"
        name = block.labels[0] if dynamic and block.labels else block.type
        subject = _join(path, name)
        if name in blocks:
            if subject in self.block_headers:
                first = self.block_headers[subject]
                self.problem(
                    "duplicate",
                    subject,
                    block.header,
                    f'duplicate "{name}" block: only one is allowed (first on line {first.line})',
                )
            elif dynamic:
                self.block_headers[subject] = block.header
                data[name] = _all_unknown(blocks[name])
            else:
                data[name] = self.collect(block.body, blocks[name], subject, block.header)
        elif name in fields:
            self.problem(
                "unknown",
                subject,
                block.header,
                f'"{name}" is an argument, not a block: write {name} = ...',
            )
            if name not in COMPUTED_ATTRIBUTES:  # one problem, one finding: not EUNO105 too
                data[name] = UNKNOWN
        else:
            kind = "dynamic block" if dynamic else "block type"
            self.problem(
                "unknown",
                subject,
                block.header,
                f'unknown {kind} "{name}"{_where(path)}{did_you_mean(name, list(blocks))}',
            )

    def report_validation_error(self, loc: tuple[str, ...], error_type: str, ctx: Any) -> None:
        subject = ".".join(loc)
        parent, name = ".".join(loc[:-1]), loc[-1]
        self.invalid.append(loc)
        if error_type == "missing":
            kind = "block" if subject in self.block_headers or _is_block_path(loc) else "argument"
            self.problem(
                "missing",
                subject,
                self._header(parent),
                f'missing required {kind} "{name}"{_where(parent)}',
            )
        elif error_type == "tf_null":
            self.problem(
                "missing",
                subject,
                self.attribute_spans.get(subject) or self._header(parent),
                f'required argument "{name}" is null{_where(parent)}',
            )
        elif error_type == "tf_computed":
            self.problem(
                "computed",
                subject,
                self.attribute_spans.get(subject) or self._header(parent),
                f'"{name}" is computed by the provider and cannot be set',
            )
        else:
            detail = (
                ctx.get("detail", "invalid value") if isinstance(ctx, dict) else "invalid value"
            )
            self.problem(
                "type",
                subject,
                self.attribute_spans.get(subject) or self._header(parent),
                f'invalid value for "{name}": {detail}',
            )

    def _header(self, path: str) -> Span:
        """The header of the block at `path`, else of the resource."""
        return self.block_headers.get(path) or self.block_headers[""]

    def repaired(self, data: dict[str, Any]) -> dict[str, Any]:
        """The input with every problem value replaced by UNKNOWN (or removed)."""
        for loc in self.invalid:
            target = data
            for step in loc[:-1]:
                target = target.setdefault(step, {})
            if loc[-1] in COMPUTED_ATTRIBUTES and len(loc) == 1:
                target.pop(loc[-1], None)
            elif _is_block_path(loc):
                target[loc[-1]] = _all_unknown(_model_at(loc))
            else:
                target[loc[-1]] = UNKNOWN
        return data


def _where(path: str) -> str:
    return f' in block "{path}"' if path else ""


def _model_at(loc: tuple[str, ...]) -> type[_Block]:
    model: type[_Block] = HexIntegration
    for step in loc:
        model = block_fields(model)[step]
    return model


def _is_block_path(loc: tuple[str, ...]) -> bool:
    model: type[_Block] = HexIntegration
    for step in loc:
        fields = block_fields(model)
        if step not in fields:
            return False
        model = fields[step]
    return True
