"""Variable type constraints (``type = map(object({ token = string }))``) and conversion to them.

Terraform converts every value given to a variable to its declared type before anything uses
it: ``"5"`` becomes 5 for a ``number``, an object loses the attributes its type does not
declare, and an ``optional(...)`` attribute that is absent becomes its default or null. A
``for_each`` over such a variable iterates the converted value, so euno-lint converts too. A
value that cannot be converted is an error in Terraform and `CONVERSION_FAILED` here; a
constraint we cannot read is `ANY` (the value is kept as given).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, NamedTuple, TypeAlias

from euno_lint.hcl import Expression, FunctionCall, Literal, ObjectExpr, Traversal, TupleExpr
from euno_lint.terraform.values import (
    CALL_ERROR,
    UNKNOWN,
    CallErrorType,
    Unknown,
    Value,
    to_template_text,
)


class Primitive(NamedTuple):
    """``string``, ``number``, ``bool`` or ``any``."""

    name: str


class Collection(NamedTuple):
    """``list(T)``, ``set(T)`` or ``map(T)``."""

    kind: str
    element: Type


class Attribute(NamedTuple):
    """One attribute of an object type; `optional` with its `default` (an expression's value)."""

    type: Type
    optional: bool = False
    default: Value = None


class ObjectType(NamedTuple):
    """``object({ name = T, ... })``."""

    attributes: Mapping[str, Attribute]


class TupleType(NamedTuple):
    """``tuple([T1, T2])``."""

    elements: tuple[Type, ...]


Type: TypeAlias = Primitive | Collection | ObjectType | TupleType
ANY: Final = Primitive("any")


class Failed:
    """The type of `CONVERSION_FAILED`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "CONVERSION_FAILED"


CONVERSION_FAILED: Final = Failed()


def _unified(values: tuple[Value, ...]) -> tuple[Value, ...] | Value | CallErrorType:
    from euno_lint.terraform.functions import unified  # slow to import: when first needed

    return unified(values)


def _as_set(values: tuple[Value, ...]) -> Value | CallErrorType:
    from euno_lint.terraform.functions import as_set

    return as_set(values)


def parse_type(expression: Expression, depth: int = 0) -> Type:
    """The type a ``type =`` expression declares; ANY for what we cannot read."""
    if depth > 50:
        return ANY
    if isinstance(expression, Traversal) and not expression.steps:
        if expression.root in ("string", "number", "bool", "any"):
            return Primitive(expression.root)
        return ANY
    if not isinstance(expression, FunctionCall) or not expression.args:
        return ANY
    argument = expression.args[0]
    if expression.name in ("list", "set", "map") and len(expression.args) == 1:
        return Collection(expression.name, parse_type(argument, depth + 1))
    if expression.name == "object" and isinstance(argument, ObjectExpr):
        attributes: dict[str, Attribute] = {}
        for key, value in argument.items:
            name = key.value if isinstance(key, Literal) else None
            if not isinstance(name, str):
                return ANY
            attributes[name] = _object_attribute(value, depth + 1)
        return ObjectType(attributes)
    if expression.name == "tuple" and isinstance(argument, TupleExpr):
        return TupleType(tuple(parse_type(item, depth + 1) for item in argument.items))
    return ANY


def _object_attribute(expression: Expression, depth: int) -> Attribute:
    if isinstance(expression, FunctionCall) and expression.name == "optional" and expression.args:
        default: Value = None
        if len(expression.args) > 1:
            # Defaults are literal in practice; anything else is left unknown-free as null.
            default = _literal_value(expression.args[1])
        return Attribute(parse_type(expression.args[0], depth), optional=True, default=default)
    return Attribute(parse_type(expression, depth))


def _literal_value(expression: Expression) -> Value:
    if isinstance(expression, Literal):
        return expression.value
    if isinstance(expression, TupleExpr):
        return tuple(_literal_value(i) for i in expression.items)
    if isinstance(expression, ObjectExpr):
        result: dict[str, Value] = {}
        for key, value in expression.items:
            if isinstance(key, Literal) and isinstance(key.value, str):
                result[key.value] = _literal_value(value)
        return result
    return None


def convert(value: Value, to: Type, depth: int = 0) -> Value | Failed:
    """The value converted to the type as Terraform converts a variable's value."""
    if value is None or isinstance(value, Unknown) or to == ANY or depth > 100:
        return value
    if isinstance(to, Primitive):
        return _primitive(value, to.name)
    if isinstance(to, Collection):
        return _collection(value, to, depth)
    if isinstance(to, ObjectType):
        return _object(value, to, depth)
    if not isinstance(value, tuple) or len(value) != len(to.elements):
        return CONVERSION_FAILED
    items = [convert(v, t, depth + 1) for v, t in zip(value, to.elements, strict=True)]
    return _all_or_failed(items)


def _all_or_failed(items: list[Value | Failed]) -> Value | Failed:
    converted: list[Value] = []
    for item in items:
        if isinstance(item, Failed):
            return CONVERSION_FAILED
        converted.append(item)
    return tuple(converted)


def _primitive(value: Value, name: str) -> Value | Failed:
    if name == "string":
        text = to_template_text(value)
        return text if isinstance(text, str) else CONVERSION_FAILED
    if name == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            try:
                number = float(value)
            except ValueError:
                return CONVERSION_FAILED
            return int(number) if number.is_integer() and "." not in value else number
        return CONVERSION_FAILED
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    return CONVERSION_FAILED


def _collection(value: Value, to: Collection, depth: int) -> Value | Failed:
    if to.kind == "map":
        if not isinstance(value, dict):
            return CONVERSION_FAILED
        if to.element == ANY and value:  # map(any): the elements take the type they share
            shared = _unified(tuple(value.values()))
            if not isinstance(shared, tuple):
                return CONVERSION_FAILED if shared is CALL_ERROR else UNKNOWN
            value = dict(zip(value, shared, strict=True))
        converted: dict[str, Value] = {}
        for key, item in value.items():
            result = convert(item, to.element, depth + 1)
            if isinstance(result, Failed):
                return CONVERSION_FAILED
            converted[key] = result
        return converted
    if not isinstance(value, tuple):
        return CONVERSION_FAILED
    if to.element == ANY and value:  # list(any): the elements take the type they share
        shared = _unified(value)
        if not isinstance(shared, tuple):
            return CONVERSION_FAILED if shared is CALL_ERROR else UNKNOWN
        value = shared
    items = _all_or_failed([convert(item, to.element, depth + 1) for item in value])
    if isinstance(items, Failed) or to.kind == "list" or not isinstance(items, tuple):
        return items
    return set_of(items)


def set_of(items: tuple[Value, ...]) -> Value:
    """A set as euno-lint holds it: unique elements of one type in Terraform's order; UNKNOWN
    when an element is not known (the set's size is not known either)."""
    result = _as_set(items)
    return result if not isinstance(result, CallErrorType) else UNKNOWN


def _object(value: Value, to: ObjectType, depth: int) -> Value | Failed:
    if not isinstance(value, dict):
        return CONVERSION_FAILED
    converted: dict[str, Value] = {}
    for name, attribute in to.attributes.items():
        if name in value and value[name] is not None:
            result = convert(value[name], attribute.type, depth + 1)
        elif attribute.optional:
            result = convert(attribute.default, attribute.type, depth + 1)
        elif name in value:
            result = None
        else:
            return CONVERSION_FAILED
        if isinstance(result, Failed):
            return CONVERSION_FAILED
        converted[name] = result
    return converted
