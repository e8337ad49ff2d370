"""The statically known value of an expression, or `UNKNOWN`.

Values are plain Python data (str, int, float, bool, None, tuples, dicts) so that they can be
validated by the schema and compared by rules. Anything that cannot be known before
``terraform apply`` is the `UNKNOWN` singleton, and rules never judge it.
"""

from __future__ import annotations

import enum
import math
from decimal import Decimal
from typing import Final, TypeAlias


class Unknown:
    """The type of `UNKNOWN`: a value that only Terraform can know (a singleton)."""

    __slots__ = ()
    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"  # unpickles to the module-level singleton


UNKNOWN: Final = Unknown()


class CallErrorType(enum.Enum):
    """The type of `CALL_ERROR` (an enum, so that ``is`` narrows it away for mypy)."""

    CALL_ERROR = "CALL_ERROR"

    def __repr__(self) -> str:
        return "CALL_ERROR"


# What Terraform would reject (a failed function call, a missing attribute): `try` skips it,
# `can` says false; everywhere else it is as good as UNKNOWN.
CALL_ERROR: Final = CallErrorType.CALL_ERROR

# `describe` marks where a string value starts and ends in a message: the finding's constructor
# shortens what lies between, after redacting the whole message (a secret cut short first
# would no longer be recognised). Private-use characters: never printed, stripped if planted.
VALUE_START: Final = "\ue000"
VALUE_END: Final = "\ue001"

Value: TypeAlias = (
    "str | int | float | bool | tuple[Value, ...] | dict[str, Value] | Unknown | None"
)


def format_number(number: int | float) -> str:
    """A number as Terraform prints it when converting to a string: the shortest digits,
    never an exponent (7, 2.5, 1000000000000000000000, 0.0000001)."""
    if isinstance(number, int) or not math.isfinite(number):
        return str(number)
    text = format(Decimal(repr(number)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


_BOOL_STRINGS: Final = {"true": True, "1": True, "false": False, "0": False}


def bool_of_string(text: str) -> bool | None:
    """A string converted to a bool as Terraform converts it (``"true"``, ``"1"``, ``"false"``,
    ``"0"``), else None."""
    return _BOOL_STRINGS.get(text)


def to_template_text(value: Value) -> str | Unknown:
    """The text a primitive value contributes to a string template, if known."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, str):
        return value
    return UNKNOWN


def describe(value: Value) -> str:
    """A short human description of a value for messages ("the string \\"x\\"", "a list")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, str):
        return f'"{VALUE_START}{value}{VALUE_END}"'
    if value is None:
        return "null"
    if isinstance(value, tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "an unknown value"
