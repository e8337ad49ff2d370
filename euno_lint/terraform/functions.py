"""Terraform's built-in functions, evaluated statically exactly as Terraform 1.11 does.

`call(name, args)` takes already evaluated arguments and answers the value Terraform would
compute, `UNKNOWN` when it cannot be known here, or `CALL_ERROR` when Terraform would reject
the call; `call_with_error` also says why, as a `CallError` whose message reads after
"Terraform would reject this call: ". Neither ever raises.

Supported (anything else is UNKNOWN): abs, alltrue, anytrue, base64decode, base64encode,
base64sha256, base64sha512, can, ceil, chomp, chunklist, coalesce, coalescelist, compact,
concat, contains, distinct, element, endswith, flatten, floor, format, formatlist, indent,
index, join, jsondecode, jsonencode, keys, length, lookup, lower, max, md5, merge, min,
nonsensitive, one, parseint, pow, range, regex, regexall, replace, reverse, sensitive,
setintersection, setsubtract, setunion, sha1, sha256, sha512, signum, slice, sort, split,
startswith, strcontains, strrev, substr, sum, title, tobool, tolist, tomap, tonumber, toset,
tostring, transpose, trim, trimprefix, trimspace, trimsuffix, try, upper, urlencode, values,
zipmap. Impure and file functions (timestamp, uuid, file, ...) are deliberately absent.

How the arguments are read:

- An argument that itself failed is `CALL_ERROR` (any object that is not a value counts as
  one). ``try`` returns its first argument that is not CALL_ERROR, or UNKNOWN when that
  argument contains UNKNOWN anywhere (Terraform cannot tell yet whether it succeeds); it is
  CALL_ERROR when every argument is. ``can`` is false for CALL_ERROR, UNKNOWN for a value
  containing UNKNOWN, true otherwise. Any other function given a CALL_ERROR is CALL_ERROR.
- As in Terraform, each argument is first converted to its parameter's type (``upper(5)`` is
  "5"), null is rejected unless the parameter accepts it, and an UNKNOWN argument makes the
  result UNKNOWN, except where Terraform still answers: ``length`` of a tuple with unknown
  elements, ``coalesce``/``coalescelist``/``try`` before their first unknown argument,
  ``concat``, ``merge``, ``lookup``, ``element``, ``keys``, ``values``, ``slice``,
  ``reverse``, ``zipmap`` and the conversions keep unknown elements in place,
  ``contains``/``index``/``alltrue``/``anytrue`` when a known element decides,
  ``startswith(x, "")``.
- Values lose some of Terraform's types: a tuple may be a Terraform list, set or tuple, a dict
  a map or object, and None a typed null or the untyped ``null`` literal. Where Terraform's
  answer depends on which (``element`` with a negative index, equality of two equal nested
  collections, ``lookup``'s default of another type, ``concat`` of lists whose element types
  differ, ``coalescelist(null, ...)``, null among ``format``'s arguments), it is UNKNOWN.
- Numbers are arbitrary precision in Terraform (512-bit floats). A float stands for the
  decimal it prints as; formatting (``%.2f``, ``%e``) rounds the 512-bit value exactly as
  Terraform does. A result that a Python float cannot hold exactly (``range`` with a
  fractional step, non-integral ``pow``), and infinities, are UNKNOWN.
- ``length``, ``substr``, ``strrev`` and padding in ``format`` count grapheme clusters. They
  are segmented here with Unicode's rules for the common cases (combining marks, CR LF,
  Hangul, flags, emoji ZWJ sequences); text whose segmentation needs data Python lacks
  (prepended concatenation marks, unassigned code points, unusual emoji joins) is UNKNOWN.
- ``regex``, ``regexall`` and ``replace("/re/")`` take RE2 syntax: the subset that Python's re
  matches identically is translated (ASCII ``\\d \\s \\w \\b``, ``$`` at the very end,
  Go's ``$1``/``${name}`` replacement templates, Go's empty-match rules); other patterns are
  UNKNOWN, or CALL_ERROR for syntax RE2 rejects (lookaround, backreferences).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import math
import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, localcontext
from fractions import Fraction
from typing import Final, NamedTuple, TypeAlias

from euno_lint.terraform.values import CALL_ERROR as CALL_ERROR  # re-exported: callers test for it
from euno_lint.terraform.values import UNKNOWN, Unknown, Value, bool_of_string
from euno_lint.terraform.values import CallErrorType as CallErrorType


class CallError(NamedTuple):
    """Why Terraform would reject a call: report "Terraform would reject this call: <message>"."""

    message: str


_CallErrorType: TypeAlias = CallErrorType
Outcome: TypeAlias = "Value | _CallErrorType"
Argument: TypeAlias = "Value | _CallErrorType"


# ---- internal signals


class _FunctionError(Exception):
    """The call fails: 'Call to function "f" failed: <message>.'"""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _ArgumentError(Exception):
    """An argument is invalid: 'Invalid value for "<param>" parameter: <message>.'"""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.message = message


class _ConversionError(Exception):
    """A value does not convert to a type."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _UnknownResultError(Exception):
    """The answer cannot be known statically (or not with certainty): UNKNOWN."""


# ---- types (cty's type system, reduced to what conversion and unification need)


@dataclass(frozen=True)
class _Prim:
    name: str  # string, number, bool, dynamic (the null literal), unknown (an UNKNOWN value)


@dataclass(frozen=True)
class _Coll:
    kind: str  # list, set, map
    elem: _Type


@dataclass(frozen=True)
class _Tup:
    elems: tuple[_Type, ...]


@dataclass(frozen=True)
class _Obj:
    attrs: tuple[tuple[str, _Type], ...]  # sorted by name

    def get(self, name: str) -> _Type | None:
        for key, aty in self.attrs:
            if key == name:
                return aty
        return None


_Type: TypeAlias = "_Prim | _Coll | _Tup | _Obj"

_STRING: Final = _Prim("string")
_NUMBER: Final = _Prim("number")
_BOOL: Final = _Prim("bool")
_DYN: Final = _Prim("dynamic")
_UNK: Final = _Prim("unknown")


def _list(elem: _Type) -> _Coll:
    return _Coll("list", elem)


def _type_of(value: Value) -> _Type:
    if isinstance(value, Unknown):
        return _UNK
    if value is None:
        return _DYN
    if isinstance(value, bool):
        return _BOOL
    if isinstance(value, int | float):
        return _NUMBER
    if isinstance(value, str):
        return _STRING
    if isinstance(value, tuple):
        return _Tup(tuple(_type_of(element) for element in value))
    return _Obj(tuple((key, _type_of(value[key])) for key in sorted(value)))


def _friendly(ty: _Type, constraint: bool = False) -> str:
    if isinstance(ty, _Prim):
        if ty in (_DYN, _UNK):
            return "any type" if constraint else "dynamic"
        return ty.name
    if isinstance(ty, _Coll):
        if constraint and ty.elem == _DYN:
            return f"{ty.kind} of any single type"
        return f"{ty.kind} of {_friendly(ty.elem, constraint)}"
    return "tuple" if isinstance(ty, _Tup) else "object"


def _elements_convertible(etys: Sequence[_Type], want: _Type, mapping: bool) -> _Type | None:
    """The element type the elements of a tuple (the attributes of an object, `mapping`)
    convert to for the collection type `want`, or None."""
    if not etys:
        return want
    if want == _DYN:
        unified = _unify(etys)
        if unified is None:
            return None
        # a list of "dynamic" elements must be all nulls; a map is checked on its values
        if unified == _DYN and not mapping and any(ety != _DYN for ety in etys):
            return None
        want = unified
    for ety in etys:
        if ety != want and not _can_convert(ety, want):
            return None
    return want


def _can_convert(got: _Type, want: _Type) -> bool:
    """Whether cty has an (unsafe) conversion from `got` to `want`."""
    if want == _DYN or got in (_DYN, _UNK) or got == want:
        return True
    if isinstance(want, _Prim):
        return isinstance(got, _Prim) and (got.name, want.name) in _PRIMITIVE_CONVERSIONS
    if isinstance(want, _Obj):
        if isinstance(got, _Obj):
            for name, aty in want.attrs:
                gty = got.get(name)
                if gty is None or not _can_convert(gty, aty):
                    return False
            return True
        if isinstance(got, _Coll) and got.kind == "map":
            return all(_can_convert(got.elem, aty) for _, aty in want.attrs)
        return False
    if isinstance(want, _Tup):
        return (
            isinstance(got, _Tup)
            and len(got.elems) == len(want.elems)
            and all(_can_convert(g, w) for g, w in zip(got.elems, want.elems, strict=True))
        )
    if want.kind in ("list", "set"):
        if isinstance(got, _Coll) and got.kind in ("list", "set"):
            return _can_convert(got.elem, want.elem)
        if isinstance(got, _Tup):
            return _elements_convertible(got.elems, want.elem, mapping=False) is not None
        return False
    if isinstance(got, _Coll) and got.kind == "map":
        return _can_convert(got.elem, want.elem)
    if isinstance(got, _Obj):
        etys = [aty for _, aty in got.attrs]
        return _elements_convertible(etys, want.elem, mapping=True) is not None
    return False


_PRIMITIVE_CONVERSIONS: Final = {
    ("number", "string"),
    ("bool", "string"),
    ("string", "number"),
    ("string", "bool"),
}


def _compare_types(a: _Type, b: _Type) -> int:
    """cty's preference between two types when unifying (-1: a is preferred)."""
    if a == _DYN or b == _DYN:
        return 0 if a == b else (1 if a == _DYN else -1)
    if isinstance(a, _Prim) and isinstance(b, _Prim) and _STRING in (a, b):
        return 0 if a == b else (-1 if a == _STRING else 1)
    if isinstance(a, _Coll) and isinstance(b, _Coll) and a.kind == b.kind:
        return _compare_types(a.elem, b.elem)
    swap = 1
    if (
        (isinstance(a, _Tup) and isinstance(b, _Coll) and b.kind == "list")
        or (isinstance(a, _Obj) and isinstance(b, _Coll) and b.kind == "map")
        or (isinstance(a, _Coll) and a.kind == "set" and isinstance(b, _Tup))
        or (isinstance(a, _Coll) and a.kind == "set" and isinstance(b, _Coll) and b.kind == "list")
    ):
        a, b, swap = b, a, -1
    if (isinstance(b, _Coll) and b.kind == "set") and (
        isinstance(a, _Tup) or (isinstance(a, _Coll) and a.kind == "list")
    ):
        return -swap
    if isinstance(a, _Coll) and a.kind == "list" and isinstance(b, _Tup):
        return -swap
    if isinstance(a, _Coll) and a.kind == "map" and isinstance(b, _Obj):
        return -swap
    pairs: list[tuple[_Type, _Type]]
    if isinstance(a, _Obj) and isinstance(b, _Obj):
        names_b = dict(b.attrs)
        if len(a.attrs) != len(b.attrs) or any(name not in names_b for name, _ in a.attrs):
            return 0
        pairs = [(aty, names_b[name]) for name, aty in a.attrs]
    elif isinstance(a, _Tup) and isinstance(b, _Tup):
        if len(a.elems) != len(b.elems):
            return 0
        pairs = list(zip(a.elems, b.elems, strict=True))
    else:
        return 0
    results = {_compare_types(x, y) for x, y in pairs}
    if -1 in results and 1 in results:
        return 0
    if -1 in results:
        return -swap
    if 1 in results:
        return swap
    return 0


def _sort_types(types: Sequence[_Type]) -> list[int]:
    count = len(types)
    edges: list[list[int]] = [[] for _ in range(count)]
    for i in range(count - 1):
        for j in range(i + 1, count):
            cmp = _compare_types(types[i], types[j])
            if cmp < 0:
                edges[i].append(j)
            elif cmp > 0:
                edges[j].append(i)
    in_degree = [0] * count
    for outs in edges:
        for j in outs:
            in_degree[j] += 1
    queue = [i for i in range(count) if in_degree[i] == 0]
    result: list[int] = []
    while queue:
        i = queue.pop(0)
        result.append(i)
        for j in edges[i]:
            in_degree[j] -= 1
            if in_degree[j] == 0:
                queue.append(j)
    return result


def _unify(types: Sequence[_Type]) -> _Type | None:
    """cty's UnifyUnsafe: the type all of `types` convert to, or None."""
    if not types:
        return None
    if _UNK in types:
        known = [ty for ty in types if ty not in (_UNK, _DYN)]
        # Strings win over every other primitive, so an unknown of any compatible type
        # cannot change the result; for anything else the unknown's type decides.
        if known and all(ty == _STRING for ty in known):
            return _STRING
        raise _UnknownResultError
    counts = {"map": 0, "list": 0, "set": 0, "object": 0, "tuple": 0, "dynamic": 0}
    for ty in types:
        if isinstance(ty, _Coll):
            counts[ty.kind] += 1
        elif isinstance(ty, _Obj):
            counts["object"] += 1
        elif isinstance(ty, _Tup):
            counts["tuple"] += 1
        elif ty == _DYN:
            counts["dynamic"] += 1
    total, dynamic = len(types), counts["dynamic"]
    if counts["map"] and counts["map"] + dynamic == total:
        return _unify_collections("map", types, dynamic > 0)
    if counts["map"] and counts["map"] + counts["object"] + dynamic == total:
        result = _unify_structural_as("map", types)
        if result is not None:
            return result
    elif counts["list"] and counts["list"] + dynamic == total:
        return _unify_collections("list", types, dynamic > 0)
    elif counts["list"] and counts["list"] + counts["tuple"] + dynamic == total:
        result = _unify_structural_as("list", types)
        if result is not None:
            return result
    elif counts["set"] and counts["set"] + dynamic == total:
        return _unify_collections("set", types, dynamic > 0)
    elif counts["object"] and counts["object"] + dynamic == total:
        return _unify_objects([ty for ty in types if isinstance(ty, _Obj)], dynamic > 0)
    elif counts["tuple"] and counts["tuple"] + dynamic == total:
        return _unify_tuples([ty for ty in types if isinstance(ty, _Tup)], dynamic > 0)
    elif counts["object"] and counts["tuple"]:
        return None
    for index in _sort_types(types):
        want = types[index]
        if all(i == index or ty == want or _can_convert(ty, want) for i, ty in enumerate(types)):
            return want
    return None


def _unify_collections(kind: str, types: Sequence[_Type], dynamic: bool) -> _Type | None:
    if dynamic:
        return _DYN
    elem = _unify([ty.elem for ty in types if isinstance(ty, _Coll)])
    if elem is None:
        return None
    result = _Coll(kind, elem)
    return result if all(_can_convert(ty, result) for ty in types) else None


def _unify_structural_as(kind: str, types: Sequence[_Type]) -> _Type | None:
    """Objects unified as a map (tuples as a list) alongside maps (lists)."""
    structural = [ty for ty in types if isinstance(ty, _Obj | _Tup)]
    as_collection = _unify_to_collection(kind, structural)
    if as_collection is None:
        return None
    replaced = [as_collection if isinstance(ty, _Obj | _Tup) else ty for ty in types]
    result = _unify(replaced)
    return result if isinstance(result, _Coll) and result.kind == kind else None


def _unify_to_collection(kind: str, types: Sequence[_Type]) -> _Type | None:
    etys: list[_Type] = []
    for ty in types:
        if isinstance(ty, _Obj):
            etys.extend(aty for _, aty in ty.attrs)
        elif isinstance(ty, _Tup):
            etys.extend(ty.elems)
    elem = _unify(etys)
    if elem is None:
        return None
    result = _Coll(kind, elem)
    return result if all(_can_convert(ty, result) for ty in types) else None


def _unify_objects(types: Sequence[_Obj], dynamic: bool) -> _Type | None:
    if dynamic:
        return _DYN
    names = [name for name, _ in types[0].attrs]
    if any([name for name, _ in ty.attrs] != names for ty in types[1:]):
        return _unify_to_collection("map", types)
    attrs: list[tuple[str, _Type]] = []
    for position, name in enumerate(names):
        aty = _unify([ty.attrs[position][1] for ty in types])
        if aty is None:
            return None
        attrs.append((name, aty))
    result = _Obj(tuple(attrs))
    if all(_can_convert(ty, result) for ty in types):
        return result
    return _unify_to_collection("map", types)


def _unify_tuples(types: Sequence[_Tup], dynamic: bool) -> _Type | None:
    if dynamic:
        return _DYN
    length = len(types[0].elems)
    if any(len(ty.elems) != length for ty in types[1:]):
        return _unify_to_collection("list", types)
    elems: list[_Type] = []
    for position in range(length):
        ety = _unify([ty.elems[position] for ty in types])
        if ety is None:
            return None
        elems.append(ety)
    result = _Tup(tuple(elems))
    if all(_can_convert(ty, result) for ty in types):
        return result
    return _unify_to_collection("list", types)


def _mismatch(got: _Type, want: _Type) -> str:
    """cty's MismatchMessage: why `got` does not convert to `want`."""
    if isinstance(got, _Obj) and isinstance(want, _Obj):
        missing = [name for name, _ in want.attrs if got.get(name) is None]
        if missing:
            if len(missing) == 1:
                return f"attribute {_go_quote(missing[0])} is required"
            quoted = [_go_quote(name) for name in missing]
            if len(quoted) == 2:
                return f"attributes {quoted[0]} and {quoted[1]} are required"
            return f"attributes {', '.join(quoted[:-1])}, and {quoted[-1]} are required"
        for name, aty in want.attrs:
            gty = got.get(name)
            if gty is not None and gty != aty and not _can_convert(gty, aty):
                return f"attribute {_go_quote(name)}: {_mismatch(gty, aty)}"
        return "incorrect object attributes"
    if isinstance(want, _Coll) and want.elem == _DYN:
        if isinstance(got, _Tup) and want.kind in ("list", "set"):
            return f"all {want.kind} elements must have the same type"
        if isinstance(got, _Obj) and want.kind == "map":
            return "all map elements must have the same type"
    if isinstance(want, _Coll) and isinstance(got, _Tup | _Obj):
        if (want.kind == "map") != isinstance(got, _Obj):
            return f"{_friendly(want, True)} required"
        named = (
            [(str(i), ety) for i, ety in enumerate(got.elems)]
            if isinstance(got, _Tup)
            else [(_go_quote(name), aty) for name, aty in got.attrs]
        )
        for label, ety in named:
            if ety != want.elem and not _can_convert(ety, want.elem):
                return f"element {label}: {_mismatch(ety, want.elem)}"
        return f"all elements must be {_friendly(want.elem, True)}"
    return f"{_friendly(want, True)} required"


# ---- conversion of values


def _convert(value: Value, want: _Type) -> Value:
    """cty's convert.Convert (unsafe), as HCL applies it to every function argument."""
    got = _type_of(value)
    if got == want:
        return value
    if not _can_convert(got, want):
        raise _ConversionError(_mismatch(got, want))
    return _conv(value, want)


def _conv(value: Value, want: _Type) -> Value:
    if want == _DYN or value is None or isinstance(value, Unknown):
        return value
    if isinstance(want, _Prim):
        return _conv_primitive(value, want)
    if isinstance(want, _Obj):
        if not isinstance(value, dict):
            raise _ConversionError(_mismatch(_type_of(value), want))
        return {name: _conv(value[name], aty) for name, aty in want.attrs}
    if isinstance(want, _Tup):
        if not isinstance(value, tuple) or len(value) != len(want.elems):
            raise _ConversionError(_mismatch(_type_of(value), want))
        return tuple(_conv(v, ety) for v, ety in zip(value, want.elems, strict=True))
    if want.kind == "map":
        if not isinstance(value, dict):
            raise _ConversionError(_mismatch(_type_of(value), want))
        etys = [_type_of(v) for v in value.values()]
        elem = _elements_convertible(etys, want.elem, mapping=True)
        if elem is None:
            raise _ConversionError(_mismatch(_type_of(value), want))
        mapped = {key: _conv(value[key], elem) for key in sorted(value)}
        _check_dynamic_elements(elem, mapped.values())
        return mapped
    if not isinstance(value, tuple):
        raise _ConversionError(_mismatch(_type_of(value), want))
    elem = _elements_convertible([_type_of(v) for v in value], want.elem, mapping=False)
    if elem is None:
        raise _ConversionError(_mismatch(_type_of(value), want))
    converted = [_conv(v, elem) for v in value]
    _check_dynamic_elements(elem, converted)
    if want.kind == "set":
        return _make_set(converted, elem)
    return tuple(converted)


def _has_dynamic(ty: _Type) -> bool:
    if isinstance(ty, _Prim):
        return ty == _DYN
    if isinstance(ty, _Coll):
        return _has_dynamic(ty.elem)
    if isinstance(ty, _Tup):
        return any(_has_dynamic(ety) for ety in ty.elems)
    return any(_has_dynamic(aty) for _, aty in ty.attrs)


def _check_dynamic_elements(elem: _Type, values: Iterable[Value]) -> None:
    """Where the element type is partly "dynamic", the converted elements keep their own
    types, and cty requires them to be equal (a list might make them equal where our tuples
    differ, so a difference is UNKNOWN rather than an error)."""
    if not _has_dynamic(elem):
        return
    types = {_type_of(value) for value in values} - {_DYN}
    if len(types) > 1:
        raise _UnknownResultError


def _conv_primitive(value: Value, want: _Prim) -> Value:
    if want == _STRING:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return _number_text(value)
        if isinstance(value, str):
            return value
    elif want == _NUMBER:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            number = _parse_number(value)
            if number is None:
                raise _ConversionError("a number is required")
            return number
    elif want == _BOOL:
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            converted = bool_of_string(value)
            if converted is not None:
                return converted
            if value.lower() in ("true", "false"):
                raise _ConversionError(
                    f'a bool is required; to convert from string, use lowercase "{value.lower()}"'
                )
            raise _ConversionError("a bool is required")
    raise _ConversionError(_mismatch(_type_of(value), want))


def _make_set(elements: Sequence[Value], elem: _Type) -> tuple[Value, ...]:
    """A cty set: duplicates dropped, in cty's order (strings and numbers sorted, nulls last)."""
    if any(_has_unknown(element) for element in elements):
        raise _UnknownResultError
    unique: list[Value] = []
    for element in elements:
        if not any(_same(element, seen) for seen in unique):
            unique.append(element)
    nulls: list[Value] = [element for element in unique if element is None]
    present: list[Value] = [element for element in unique if element is not None]
    if elem == _STRING:
        present.sort(key=lambda v: v if isinstance(v, str) else "")
    elif elem == _NUMBER:
        present.sort(key=lambda v: _exact(v) if _is_number(v) else Fraction(0))
    elif elem == _BOOL:
        present.sort(key=bool)
    elif elem != _DYN:
        present.sort(key=lambda v: _hash_bytes(v, elem))
    return tuple(present + nulls)


def _same(a: Value, b: Value) -> bool:
    """Equality of two known values of the same type."""
    if _is_number(a) and _is_number(b):
        return _exact(a) == _exact(b)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[key], b[key]) for key in a)
    return type(a) is type(b) and a == b


def _hash_bytes(value: Value, ty: _Type) -> bytes:
    """cty's set hash bytes, which order the elements of a set of structural values."""
    if isinstance(value, Unknown):
        return b"?"
    if value is None:
        return b"~"
    if isinstance(value, bool):
        return b"T" if value else b"F"
    if isinstance(value, int | float):
        return _format_float(value, "g", 10).encode()
    if isinstance(value, str):
        return _go_quote(value).encode()
    if isinstance(value, tuple):
        if isinstance(ty, _Tup):
            inner = b"".join(_hash_bytes(v, t) + b";" for v, t in zip(value, ty.elems, strict=True))
            return b"<" + inner + b">"
        elem = ty.elem if isinstance(ty, _Coll) else _DYN
        return b"[" + b"".join(_hash_bytes(v, elem) + b";" for v in value) + b"]"
    if isinstance(ty, _Obj):
        inner = b"".join(_hash_bytes(value[name], aty) + b";" for name, aty in ty.attrs)
        return b"<" + inner + b">"
    elem = ty.elem if isinstance(ty, _Coll) else _DYN
    parts = [
        _go_quote(key).encode() + b":" + _hash_bytes(value[key], elem) for key in sorted(value)
    ]
    return b"{" + b"".join(part + b";" for part in parts) + b"}"


def _has_unknown(value: Value) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, tuple):
        return any(_has_unknown(element) for element in value)
    if isinstance(value, dict):
        return any(_has_unknown(element) for element in value.values())
    return False


def _equals(a: Value, b: Value) -> bool | None:
    """cty's Equals: None when unknown, or when only the lost list/tuple (map/object)
    distinction could decide (two structurally equal collections)."""
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return None
    if a is None or b is None:
        if _has_unknown(a) or _has_unknown(b):
            return None
        return a is None and b is None
    if isinstance(a, tuple) and isinstance(b, tuple):
        if len(a) != len(b):
            return False
        results = [_equals(x, y) for x, y in zip(a, b, strict=True)]
        if False in results:
            return False
        return None
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return False
        results = [_equals(a[key], b[key]) for key in a]
        if False in results:
            return False
        return None
    if _is_number(a) and _is_number(b):
        return _exact(a) == _exact(b)
    return type(a) is type(b) and a == b


# ---- numbers: a float stands for the decimal it prints as; Terraform holds 512-bit floats

_PRECISION: Final = 512
_INT64: Final = (-(2**63), 2**63 - 1)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _decimal(number: int | float) -> Decimal:
    if isinstance(number, float):
        return Decimal(repr(number))
    return Decimal(number)


def _round_binary(value: Fraction) -> Fraction:
    """`value` rounded to the nearest 512-bit binary float (ties to even), as big.Float does."""
    if value == 0:
        return value
    sign = -1 if value < 0 else 1
    num, den = abs(value.numerator), value.denominator
    exponent = num.bit_length() - den.bit_length() - _PRECISION
    while True:
        scaled_num, scaled_den = (
            (num, den << exponent) if exponent >= 0 else (num << -exponent, den)
        )
        if scaled_num >= scaled_den << _PRECISION:
            exponent += 1
        elif scaled_num < scaled_den << (_PRECISION - 1):
            exponent -= 1
        else:
            break
    mantissa, remainder = divmod(scaled_num, scaled_den)
    if 2 * remainder > scaled_den or (2 * remainder == scaled_den and mantissa & 1):
        mantissa += 1
    return sign * Fraction(mantissa) * Fraction(2) ** exponent


def _exact(number: Value) -> Fraction:
    """The 512-bit value Terraform holds for a number written as `number` prints."""
    if isinstance(number, bool) or not isinstance(number, int | float):
        raise TypeError(number)
    if isinstance(number, float) and not math.isfinite(number):
        raise _UnknownResultError
    if isinstance(number, int) and number.bit_length() <= _PRECISION:
        return Fraction(number)
    return _round_binary(Fraction(_decimal(number)))


def _number_text(number: int | float) -> str:
    """big.Float Text('f', -1): the shortest digits, never an exponent (7, 2.5, 0.0000001)."""
    if isinstance(number, float) and not math.isfinite(number):
        raise _UnknownResultError
    if isinstance(number, int):
        return str(number)
    text = format(_decimal(number).normalize(), "f")
    return "0" if text == "-0" else text


def _from_decimal(value: Decimal | Fraction) -> int | float:
    """A computed number as a Value: int when whole; UNKNOWN when a float cannot hold it."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return value.numerator
        with localcontext(Context(prec=200)):
            value = Decimal(value.numerator) / Decimal(value.denominator)
    if not value.is_finite():
        raise _UnknownResultError
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) != value:
        raise _UnknownResultError
    return as_float


def _from_binary(value: Fraction) -> int | float:
    """A 512-bit result as a Value: the shortest decimal that reads back as it (as Terraform
    prints it), UNKNOWN when a Python float cannot hold that decimal (0.1 summed seven times
    prints with 150 digits)."""
    if value.denominator == 1 and value.numerator.bit_length() <= _PRECISION:
        return value.numerator
    digits, point = _digits(value)
    sign = "-" if value < 0 else ""
    for count in range(1, len(digits) + 1):
        short, short_point = _round_digits(digits, point, count)
        candidate = Decimal(f"{sign}0.{short}E{short_point}")
        if _round_binary(Fraction(candidate)) == value:
            return _from_decimal(candidate)
    raise _UnknownResultError


def unified(values: Sequence[Value]) -> tuple[Value, ...] | Outcome:
    """The values converted to the one type they all convert to, as Terraform converts the
    two results of a conditional: CALL_ERROR when there is none, UNKNOWN when that cannot be
    decided here."""
    try:
        common = _unify([_type_of(value) for value in values])
        if common is None:
            return CALL_ERROR
        return tuple(_convert(value, common) for value in values)
    except (_ConversionError, _FunctionError, _ArgumentError):
        return CALL_ERROR
    except Exception:  # limits of Python (depth, digits): not an answer, not an error
        return UNKNOWN


def as_set(values: Sequence[Value]) -> Outcome:
    """A set of the values, as Terraform makes one: unique elements of one common type, in
    cty's order; UNKNOWN when an element is unknown, CALL_ERROR when no common type."""
    converted = unified(values) if values else ()
    if not isinstance(converted, tuple):
        return converted
    try:
        common = _unify([_type_of(value) for value in converted]) if converted else _DYN
        return _make_set(converted, common or _DYN)
    except _UnknownResultError:
        return UNKNOWN
    except Exception:
        return UNKNOWN


def parse_number(text: str) -> Outcome:
    """A string as Terraform converts it to a number: CALL_ERROR when it is not one."""
    try:
        number = _parse_number(text)
    except _UnknownResultError:
        return UNKNOWN
    return CALL_ERROR if number is None else number


def arithmetic(operator: str, left: int | float, right: int | float) -> Outcome:
    """``left OPERATOR right`` for ``+ - * / %`` in Terraform's 512-bit arithmetic (0.1 + 0.2
    is 0.3): UNKNOWN when a float cannot hold the result, CALL_ERROR for a division by zero.
    ``%`` keeps the sign of the dividend, as Go's big.Float modulo does in cty."""
    try:
        a, b = _exact(left), _exact(right)
        if operator == "/" and b == 0:
            return UNKNOWN if a != 0 else CALL_ERROR  # an infinity, which no value here holds
        if operator == "%" and b == 0:
            return left  # cty: x % 0 is x
        if operator == "+":
            result = a + b
        elif operator == "-":
            result = a - b
        elif operator == "*":
            result = a * b
        elif operator == "/":
            result = a / b
        elif operator == "%":
            # cty: the quotient rounded to 512 bits, truncated; then multiply and subtract,
            # each rounded.
            quotient = _round_binary(a / b)
            whole = Fraction(int(quotient))
            result = a - _round_binary(b * whole)
        else:
            return CALL_ERROR
        return _from_binary(_round_binary(result))
    except (_UnknownResultError, OverflowError, ValueError):
        return UNKNOWN


_NUMBER_PATTERN: Final = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:([eEpP])([+-]?[0-9]+))?")


def _parse_number(text: str) -> int | float | None:
    """cty.ParseNumberVal (big.ParseFloat, base 10): the number, or None when invalid."""
    if text in ("inf", "Inf", "+inf", "+Inf", "-inf", "-Inf"):
        raise _UnknownResultError
    match = _NUMBER_PATTERN.fullmatch(text)
    if match is None:
        return None
    if match.group(1) in ("p", "P"):
        mantissa = Fraction(Decimal(text[: match.start(1)]))
        exponent = int(match.group(2))
        if abs(exponent) > 4000:
            raise _UnknownResultError
        return _from_decimal(mantissa * Fraction(2) ** exponent)
    if match.group(2) is not None and abs(int(match.group(2))) > 4000:
        raise _UnknownResultError
    return _from_decimal(Decimal(text))


def _digits(value: Fraction) -> tuple[str, int]:
    """The exact decimal expansion of a binary value: (digits without trailing zeros, point)."""
    value = abs(value)
    if value == 0:
        return "", 0
    num, den = value.numerator, value.denominator
    # den is a power of two: multiply up to a power of ten
    shift = den.bit_length() - 1
    digits = str(num * 5**shift)
    point = len(digits) - shift
    stripped = digits.rstrip("0")
    return stripped, point


def _round_digits(digits: str, point: int, count: int) -> tuple[str, int]:
    """`digits` rounded half-to-even to `count` digits (Go's decimal.round)."""
    if count < 0:
        return "", point
    if count >= len(digits):
        return digits, point
    keep, rest = digits[:count], digits[count:]
    up = rest[0] > "5" or (
        rest[0] == "5" and (len(rest) > 1 or (keep != "" and keep[-1] in "13579"))
    )
    if up:
        number = int(keep or "0") + 1
        rounded = str(number)
        if len(rounded) > len(keep):
            point += 1
        keep = rounded
    stripped = keep.rstrip("0")
    return stripped, point if stripped else 0


def _format_float(number: Value, verb: str, precision: int) -> str:
    """big.Float Text(verb, precision) for e, E, f, g, G (precision -1: shortest)."""
    if not _is_number(number) or isinstance(number, bool):
        raise TypeError(number)
    assert isinstance(number, int | float)
    value = _exact(number)
    negative = value < 0
    shortest = precision < 0
    if shortest:
        decimal_value = abs(_decimal(number)).normalize()
        _, raw, exponent = decimal_value.as_tuple()
        assert isinstance(exponent, int)
        digits = "".join(str(d) for d in raw).lstrip("0")
        if not digits:
            digits, point = "", 0
        else:
            point = len(digits) + exponent
            digits = digits.rstrip("0")
        lower = verb.lower()
        if lower == "e":
            precision = len(digits) - 1
        elif lower == "f":
            precision = max(len(digits) - point, 0)
        else:
            precision = len(digits)
    else:
        digits, point = _digits(value)
        lower = verb.lower()
        if lower == "e":
            digits, point = _round_digits(digits, point, 1 + precision)
        elif lower == "f":
            digits, point = _round_digits(digits, point, point + precision)
        else:
            if precision == 0:
                precision = 1
            digits, point = _round_digits(digits, point, precision)
    sign = "-" if negative else ""
    if lower == "e":
        return sign + _fmt_e(digits, point, precision, verb)
    if lower == "f":
        return sign + _fmt_f(digits, point, precision)
    eprec = precision
    if eprec > len(digits) and len(digits) >= point:
        eprec = len(digits)
    if shortest:
        eprec = 6
    exponent = point - 1
    if exponent < -4 or exponent >= eprec:
        precision = min(precision, len(digits))
        return sign + _fmt_e(digits, point, precision - 1, "e" if verb == "g" else "E")
    if precision > point:
        precision = len(digits)
    return sign + _fmt_f(digits, point, max(precision - point, 0))


def _fmt_e(digits: str, point: int, precision: int, verb: str) -> str:
    out = digits[0] if digits else "0"
    if precision > 0:
        fraction = digits[1 : precision + 1]
        out += "." + fraction + "0" * (precision - len(fraction))
    exponent = point - 1 if digits else 0
    sign = "-" if exponent < 0 else "+"
    return f"{out}{verb}{sign}{abs(exponent):02d}"


def _fmt_f(digits: str, point: int, precision: int) -> str:
    whole = digits[:point] + "0" * max(point - len(digits), 0) if point > 0 else "0"
    if precision > 0:
        fraction = "".join(
            digits[point + i] if 0 <= point + i < len(digits) else "0" for i in range(precision)
        )
        return f"{whole}.{fraction}"
    return whole


def _int_arg(value: Value) -> int:
    """gocty's conversion of a number to a Go int."""
    if not _is_number(value):
        raise _FunctionError("number value is required")
    assert isinstance(value, int | float)
    exact = _exact(value)
    if exact.denominator != 1 or not _INT64[0] <= exact.numerator <= _INT64[1]:
        raise _FunctionError(f"value must be a whole number, between {_INT64[0]} and {_INT64[1]}")
    return exact.numerator


# ---- strings


def _go_quote(text: str) -> str:
    """Go's strconv.Quote (%q of a string)."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char == " " or (code >= 0x20 and code != 0x7F and _printable(char)):
            out.append(char)
        elif char in _GO_ESCAPES:
            out.append(_GO_ESCAPES[char])
        elif code < 0x80:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


_GO_ESCAPES: Final = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}


def _printable(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMNPS"


_GO_SPACE: Final = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _go_upper(char: str) -> str:
    """unicode.ToUpper: the simple (one character) mapping."""
    upper = char.upper()
    if len(upper) == 1:
        return upper
    title = char.title()
    return title if len(title) == 1 else char


def _go_lower(char: str) -> str:
    """unicode.ToLower: the simple (one character) mapping."""
    if char == "\u0130":
        return "i"
    lower = char.lower()
    return lower if len(lower) == 1 else char


def _go_title(char: str) -> str:
    """unicode.ToTitle: the simple (one character) mapping."""
    title = char.title()
    if len(title) == 1:
        return title
    return _go_upper(char)


def _go_separator(char: str) -> bool:
    """The word separators of Go's strings.Title."""
    if char < "\x80":
        return not (char.isascii() and (char.isalnum() or char == "_"))
    category = unicodedata.category(char)
    if category[0] == "L" or category == "Nd":
        return False
    return char in _GO_SPACE


# Grapheme clusters (UAX #29 as of Unicode 15.0, which Terraform 1.11 uses).
_PREPEND: Final = frozenset(
    {
        *range(0x600, 0x606), 0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0xD4E, 0x110BD, 0x110CD,
        0x111C2, 0x111C3, 0x1193F, 0x11941, 0x11A3A, *range(0x11A84, 0x11A8A), 0x11D46,
        0x11F02,
    }
)  # fmt: skip
_NOT_SPACING: Final = frozenset(
    {
        0x102B, 0x102C, 0x1038, *range(0x1062, 0x1065), *range(0x1067, 0x106E), 0x1083,
        *range(0x1087, 0x108D), 0x108F, *range(0x109A, 0x109D), 0x1A61, 0x1A63, 0x1A64,
        0xAA7B, 0xAA7D, 0x11720, 0x11721,
    }
)  # fmt: skip


def _grapheme_class(char: str) -> str:
    code = ord(char)
    if char == "\r":
        return "CR"
    if char == "\n":
        return "LF"
    if code == 0x200D:
        return "ZWJ"
    if code in _PREPEND:
        return "?"
    if 0x1F1E6 <= code <= 0x1F1FF:
        return "RI"
    if 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F or code in (0x200C, 0xFF9E, 0xFF9F):
        return "Extend"
    if 0x1100 <= code <= 0x115F or 0xA960 <= code <= 0xA97C:
        return "L"
    if 0x1160 <= code <= 0x11A7 or 0xD7B0 <= code <= 0xD7C6:
        return "V"
    if 0x11A8 <= code <= 0x11FF or 0xD7CB <= code <= 0xD7FB:
        return "T"
    if 0xAC00 <= code <= 0xD7A3:
        return "LV" if (code - 0xAC00) % 28 == 0 else "LVT"
    if code in (0xE33, 0xEB3):
        return "SpacingMark"
    category = unicodedata.category(char)
    if category in ("Mn", "Me"):
        return "Extend"
    if category == "Mc":
        return "Other" if code in _NOT_SPACING else "SpacingMark"
    if category in ("Cc", "Zl", "Zp", "Cs", "Cf"):
        return "Control"
    if category == "Cn":
        return "?"
    return "Other"


def _pictographic(char: str) -> bool | None:
    """Whether a character is Extended_Pictographic: None when not sure."""
    code = ord(char)
    if 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF:
        return unicodedata.category(char) == "So" or None
    if code < 0x2000 and code not in (0xA9, 0xAE):
        return False
    if unicodedata.category(char)[0] in "LNPZ":
        return False
    return None


def _graphemes(text: str) -> list[str]:
    """`text` split into extended grapheme clusters; _UnknownResultError when unsure."""
    if text.isascii():
        clusters: list[str] = []
        position = 0
        while position < len(text):
            step = 2 if text.startswith("\r\n", position) else 1
            clusters.append(text[position : position + step])
            position += step
        return clusters
    clusters = []
    previous = ""
    base = ""  # the last character that is not Extend in the current cluster
    regional = 0
    for char in text:
        kind = _grapheme_class(char)
        if kind == "?":
            raise _UnknownResultError
        join = False
        if clusters:
            if previous == "CR":
                join = kind == "LF"
            elif previous in ("LF", "Control") or kind in ("CR", "LF", "Control"):
                join = False
            elif kind in ("Extend", "ZWJ", "SpacingMark"):
                join = True
            elif previous == "L":
                join = kind in ("L", "V", "LV", "LVT")
            elif previous in ("LV", "V"):
                join = kind in ("V", "T")
            elif previous in ("LVT", "T"):
                join = kind == "T"
            elif previous == "ZWJ":
                before = _pictographic(base) if base else False
                after = _pictographic(char)
                if before is False or after is False:
                    join = False
                elif before and after:
                    join = True
                else:
                    raise _UnknownResultError
            elif previous == "RI" and kind == "RI":
                join = regional % 2 == 1
        if join:
            clusters[-1] += char
        else:
            clusters.append(char)
            regional = 0
            base = ""
        if kind == "RI":
            regional += 1
        if kind not in ("Extend", "ZWJ"):
            base = char
        previous = kind
    return clusters


def _json_string(text: str) -> str:
    """A string as Go's encoding/json writes it (HTML characters escaped)."""
    out = ['"']
    for char in text:
        if char in _JSON_ESCAPES:
            out.append(_JSON_ESCAPES[char])
        elif ord(char) < 0x20 or char in "<>&\u2028\u2029":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


_JSON_ESCAPES: Final = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def _json_encode(value: Value) -> str:
    if isinstance(value, Unknown):
        raise _UnknownResultError
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isinf(value):
            raise _FunctionError("cannot serialize infinity as JSON")
        return _number_text(value)
    if isinstance(value, str):
        return _json_string(value)
    if isinstance(value, tuple):
        return "[" + ",".join(_json_encode(element) for element in value) + "]"
    items = (f"{_json_string(key)}:{_json_encode(value[key])}" for key in sorted(value))
    return "{" + ",".join(items) + "}"


# ---- regular expressions: RE2 translated to Python's re where they agree

_WORD: Final = "0-9A-Za-z_"
_ESCAPE_CLASSES: Final = {"d": "0-9", "s": "\\t\\n\\f\\r ", "w": _WORD}
_POSIX_CLASSES: Final = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "ascii": "\\x00-\\x7f",
    "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": "\\t\\n\\v\\f\\r ",
    "upper": "A-Z",
    "word": _WORD,
    "xdigit": "0-9A-Fa-f",
}


class _Regex(NamedTuple):
    compiled: re.Pattern[str]
    names: tuple[str, ...]  # one per group, "" when unnamed


def _regex_error(code: str, expr: str) -> _ArgumentError:
    return _ArgumentError(0, f"invalid regexp pattern: {code} in {expr}")


@functools.lru_cache(maxsize=256)
def _translate_regex(pattern: str) -> _Regex:
    """An RE2 pattern as a Python pattern matching identically; _UnknownResultError when unsure."""
    out: list[str] = []
    names: list[str] = []
    position = 0
    multiline = False
    depth = 0
    last_repeatable = False  # something a quantifier may follow
    last_quantifier = False
    flags = re.match(r"\(\?([imsU]+)\)", pattern)
    if flags is not None:
        if "U" in flags.group(1):
            raise _UnknownResultError
        multiline = "m" in flags.group(1)
        out.append(f"(?{flags.group(1)})")
        position = flags.end()
    while position < len(pattern):
        char = pattern[position]
        if char in "*+?{":
            quantifier = char
            end = position + 1
            if char == "{":
                repeat = re.match(r"\{([0-9]+)(,([0-9]*))?\}", pattern[position:])
                if repeat is None:
                    out.append("\\{")
                    position += 1
                    last_repeatable, last_quantifier = True, False
                    continue
                low = int(repeat.group(1))
                high = repeat.group(3)
                if low > 1000 or (high and (int(high) > 1000 or int(high) < low)):
                    raise _regex_error("invalid repeat count", repeat.group(0))
                quantifier = repeat.group(0)
                end = position + repeat.end()
            if end < len(pattern) and pattern[end] == "?":
                quantifier += "?"
                end += 1
            if last_quantifier or not last_repeatable:
                raise _UnknownResultError
            out.append(quantifier)
            position = end
            last_repeatable, last_quantifier = False, True
            continue
        last_quantifier = False
        if char == "\\":
            piece, position = _translate_escape(pattern, position, in_class=False)
            out.append(piece)
            last_repeatable = True
            continue
        if char == "[":
            piece, position = _translate_class(pattern, position)
            out.append(piece)
            last_repeatable = True
            continue
        if char == "(":
            rest = pattern[position:]
            if rest.startswith(("(?=", "(?!", "(?<=", "(?<!")):
                raise _regex_error("invalid or unsupported Perl syntax", rest[:3])
            named = re.match(r"\(\?P?<([A-Za-z0-9_]+)>", rest)
            if named is not None:
                # RE2 allows names Python does not (repeated, starting with a digit): the
                # Python group stays unnamed and `names` keeps the RE2 name.
                names.append(named.group(1))
                out.append("(")
                position += named.end()
            elif rest.startswith("(?:"):
                out.append("(?:")
                position += 3
            elif rest.startswith("(?"):
                scoped = re.match(r"\(\?([is]+):", rest)
                if scoped is None:
                    raise _UnknownResultError
                out.append(scoped.group(0))
                position += scoped.end()
            else:
                names.append("")
                out.append("(")
                position += 1
            depth += 1
            last_repeatable = False
            continue
        if char == ")":
            if depth == 0:
                raise _regex_error("unexpected )", pattern)
            depth -= 1
            out.append(")")
            position += 1
            last_repeatable = True
            continue
        if char == "|":
            out.append("|")
            last_repeatable = False
        elif char == "$":
            out.append("$" if multiline else "\\Z")
            last_repeatable = True
        elif char in ".^":
            out.append(char)
            last_repeatable = True
        else:
            out.append(re.escape(char))
            last_repeatable = True
        position += 1
    if depth:
        raise _regex_error("missing closing )", pattern)
    try:
        compiled = re.compile("".join(out))
    except (re.error, RecursionError, OverflowError) as error:
        raise _UnknownResultError from error
    if compiled.groups != len(names):
        raise _UnknownResultError
    return _Regex(compiled, tuple(names))


def _translate_escape(pattern: str, position: int, in_class: bool) -> tuple[str, int]:
    if position + 1 >= len(pattern):
        raise _regex_error("trailing backslash at end of expression", "")
    char = pattern[position + 1]
    end = position + 2
    if char in _ESCAPE_CLASSES:
        ranges = _ESCAPE_CLASSES[char]
        return (ranges if in_class else f"[{ranges}]"), end
    if char in "DSW" and not in_class:
        return f"[^{_ESCAPE_CLASSES[char.lower()]}]", end
    if char in "bB" and not in_class:
        word = f"[{_WORD}]"
        if char == "b":
            return f"(?:(?<={word})(?!{word})|(?<!{word})(?={word}))", end
        return f"(?:(?<={word})(?={word})|(?<!{word})(?!{word}))", end
    if char == "A" and not in_class:
        return "\\A", end
    if char == "z" and not in_class:
        return "\\Z", end
    if char in "afnrtv":
        return "\\" + char, end
    if char == "x":
        braced = re.match(r"\{([0-9A-Fa-f]{1,8})\}", pattern[end:])
        if braced is not None:
            code = int(braced.group(1), 16)
            if code > 0x10FFFF:
                raise _UnknownResultError
            return re.escape(chr(code)), end + braced.end()
        plain = re.match(r"[0-9A-Fa-f]{2}", pattern[end:])
        if plain is None:
            raise _UnknownResultError
        return re.escape(chr(int(plain.group(0), 16))), end + 2
    if char in "123456789" and not in_class:
        raise _regex_error("invalid escape sequence", pattern[position:end])
    if char.isascii() and not char.isalnum():
        return "\\" + char, end
    raise _UnknownResultError


def _translate_class(pattern: str, position: int) -> tuple[str, int]:
    out = ["["]
    position += 1
    if position < len(pattern) and pattern[position] == "^":
        out.append("^")
        position += 1
    first = True
    while True:
        if position >= len(pattern):
            raise _regex_error("missing closing ]", pattern)
        char = pattern[position]
        if char == "]" and not first:
            out.append("]")
            return "".join(out), position + 1
        first = False
        if pattern.startswith("[:", position):
            posix = re.match(r"\[:([a-z]+):\]", pattern[position:])
            if posix is None or posix.group(1) not in _POSIX_CLASSES:
                raise _UnknownResultError
            out.append(_POSIX_CLASSES[posix.group(1)])
            position += posix.end()
            continue
        low, position = _class_char(pattern, position)
        if (
            position + 1 < len(pattern)
            and pattern[position] == "-"
            and pattern[position + 1] != "]"
            and low is not None
        ):
            high, position = _class_char(pattern, position + 1)
            if high is None:
                raise _UnknownResultError
            if ord(high) < ord(low):
                raise _regex_error("invalid character class range", f"{low}-{high}")
            out.append(f"{re.escape(low)}-{re.escape(high)}")
        elif low is None:
            if (
                position < len(pattern)
                and pattern[position] == "-"
                and pattern[position + 1 :][:1] != "]"
            ):
                raise _UnknownResultError
            out.append(_translate_escape(pattern, position - 2, in_class=True)[0])
        else:
            out.append(re.escape(low) if low not in "-]" else "\\" + low)


def _class_char(pattern: str, position: int) -> tuple[str | None, int]:
    """One literal character of a class (None for a class escape such as \\d)."""
    char = pattern[position]
    if char != "\\":
        return char, position + 1
    if position + 1 >= len(pattern):
        raise _regex_error("missing closing ]", pattern)
    escaped = pattern[position + 1]
    if escaped in _ESCAPE_CLASSES:
        return None, position + 2
    if escaped in "afnrtv":
        return "\a\f\n\r\t\v"["afnrtv".index(escaped)], position + 2
    if escaped == "x":
        piece, end = _translate_escape(pattern, position, in_class=True)
        return re.sub(r"\\(.)", r"\1", piece, flags=re.S), end
    if escaped.isascii() and not escaped.isalnum():
        return escaped, position + 2
    raise _UnknownResultError


def _matches(regex: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Go's successive non-overlapping matches (an empty match right after a match is skipped)."""
    position = 0
    previous_end = -1
    while position <= len(text):
        match = regex.search(text, position)
        if match is None:
            return
        accept = True
        if match.end() == position:
            accept = match.start() != previous_end
            position += 1
        else:
            position = match.end()
        previous_end = match.end()
        if accept:
            yield match


def _replace_all(regex: _Regex, text: str, template: str) -> str:
    """Go's Regexp.ReplaceAllString (no replacement for an empty match right after a match)."""
    out: list[str] = []
    last_end = 0
    position = 0
    while position <= len(text):
        match = regex.compiled.search(text, position)
        if match is None:
            break
        out.append(text[last_end : match.start()])
        if match.end() > last_end or match.start() == 0:
            out.append(_expand(template, match, regex.names))
        last_end = match.end()
        if position + 1 > match.end():
            position += 1
        else:
            position = match.end()
    out.append(text[last_end:])
    return "".join(out)


def _expand(template: str, match: re.Match[str], names: Sequence[str]) -> str:
    """Go's Regexp.Expand of a replacement template ($1, ${1}, $name, ${name}, $$)."""
    out: list[str] = []
    rest = template
    while True:
        before, dollar, rest = rest.partition("$")
        out.append(before)
        if not dollar:
            return "".join(out)
        if rest.startswith("$"):
            out.append("$")
            rest = rest[1:]
            continue
        braced = rest.startswith("{")
        body = rest[1:] if braced else rest
        length = 0
        while length < len(body) and (
            body[length] == "_"
            or unicodedata.category(body[length])[0] == "L"
            or unicodedata.category(body[length]) == "Nd"
        ):
            length += 1
        if length == 0 or (braced and (length >= len(body) or body[length] != "}")):
            out.append("$")
            continue
        name = body[:length]
        rest = body[length + 1 :] if braced else body[length:]
        number = int(name) if name.isascii() and name.isdigit() else -1
        if number >= 0 and ((len(name) > 1 and name[0] == "0") or number >= 10**8):
            number = -1
        if number >= 0:
            if number <= len(names) and match.start(number) >= 0:
                out.append(match.group(number))
            continue
        for index, group_name in enumerate(names, start=1):
            if group_name == name and match.start(index) >= 0:
                out.append(match.group(index))
                break


def _regex_result(regex: _Regex, match: re.Match[str]) -> Value:
    if not regex.names:
        return match.group(0)
    groups = tuple(match.group(i + 1) for i in range(len(regex.names)))
    if all(name == "" for name in regex.names):
        return groups
    return {name: groups[i] for i, name in enumerate(regex.names)}


def _regex_for_call(pattern: str) -> _Regex:
    regex = _translate_regex(pattern)
    named = [name for name in regex.names if name]
    if named and len(named) != len(regex.names):
        raise _ArgumentError(
            0, "invalid regexp pattern: cannot mix both named and unnamed capture groups"
        )
    return regex


# ---- format and formatlist


_MAX_PADDING: Final = 100_000  # a wider field is not worth building here


class _Verb(NamedTuple):
    raw: str
    offset: int
    argnum: int
    mode: str
    flags: str
    width: int  # -1 when absent
    precision: int  # -1 when absent


def _format(pattern: str, args: Sequence[Value]) -> str:
    """cty's format: Go's verbs over cty values."""
    out: list[str] = []
    position = 0
    next_arg = 1
    highest = 0
    encoded = pattern.encode()

    def offset(index: int) -> int:
        return len(pattern[:index].encode())

    while position < len(pattern):
        char = pattern[position]
        if char != "%":
            out.append(char)
            position += 1
            continue
        if pattern.startswith("%%", position):
            out.append("%")
            position += 2
            continue
        start = position
        position += 1
        flags = ""
        while position < len(pattern) and pattern[position] in "0#-+ ":
            flags += pattern[position]
            position += 1
        width = precision = -1
        number = re.match(r"[1-9][0-9]*", pattern[position:])
        if number is not None:
            width = int(number.group(0))
            position += number.end()
        if position < len(pattern) and pattern[position] == ".":
            digits = re.match(r"[0-9]*", pattern[position + 1 :])
            assert digits is not None
            precision = int(digits.group(0) or "0")
            position += 1 + digits.end()
        if max(width, precision) > _MAX_PADDING:
            raise _UnknownResultError
        argnum = next_arg
        if position < len(pattern) and pattern[position] == "[":
            position += 1
            index = re.match(r"[1-9][0-9]*", pattern[position:])
            if index is None:
                if position >= len(pattern):
                    raise _FunctionError(f"invalid format string starting at offset {len(encoded)}")
                raise _FunctionError(
                    f"unrecognized format character {_go_rune(pattern[position])} "
                    f"at offset {offset(position)}"
                )
            argnum = int(index.group(0))
            position += index.end()
            if position >= len(pattern):
                raise _FunctionError(f"invalid format string starting at offset {len(encoded)}")
            if pattern[position] != "]":
                raise _FunctionError(
                    f"unrecognized format character {_go_rune(pattern[position])} "
                    f"at offset {offset(position)}"
                )
            position += 1
        if position >= len(pattern):
            raise _FunctionError(f"invalid format string starting at offset {len(encoded)}")
        mode = pattern[position]
        if not (mode.isascii() and mode.isalpha()):
            raise _FunctionError(
                f"unrecognized format character {_go_rune(mode)} at offset {offset(position)}"
            )
        position += 1
        verb = _Verb(pattern[start:position], offset(start), argnum, mode, flags, width, precision)
        highest = max(highest, argnum)
        out.append(_format_verb(verb, args))
        next_arg = argnum + 1
    if highest < len(args):
        if highest == 0:
            raise _ArgumentError(1, "too many arguments; no verbs in format string")
        raise _ArgumentError(
            highest + 1, f"too many arguments; only {highest} used by format string"
        )
    return "".join(out)


def _go_rune(char: str) -> str:
    """Go's %q of a rune."""
    quoted = _go_quote(char)[1:-1]
    return "'" + ("\\'" if char == "'" else quoted.replace('\\"', '"')) + "'"


def _format_verb(verb: _Verb, args: Sequence[Value]) -> str:
    if verb.argnum > len(args):
        raise _FunctionError(
            f"not enough arguments for {_go_quote(verb.raw)} at {verb.offset}: "
            f"need index {verb.argnum} but have {len(args)} total"
        )
    arg = args[verb.argnum - 1]
    where = f"{_go_quote(verb.raw)} at {verb.offset}"
    if verb.mode != "v" and arg is None:
        raise _FunctionError(f"unsupported value for {where}: null value cannot be formatted")
    try:
        if verb.mode == "v":
            if "#" not in verb.flags and isinstance(arg, str):
                return _pad(verb, arg)
            if "#" not in verb.flags and _is_number(arg):
                return _pad(verb, _format_float(arg, "g", -1))
            return _pad(verb, _json_encode(arg))
        if verb.mode == "t":
            return "true" if _convert(arg, _BOOL) else "false"
        if verb.mode in "bdoxXeEfgG":
            number = _convert(arg, _NUMBER)
            if verb.mode in "bdoxX":
                return _format_integer(verb, number, where)
            return _format_big_float(verb, number)
        if verb.mode in "sq":
            text = _convert(arg, _STRING)
            assert isinstance(text, str)
            if verb.precision > 0:
                text = "".join(_graphemes(text)[: verb.precision])
            return _pad(verb, text if verb.mode == "s" else _json_string(text))
    except _ConversionError as error:
        raise _FunctionError(f"unsupported value for {where}: {error.message}") from error
    raise _FunctionError(
        f"unsupported format verb {_go_rune(verb.mode)} in {_go_quote(verb.raw)} "
        f"at offset {verb.offset}"
    )


def _pad(verb: _Verb, text: str) -> str:
    if verb.width < 0:
        return text
    missing = verb.width - len(_graphemes(text))
    if missing <= 0:
        return text
    padding = ("0" if "0" in verb.flags else " ") * missing
    return text + padding if "-" in verb.flags else padding + text


def _format_integer(verb: _Verb, number: Value, where: str) -> str:
    """fmt.Sprintf of a *big.Int (big.Int's Format)."""
    assert isinstance(number, int | float)
    exact = _exact(number)
    if exact.denominator != 1:
        raise _FunctionError(f"unsupported value for {where}: an integer is required")
    value = exact.numerator
    base = {"b": 2, "d": 10, "o": 8, "x": 16, "X": 16}[verb.mode]
    digits = _to_base(abs(value), base)
    if verb.mode == "X":
        digits = digits.upper()
    sign = "-" if value < 0 else ("+" if "+" in verb.flags else (" " if " " in verb.flags else ""))
    prefix = ""
    if "#" in verb.flags:
        prefix = {"b": "0b", "o": "0", "x": "0x", "X": "0X"}.get(verb.mode, "")
    zeros = 0
    if verb.precision >= 0:
        if len(digits) < verb.precision:
            zeros = verb.precision - len(digits)
        elif digits == "0" and verb.precision == 0:
            return ""
    left = right = 0
    length = len(sign) + len(prefix) + zeros + len(digits)
    if verb.width >= 0 and length < verb.width:
        extra = verb.width - length
        if "-" in verb.flags:
            right = extra
        elif "0" in verb.flags and verb.precision < 0:
            zeros = extra
        else:
            left = extra
    return " " * left + sign + prefix + "0" * zeros + digits + " " * right


def _to_base(value: int, base: int) -> str:
    if base == 10:
        return str(value)
    return {2: bin, 8: oct, 16: hex}[base](value)[2:]


def _format_big_float(verb: _Verb, number: Value) -> str:
    """fmt.Sprintf of a *big.Float (big.Float's Format)."""
    precision = verb.precision
    if precision < 0:
        precision = -1 if verb.mode in "gG" else 6
    text = _format_float(number, verb.mode, precision)
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    elif "+" in verb.flags:
        sign = "+"
    elif " " in verb.flags:
        sign = " "
    padding = max(verb.width - len(sign) - len(text), 0) if verb.width >= 0 else 0
    if "0" in verb.flags:
        return sign + "0" * padding + text
    if "-" in verb.flags:
        return sign + text + " " * padding
    return " " * padding + sign + text


# ---- the functions

Impl: TypeAlias = Callable[[list[Value]], Value]


@dataclass(frozen=True)
class _Param:
    name: str
    type: _Type = _DYN
    null: bool = False  # accepts null
    # accepts the untyped null literal (cty's AllowDynamicType); where it does not, the
    # literal makes the result unknown, so a null there (literal or typed?) is UNKNOWN
    untyped: bool = True
    unknown: bool = False  # sees an UNKNOWN argument instead of answering UNKNOWN


@dataclass(frozen=True)
class _Spec:
    params: tuple[_Param, ...]
    variadic: _Param | None
    impl: Impl
    partial: bool  # copes with UNKNOWN inside its arguments

    def param(self, index: int) -> _Param:
        if index < len(self.params):
            return self.params[index]
        assert self.variadic is not None
        return self.variadic


_SPECS: dict[str, _Spec] = {}


def _function(
    name: str, *params: _Param, variadic: _Param | None = None, partial: bool = False
) -> Callable[[Impl], Impl]:
    def register(impl: Impl) -> Impl:
        _SPECS[name] = _Spec(params, variadic, impl, partial)
        return impl

    return register


def _str(value: Value) -> str:
    assert isinstance(value, str)
    return value


def _seq(value: Value) -> tuple[Value, ...]:
    assert isinstance(value, tuple)
    return value


def _simple_string_function(name: str, operation: Callable[[str], str], param: str = "str") -> None:
    _function(name, _Param(param, _STRING))(lambda args: operation(_str(args[0])))


_simple_string_function("upper", lambda text: "".join(_go_upper(c) for c in text))
_simple_string_function("lower", lambda text: "".join(_go_lower(c) for c in text))
_simple_string_function("trimspace", lambda text: text.strip("".join(_GO_SPACE)))
_simple_string_function("chomp", lambda text: text.rstrip("\r\n"))
_simple_string_function("strrev", lambda text: "".join(reversed(_graphemes(text))))
_simple_string_function(
    "base64encode", lambda text: base64.b64encode(text.encode()).decode("ascii")
)
_simple_string_function("md5", lambda text: hashlib.md5(text.encode()).hexdigest())
_simple_string_function("sha1", lambda text: hashlib.sha1(text.encode()).hexdigest())
_simple_string_function("sha256", lambda text: hashlib.sha256(text.encode()).hexdigest())
_simple_string_function("sha512", lambda text: hashlib.sha512(text.encode()).hexdigest())
_simple_string_function(
    "base64sha256",
    lambda text: base64.b64encode(hashlib.sha256(text.encode()).digest()).decode("ascii"),
)
_simple_string_function(
    "base64sha512",
    lambda text: base64.b64encode(hashlib.sha512(text.encode()).digest()).decode("ascii"),
)
_simple_string_function("urlencode", lambda text: urllib.parse.quote_plus(text, safe="-_.~"))


@_function("title", _Param("str", _STRING))
def _title(args: list[Value]) -> Value:
    out: list[str] = []
    previous = " "
    for char in _str(args[0]):
        out.append(_go_title(char) if _go_separator(previous) else char)
        previous = char
    return "".join(out)


def _string_pair(name: str, second: str, operation: Callable[[str, str], Value]) -> None:
    _function(name, _Param("str", _STRING), _Param(second, _STRING))(
        lambda args: operation(_str(args[0]), _str(args[1]))
    )


_string_pair("trim", "cutset", lambda text, cutset: text.strip(cutset))
_string_pair("trimprefix", "prefix", lambda text, prefix: text.removeprefix(prefix))
_string_pair("trimsuffix", "suffix", lambda text, suffix: text.removesuffix(suffix))
_string_pair("endswith", "suffix", lambda text, suffix: text.endswith(suffix))
_string_pair("strcontains", "substr", lambda text, sub: sub in text)


@_function(
    "startswith", _Param("str", _STRING, unknown=True), _Param("prefix", _STRING), partial=True
)
def _startswith(args: list[Value]) -> Value:
    prefix = _str(args[1])
    if isinstance(args[0], Unknown):
        if prefix == "":
            return True
        raise _UnknownResultError
    return _str(args[0]).startswith(prefix)


@_function("base64decode", _Param("str", _STRING))
def _base64decode(args: list[Value]) -> Value:
    text = _str(args[0])
    data = text.replace("\r", "").replace("\n", "")
    if len(data) % 4 or not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", data):
        raise _FunctionError(f"failed to decode base64 data {_go_quote(text)}")
    try:
        decoded = base64.b64decode(data, validate=True)
    except binascii.Error as error:
        raise _FunctionError(f"failed to decode base64 data {_go_quote(text)}") from error
    try:
        return decoded.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _FunctionError(
            "the result of decoding the provided string is not valid UTF-8"
        ) from error


@_function("split", _Param("separator", _STRING), _Param("str", _STRING))
def _split(args: list[Value]) -> Value:
    separator, text = _str(args[0]), _str(args[1])
    if separator == "":
        return tuple(text)
    return tuple(text.split(separator))


@_function("replace", _Param("str", _STRING), _Param("substr", _STRING), _Param("replace", _STRING))
def _replace(args: list[Value]) -> Value:
    text, search, replacement = _str(args[0]), _str(args[1]), _str(args[2])
    if len(search) > 1 and search[0] == "/" and search[-1] == "/":
        try:
            regex = _translate_regex(search[1:-1])
        except _ArgumentError as error:
            raise _FunctionError(f"error parsing regexp: {error.message}") from error
        return _replace_all(regex, text, replacement)
    return text.replace(search, replacement)


@_function("substr", _Param("str", _STRING), _Param("offset", _NUMBER), _Param("length", _NUMBER))
def _substr(args: list[Value]) -> Value:
    text = _str(args[0])
    offset, length = _int_arg(args[1]), _int_arg(args[2])
    clusters = _graphemes(text)
    if offset < 0:
        offset += len(clusters)
    elif length == 0:
        return ""
    rest = clusters[offset:] if offset > 0 else clusters
    # Go counts clusters up to `length`: a length of zero (reachable only with a negative
    # offset) is never reached, so it takes the rest, like a negative length.
    return "".join(rest[:length] if length > 0 else rest)


@_function("indent", _Param("spaces", _NUMBER), _Param("str", _STRING))
def _indent(args: list[Value]) -> Value:
    spaces = _int_arg(args[0])
    if spaces > _MAX_PADDING:
        raise _UnknownResultError
    if spaces < 0:
        raise _FunctionError("negative Repeat count")
    return _str(args[1]).replace("\n", "\n" + " " * spaces)


@_function("join", _Param("separator", _STRING), variadic=_Param("lists", _list(_STRING)))
def _join(args: list[Value]) -> Value:
    lists = args[1:]
    if not lists:
        raise _FunctionError("at least one list is required")
    items: list[str] = []
    for number, values in enumerate(lists, start=1):
        for index, item in enumerate(_seq(values)):
            if item is None:
                if len(lists) > 1:
                    raise _ArgumentError(
                        number,
                        f"element {index} of list {number} is null; cannot concatenate null values",
                    )
                raise _ArgumentError(
                    number, f"element {index} is null; cannot concatenate null values"
                )
            items.append(_str(item))
    return _str(args[0]).join(items)


@_function(
    "format",
    _Param("format", _STRING),
    variadic=_Param("args", null=True, unknown=True, untyped=False),
)
def _format_function(args: list[Value]) -> Value:
    return _format(_str(args[0]), args[1:])


@_function(
    "formatlist", _Param("format", _STRING), variadic=_Param("args", null=True, untyped=False)
)
def _formatlist(args: list[Value]) -> Value:
    pattern, rest = _str(args[0]), args[1:]
    if not rest:
        return (_format(pattern, rest),)
    length = -1
    chooser = -1
    for index, arg in enumerate(rest):
        if isinstance(arg, tuple):
            if length == -1:
                length, chooser = len(arg), index
            elif len(arg) != length:
                raise _ArgumentError(
                    index + 1,
                    f"argument {index + 1} has length {len(arg)}, which is inconsistent "
                    f"with argument {chooser + 1} of length {length}",
                )
    if length == 0:
        return ()
    results: list[Value] = []
    for iteration in range(max(length, 1)):
        values = [arg[iteration] if isinstance(arg, tuple) else arg for arg in rest]
        try:
            results.append(_format(pattern, values))
        except (_FunctionError, _ArgumentError) as error:
            raise _FunctionError(
                f"error on format iteration {iteration}: {error.message}"
            ) from error
    return tuple(results)


@_function("regex", _Param("pattern", _STRING), _Param("string", _STRING))
def _regex(args: list[Value]) -> Value:
    regex = _regex_for_call(_str(args[0]))
    match = regex.compiled.search(_str(args[1]))
    if match is None:
        raise _FunctionError("pattern did not match any part of the given string")
    return _regex_result(regex, match)


@_function("regexall", _Param("pattern", _STRING), _Param("string", _STRING))
def _regexall(args: list[Value]) -> Value:
    regex = _regex_for_call(_str(args[0]))
    return tuple(_regex_result(regex, m) for m in _matches(regex.compiled, _str(args[1])))


@_function("length", _Param("value", unknown=True), partial=True)
def _length(args: list[Value]) -> Value:
    value = args[0]
    if isinstance(value, Unknown):
        raise _UnknownResultError
    if isinstance(value, str):
        return len(_graphemes(value))
    if isinstance(value, tuple | dict):
        return len(value)
    raise _FunctionError("argument must be a string, a collection type, or a structural type")


# -- collections


def _primitive_leaves(value: Value, into: set[str]) -> None:
    if isinstance(value, tuple):
        for element in value:
            _primitive_leaves(element, into)
    elif isinstance(value, dict):
        for element in value.values():
            _primitive_leaves(element, into)
    elif isinstance(value, Unknown):
        into.add("unknown")
    elif value is not None:
        leaf = _type_of(value)
        into.add(leaf.name if isinstance(leaf, _Prim) else "")


def _homogeneous(value: Value) -> bool:
    return isinstance(value, tuple) and len({_type_of(element) for element in value}) <= 1


@_function("concat", variadic=_Param("seqs"), partial=True)
def _concat(args: list[Value]) -> Value:
    if not args:
        raise _FunctionError("at least one argument is required")
    out: list[Value] = []
    for index, seq in enumerate(args):
        if isinstance(seq, Unknown):
            raise _UnknownResultError
        if not isinstance(seq, tuple):
            raise _ArgumentError(
                index, f"all arguments must be lists or tuples; got {_friendly(_type_of(seq))}"
            )
        out.extend(seq)
    if all(_homogeneous(seq) for seq in args):
        # Lists of different element types would be unified (numbers becoming strings);
        # tuples are kept as they are: only the lost type says which.
        leaves: set[str] = set()
        _primitive_leaves(tuple(out), leaves)
        known = leaves - {"unknown"}
        if len(known) > 1 or ("unknown" in leaves and known - {"string"}):
            raise _UnknownResultError
    return tuple(out)


@_function("merge", variadic=_Param("maps", null=True), partial=True)
def _merge(args: list[Value]) -> Value:
    merged: dict[str, Value] = {}
    for index, arg in enumerate(args):
        if arg is None:
            continue
        if isinstance(arg, Unknown):
            raise _UnknownResultError
        if arg == () and None in args[:index]:
            raise _UnknownResultError  # after the null literal, Terraform merges () as {}
        if not isinstance(arg, dict):
            raise _FunctionError(
                f"arguments must be maps or objects, got {_go_quote(_friendly(_type_of(arg)))}"
            )
        merged.update(arg)
    return {key: merged[key] for key in sorted(merged)}


@_function(
    "lookup",
    _Param("inputMap"),
    _Param("key", _STRING),
    variadic=_Param("default", null=True, unknown=True),
    partial=True,
)
def _lookup(args: list[Value]) -> Value:
    if len(args) > 3:
        raise _FunctionError(f"lookup() takes two or three arguments, got {len(args)}")
    mapping, key = args[0], args[1]
    if isinstance(mapping, Unknown) or isinstance(key, Unknown):
        raise _UnknownResultError
    if not isinstance(mapping, dict):
        raise _ArgumentError(0, "lookup() requires a map as the first argument")
    key = _str(key)
    if len(args) < 3:
        if key in mapping:
            return mapping[key]
        raise _ArgumentError(0, f"the given object has no attribute {_go_quote(key)}")
    default = args[2]
    if default is not None and not isinstance(default, Unknown):
        # A dict is an object or a map; a map converts the default to its element type and
        # rejects a default that does not convert, an object returns the default as it is.
        types = [_type_of(v) for v in mapping.values()]
        element_type = _unify(types) if types else None
        if element_type is not None:
            if not _can_convert(_type_of(default), element_type):
                raise _UnknownResultError
            try:
                converted = _conv(default, element_type)
            except _ConversionError as error:
                raise _UnknownResultError from error
            if key not in mapping and not _same(converted, default):
                raise _UnknownResultError
        elif key not in mapping and not types:
            raise _UnknownResultError
    if key in mapping:
        return mapping[key]
    return default


@_function("element", _Param("list"), _Param("index", _NUMBER), partial=True)
def _element(args: list[Value]) -> Value:
    sequence, index = args
    if isinstance(sequence, Unknown) or isinstance(index, Unknown):
        raise _UnknownResultError
    if not isinstance(sequence, tuple):
        raise _FunctionError(f"cannot read elements from {_friendly(_type_of(sequence))}")
    try:
        position = _int_arg(index)
    except _FunctionError as error:
        raise _FunctionError(f"invalid index: {error.message}") from error
    if not sequence:
        raise _FunctionError("cannot use element function with an empty list")
    if position < 0:
        raise _UnknownResultError  # a tuple fails, a list counts from the end
    return sequence[position % len(sequence)]


@_function("keys", _Param("inputMap", unknown=True), partial=True)
def _keys(args: list[Value]) -> Value:
    mapping = args[0]
    if isinstance(mapping, Unknown):
        raise _UnknownResultError
    if not isinstance(mapping, dict):
        raise _ArgumentError(0, "must have map or object type")
    return tuple(sorted(mapping))


@_function("values", _Param("mapping"), partial=True)
def _values(args: list[Value]) -> Value:
    mapping = args[0]
    if isinstance(mapping, Unknown):
        raise _UnknownResultError
    if not isinstance(mapping, dict):
        raise _FunctionError("values() requires a map as the first argument")
    return tuple(mapping[key] for key in sorted(mapping))


@_function("coalesce", variadic=_Param("vals", null=True, unknown=True), partial=True)
def _coalesce(args: list[Value]) -> Value:
    result_type = _unify([_type_of(arg) for arg in args])
    if result_type is None:
        raise _FunctionError("all arguments must have the same type")
    for arg in args:
        if isinstance(arg, Unknown):
            raise _UnknownResultError
        converted = _conv(arg, result_type)
        if converted is None or (result_type == _STRING and converted == ""):
            continue
        return converted
    raise _FunctionError("no non-null, non-empty-string arguments")


@_function("coalescelist", variadic=_Param("vals", null=True, unknown=True), partial=True)
def _coalescelist(args: list[Value]) -> Value:
    if not args:
        raise _FunctionError("at least one argument is required")
    for arg in args:
        if isinstance(arg, Unknown):
            break
        if arg is None:
            raise _UnknownResultError  # the null literal fails, a typed null list is skipped
        if not isinstance(arg, tuple):
            raise _FunctionError("coalescelist arguments must be lists or tuples")
    for arg in args:
        if isinstance(arg, Unknown):
            raise _UnknownResultError
        if isinstance(arg, tuple) and arg:
            return arg
    raise _FunctionError("no non-null arguments")


def _flatten_into(sequence: tuple[Value, ...], out: list[Value]) -> None:
    for element in sequence:
        if isinstance(element, Unknown):
            raise _UnknownResultError
        if isinstance(element, tuple):
            _flatten_into(element, out)
        else:
            out.append(element)


@_function("flatten", _Param("list"), partial=True)
def _flatten(args: list[Value]) -> Value:
    sequence = args[0]
    if isinstance(sequence, Unknown):
        raise _UnknownResultError
    if not isinstance(sequence, tuple):
        if _has_unknown(sequence):
            raise _UnknownResultError
        raise _FunctionError("can only flatten lists, sets and tuples")
    out: list[Value] = []
    _flatten_into(sequence, out)
    return tuple(out)


@_function("distinct", _Param("list", _list(_DYN)))
def _distinct(args: list[Value]) -> Value:
    out: list[Value] = []
    for element in _seq(args[0]):
        if not any(_same(element, seen) for seen in out):
            out.append(element)
    return tuple(out)


@_function("contains", _Param("list"), _Param("value"), partial=True)
def _contains(args: list[Value]) -> Value:
    sequence, wanted = args
    if isinstance(sequence, Unknown) or isinstance(wanted, Unknown):
        raise _UnknownResultError
    if not isinstance(sequence, tuple):
        raise _FunctionError("argument must be list, tuple, or set")
    unsure = False
    for element in sequence:
        equal = _equals(wanted, element)
        if equal is None:
            unsure = True
        elif equal:
            return True
    if unsure:
        raise _UnknownResultError
    return False


@_function("index", _Param("list"), _Param("value"), partial=True)
def _index(args: list[Value]) -> Value:
    sequence, wanted = args
    if isinstance(sequence, Unknown) or isinstance(wanted, Unknown):
        raise _UnknownResultError
    if not isinstance(sequence, tuple):
        raise _FunctionError("argument must be a list or tuple")
    if not sequence:
        raise _FunctionError("cannot search an empty list")
    for position, element in enumerate(sequence):
        equal = _equals(element, wanted)
        if equal is None:
            raise _UnknownResultError
        if equal:
            return position
    raise _FunctionError("item not found")


@_function("zipmap", _Param("keys", _list(_STRING)), _Param("values"), partial=True)
def _zipmap(args: list[Value]) -> Value:
    keys, values = args
    if isinstance(keys, Unknown) or isinstance(values, Unknown) or _has_unknown(keys):
        raise _UnknownResultError
    if not isinstance(values, tuple):
        raise _FunctionError("values argument must be a list or tuple value")
    keys = _seq(keys)
    if len(keys) != len(values):
        raise _FunctionError(
            f"number of keys ({len(keys)}) does not match number of values ({len(values)})"
        )
    out: dict[str, Value] = {}
    for index, key in enumerate(keys):
        if key is None:
            raise _FunctionError(f"keys list has null value at index {index}")
        out[_str(key)] = values[index]
    return {key: out[key] for key in sorted(out)}


@_function("range", variadic=_Param("params", _NUMBER))
def _range(args: list[Value]) -> Value:
    numbers = [_exact(arg) for arg in args]
    if len(numbers) == 1:
        start, end, step = Fraction(0), numbers[0], Fraction(-1 if numbers[0] < 0 else 1)
    elif len(numbers) == 2:
        start, end = numbers
        step = Fraction(-1 if end < start else 1)
    elif len(numbers) == 3:
        start, end, step = numbers
    else:
        raise _FunctionError("must have one, two, or three arguments")
    down = step < 0
    if down and end > start:
        raise _ArgumentError(1, "end must be less than start when step is negative")
    if not down and end < start:
        raise _ArgumentError(1, "end must be greater than start when step is positive")
    out: list[Value] = []
    number = start
    while (number > end) if down else (number < end):
        if len(out) >= 1024:
            raise _FunctionError(
                "more than 1024 values were generated; either decrease the difference "
                "between start and end or use a smaller step"
            )
        out.append(_from_binary(number))
        number = _round_binary(number + step)
    return tuple(out)


@_function("reverse", _Param("list"), partial=True)
def _reverse(args: list[Value]) -> Value:
    sequence = args[0]
    if isinstance(sequence, Unknown):
        raise _UnknownResultError
    if not isinstance(sequence, tuple):
        raise _ArgumentError(
            0, f"can only reverse list or tuple values, not {_friendly(_type_of(sequence))}"
        )
    return sequence[::-1]


@_function(
    "slice",
    _Param("list"),
    _Param("start_index", _NUMBER),
    _Param("end_index", _NUMBER),
    partial=True,
)
def _slice(args: list[Value]) -> Value:
    sequence, start_value, end_value = args
    if any(isinstance(arg, Unknown) for arg in args):
        raise _UnknownResultError
    if not isinstance(sequence, tuple):
        raise _ArgumentError(0, "must be a list or tuple value")
    try:
        start = _int_arg(start_value)
    except _FunctionError as error:
        raise _ArgumentError(1, f"invalid start index: {error.message}") from error
    if start < 0:
        raise _ArgumentError(1, "start index must not be less than zero")
    if start > len(sequence):
        raise _ArgumentError(1, "start index must not be greater than the length of the list")
    try:
        end = _int_arg(end_value)
    except _FunctionError as error:
        raise _ArgumentError(2, f"invalid end index: {error.message}") from error
    if end < 0:
        raise _ArgumentError(2, "end index must not be less than zero")
    if end > len(sequence):
        raise _ArgumentError(2, "end index must not be greater than the length of the list")
    if start > end:
        raise _ArgumentError(1, "start index must not be greater than end index")
    return sequence[start:end]


@_function("sort", _Param("list", _list(_STRING)))
def _sort(args: list[Value]) -> Value:
    items = _seq(args[0])
    for index, item in enumerate(items):
        if item is None:
            raise _FunctionError(
                f"given list element {index} is null; a null string cannot be sorted"
            )
    return tuple(sorted(_str(item) for item in items))


@_function("compact", _Param("list", _list(_STRING)))
def _compact(args: list[Value]) -> Value:
    return tuple(item for item in _seq(args[0]) if item is not None and item != "")


@_function("chunklist", _Param("list", _list(_DYN)), _Param("size", _NUMBER))
def _chunklist(args: list[Value]) -> Value:
    items = _seq(args[0])
    try:
        size = _int_arg(args[1])
    except _FunctionError as error:
        raise _FunctionError(f"invalid size: {error.message}") from error
    if size < 0:
        raise _FunctionError("the size argument must be positive")
    if not items:
        return ()
    if size == 0:
        return (items,)
    return tuple(items[i : i + size] for i in range(0, len(items), size))


@_function("one", _Param("list"), partial=True)
def _one(args: list[Value]) -> Value:
    sequence = args[0]
    if isinstance(sequence, Unknown):
        raise _UnknownResultError
    if isinstance(sequence, tuple) and len(sequence) <= 1:
        return sequence[0] if sequence else None
    raise _ArgumentError(0, "must be a list, set, or tuple value with either zero or one elements")


@_function("sum", _Param("list"))
def _sum(args: list[Value]) -> Value:
    sequence = args[0]
    if not isinstance(sequence, tuple | dict):
        raise _ArgumentError(0, "cannot sum noniterable")
    if not sequence:
        raise _ArgumentError(0, "cannot sum an empty list")
    if isinstance(sequence, dict):
        raise _ArgumentError(
            0, "argument must be list, set, or tuple. Received " + _friendly(_type_of(sequence))
        )
    total = Fraction(0)
    for element in sequence:
        try:
            number = _convert(element, _NUMBER)
        except _ConversionError as error:
            raise _ArgumentError(
                0, "argument must be list, set, or tuple of number values"
            ) from error
        if number is None:
            raise _ArgumentError(0, "argument must be list, set, or tuple of number values")
        total = _round_binary(total + _exact(number))  # each addition rounds to 512 bits
    return _from_binary(total)


def _bools(name: str, any_true: bool) -> None:
    @_function(name, _Param("list", _list(_BOOL)), partial=True)
    def impl(args: list[Value]) -> Value:
        if isinstance(args[0], Unknown):
            raise _UnknownResultError
        unknown = False
        for element in _seq(args[0]):
            if isinstance(element, Unknown):
                if not any_true:
                    raise _UnknownResultError
                unknown = True
            elif element is None:
                if not any_true:
                    return False
            elif bool(element) is any_true:
                return any_true
        if unknown:
            raise _UnknownResultError
        return not any_true


_bools("alltrue", any_true=False)
_bools("anytrue", any_true=True)


def _extremum(name: str, pick: Callable[[Fraction, Fraction], bool]) -> None:
    @_function(name, variadic=_Param("numbers", _NUMBER))
    def impl(args: list[Value]) -> Value:
        if not args:
            raise _FunctionError("must pass at least one number")
        best = args[0]
        for arg in args[1:]:
            if pick(_exact(arg), _exact(best)):
                best = arg
        return best


_extremum("max", lambda a, b: a > b)
_extremum("min", lambda a, b: a < b)


def _number_function(name: str, operation: Callable[[Fraction], Fraction | int]) -> None:
    @_function(name, _Param("num", _NUMBER))
    def impl(args: list[Value]) -> Value:
        result = operation(_exact(args[0]))
        if isinstance(result, int):
            return result
        return _from_decimal(result)


_number_function("ceil", math.ceil)
_number_function("floor", math.floor)


@_function("abs", _Param("num", _NUMBER))
def _abs(args: list[Value]) -> Value:
    number = args[0]
    assert isinstance(number, int | float)
    return -number if number < 0 else number


@_function("signum", _Param("num", _NUMBER))
def _signum(args: list[Value]) -> Value:
    number = _int_arg(args[0])
    return (number > 0) - (number < 0)


@_function("pow", _Param("num", _NUMBER), _Param("power", _NUMBER))
def _pow(args: list[Value]) -> Value:
    base, power = (float(_exact(arg)) for arg in args)
    try:
        result = math.pow(base, power)
    except (OverflowError, ValueError) as error:
        raise _UnknownResultError from error
    # Go's math.Pow is not correctly rounded: only exactly representable results agree.
    if not math.isfinite(result) or Decimal(result) != Decimal(repr(result)):
        raise _UnknownResultError
    if result.is_integer() and abs(result) > 2**53:
        raise _UnknownResultError
    return int(result) if result.is_integer() else result


@_function("parseint", _Param("number"), _Param("base", _NUMBER))
def _parseint(args: list[Value]) -> Value:
    text = args[0]
    if not isinstance(text, str):
        raise _ArgumentError(0, f"first argument must be a string, not {_friendly(_type_of(text))}")
    try:
        base = _int_arg(args[1])
    except _FunctionError as error:
        raise _ArgumentError(1, error.message) from error
    if base < 2 or base > 62:
        raise _ArgumentError(1, "base must be a whole number between 2 and 62 inclusive")
    body = text[1:] if text[:1] in ("+", "-") else text
    value = 0
    for char in body:
        if "0" <= char <= "9":
            digit = ord(char) - ord("0")
        elif "a" <= char <= "z":
            digit = ord(char) - ord("a") + 10
        elif "A" <= char <= "Z":
            digit = ord(char) - ord("A") + (36 if base > 36 else 10)
        else:
            digit = base
        if digit >= base:
            value = -1
            break
        value = value * base + digit
    if not body or value < 0:
        raise _ArgumentError(0, f"cannot parse {_go_quote(text)} as a base {base} integer")
    return -value if text.startswith("-") else value


def _conversion(name: str, want: _Type) -> None:
    @_function(name, _Param("v", null=True, unknown=True), partial=True)
    def impl(args: list[Value]) -> Value:
        value = args[0]
        got = _type_of(value)
        if got == want or isinstance(value, Unknown):
            return value
        if not _can_convert(got, want):
            if isinstance(got, _Tup) and isinstance(want, _Tup):
                raise _ArgumentError(
                    0, f"incompatible tuple type for conversion: {_mismatch(got, want)}"
                )
            raise _ArgumentError(0, f"cannot convert {_friendly(got)} to {_friendly(want, True)}")
        try:
            return _conv(value, want)
        except _ConversionError as error:
            if isinstance(value, str) and want == _BOOL:
                raise _ArgumentError(
                    0,
                    f"cannot convert {_go_quote(value)} to bool; "
                    'only the strings "true" or "false" are allowed',
                ) from error
            if isinstance(value, str) and want == _NUMBER:
                raise _ArgumentError(
                    0,
                    f"cannot convert {_go_quote(value)} to number; "
                    "given string must be a decimal representation of a number",
                ) from error
            raise _ArgumentError(
                0, f"cannot convert {_friendly(got)} to {_friendly(want, True)}"
            ) from error


_conversion("tostring", _STRING)
_conversion("tonumber", _NUMBER)
_conversion("tobool", _BOOL)
_conversion("tolist", _list(_DYN))
_conversion("toset", _Coll("set", _DYN))
_conversion("tomap", _Coll("map", _DYN))


def _set_operation(
    name: str,
    first: str,
    rest: str,
    operation: Callable[[list[Value], list[Value]], list[Value]],
    variadic: bool = True,
) -> None:
    set_type = _Coll("set", _DYN)
    params = (_Param(first, set_type),)
    other = _Param(rest, set_type)

    def impl(args: list[Value]) -> Value:
        sets = [_seq(arg) for arg in args]
        etys = [_unify([_type_of(e) for e in s]) for s in sets if s]
        if any(ety is None for ety in etys):
            raise _FunctionError("given sets must all have compatible element types")
        known = [ety for ety in etys if ety is not None]
        elem = _unify(known) if known else _DYN
        if elem is None:
            raise _FunctionError("given sets must all have compatible element types")
        converted = [[_conv(e, elem) for e in s] for s in sets]
        result = converted[0]
        for other_set in converted[1:]:
            result = operation(result, other_set)
        return _make_set(result, elem)

    if variadic:
        _function(name, *params, variadic=other)(impl)
    else:
        _function(name, *params, other)(impl)


_set_operation("setunion", "first_set", "other_sets", lambda a, b: a + b)
_set_operation(
    "setintersection",
    "first_set",
    "other_sets",
    lambda a, b: [x for x in a if any(_same(x, y) for y in b)],
)
_set_operation(
    "setsubtract",
    "a",
    "b",
    lambda a, b: [x for x in a if not any(_same(x, y) for y in b)],
    variadic=False,
)


@_function("transpose", _Param("values", _Coll("map", _list(_STRING))))
def _transpose(args: list[Value]) -> Value:
    mapping = args[0]
    assert isinstance(mapping, dict)
    out: dict[str, list[str]] = {}
    for key in sorted(mapping):
        values = mapping[key]
        if values is None:
            raise _FunctionError("input must not contain null list")
        for value in _seq(values):
            if value is None:
                raise _FunctionError("input list must not contain null string")
            out.setdefault(_str(value), []).append(key)
    return {key: tuple(sorted(out[key])) for key in sorted(out)}


@_function("jsonencode", _Param("val", null=True, unknown=True))
def _jsonencode(args: list[Value]) -> Value:
    return _json_encode(args[0])


def _json_number(text: str) -> Value:
    number = _parse_number(text)
    if number is None:
        raise ValueError(text)
    return number


def _json_constant(text: str) -> Value:
    raise ValueError(text)


def _json_value(value: object) -> Value:
    if isinstance(value, str):
        return _replace_surrogates(value)
    if isinstance(value, list):
        return tuple(_json_value(element) for element in value)
    if isinstance(value, dict):
        return {_replace_surrogates(k): _json_value(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float):
        return value
    raise TypeError(value)


def _replace_surrogates(text: str) -> str:
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


_JSON_DECODER: Final = json.JSONDecoder(
    parse_float=_json_number, parse_int=_json_number, parse_constant=_json_constant, strict=True
)


@_function("jsondecode", _Param("str", _STRING))
def _jsondecode(args: list[Value]) -> Value:
    text = _str(args[0])
    start = len(text) - len(text.lstrip(" \t\n\r"))
    try:
        decoded, end = _JSON_DECODER.raw_decode(text, start)
    except (ValueError, json.JSONDecodeError) as error:
        raise _FunctionError(f"invalid JSON: {error}") from error
    remainder = text[end:].lstrip(" \t\n\r")
    # Go's decoder stops after the first value and checks only the next character.
    if remainder and remainder[0] not in "]}":
        raise _FunctionError("extraneous data after JSON object")
    return _json_value(decoded)


@_function("sensitive", _Param("value", null=True, unknown=True), partial=True)
def _sensitive(args: list[Value]) -> Value:
    return args[0]  # secrets are tracked elsewhere


@_function("nonsensitive", _Param("value", null=True, unknown=True), partial=True)
def _nonsensitive(args: list[Value]) -> Value:
    return args[0]


# ---- try and can


def _try(args: Sequence[Argument]) -> tuple[Outcome, CallError | None]:
    if not args:
        return _error('Call to function "try" failed: at least one argument is required.')
    for arg in args:
        if _failed(arg):
            continue
        assert not isinstance(arg, _CallErrorType)
        if _has_unknown(arg):
            return UNKNOWN, None
        return _nfc(arg), None
    return _error(
        'Call to function "try" failed: no expression succeeded. '
        "At least one expression must produce a successful result."
    )


def _can(args: Sequence[Argument]) -> tuple[Outcome, CallError | None]:
    if len(args) != 1:
        if not args:
            return _error('Function "can" expects 1 argument(s). Missing value for "expression".')
        return _error('Function "can" expects only 1 argument(s).')
    arg = args[0]
    if _failed(arg):
        return False, None
    assert not isinstance(arg, _CallErrorType)
    return (UNKNOWN if _has_unknown(arg) else True), None


def _failed(arg: object) -> bool:
    """CALL_ERROR, or any object that is not a value (an evaluator's own error marker)."""
    return arg is CALL_ERROR or not isinstance(
        arg, str | int | float | bool | tuple | dict | Unknown | None
    )


def _nfc(value: Value) -> Value:
    """Strings as cty holds them: NFC-normalized (cty normalizes every string it makes)."""
    if isinstance(value, str):
        return (
            value
            if unicodedata.is_normalized("NFC", value)
            else unicodedata.normalize("NFC", value)
        )
    if isinstance(value, tuple):
        return tuple(_nfc(element) for element in value)
    if isinstance(value, dict):
        return {unicodedata.normalize("NFC", key): _nfc(element) for key, element in value.items()}
    return value


def _error(message: str) -> tuple[Outcome, CallError]:
    return CALL_ERROR, CallError(message)


# ---- entry points


def _evaluate(name: str, args: Sequence[Argument]) -> tuple[Outcome, CallError | None]:
    """`call_with_error` without the safety net (tests use it to see internal errors)."""
    if name == "try":
        return _try(args)
    if name == "can":
        return _can(args)
    spec = _SPECS.get(name)
    if spec is None:
        return UNKNOWN, None
    required = len(spec.params)
    if len(args) < required:
        at_least = " at least" if spec.variadic is not None else ""
        return _error(
            f'Function "{name}" expects{at_least} {required} argument(s). '
            f'Missing value for "{spec.params[len(args)].name}".'
        )
    if spec.variadic is None and len(args) > required:
        return _error(f'Function "{name}" expects only {required} argument(s).')
    values: list[Value] = []
    for arg in args:
        if _failed(arg):
            return _error("An argument of this call could not be evaluated.")
        assert not isinstance(arg, _CallErrorType)
        values.append(_nfc(arg))
    try:
        converted: list[Value] = []
        for index, value in enumerate(values):
            param = spec.param(index)
            try:
                converted.append(_convert(value, param.type))
            except _ConversionError as error:
                return _error(f'Invalid value for "{param.name}" parameter: {error.message}.')
        for index, value in enumerate(converted):
            param = spec.param(index)
            if value is None and not param.null:
                return _error(
                    f'Invalid value for "{param.name}" parameter: argument must not be null.'
                )
            if value is None and not param.untyped:
                return UNKNOWN, None
        for index, value in enumerate(converted):
            param = spec.param(index)
            if isinstance(value, Unknown) and not param.unknown:
                return UNKNOWN, None
            if not spec.partial and _has_unknown(value):
                return UNKNOWN, None
        return _nfc(spec.impl(converted)), None
    except _UnknownResultError:
        return UNKNOWN, None
    except _ArgumentError as error:
        named = spec.params[error.index] if error.index < len(spec.params) else spec.variadic
        if named is None:
            return _error(f'Call to function "{name}" failed: {error.message}.')
        return _error(f'Invalid value for "{named.name}" parameter: {error.message}.')
    except (_FunctionError, _ConversionError) as error:
        return _error(f'Call to function "{name}" failed: {error.message}.')


def call_with_error(name: str, args: Sequence[Argument]) -> tuple[Outcome, CallError | None]:
    """The value of ``name(args...)``, or CALL_ERROR with why Terraform would reject it."""
    try:
        return _evaluate(name, args)
    except Exception:
        # Deep or huge values hit Python's limits (recursion, digits), where Terraform may
        # well answer; and a bug here must not stop the linter.
        return UNKNOWN, None


def call(name: str, args: Sequence[Argument]) -> Outcome:
    """The value of ``name(args...)`` as Terraform computes it: UNKNOWN, or CALL_ERROR."""
    return call_with_error(name, args)[0]


def _public(name: str) -> Callable[..., Outcome]:
    return lambda *args: call(name, args)


FUNCTIONS: Final[Mapping[str, Callable[..., Outcome]]] = {
    name: _public(name) for name in sorted([*_SPECS, "try", "can"])
}
