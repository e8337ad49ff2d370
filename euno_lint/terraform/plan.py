"""A plan as ``terraform show -json PLANFILE`` prints it: every instance, with its values.

Terraform has evaluated everything a plan can know: every ``count``/``for_each`` instance of
every module, each value known at plan time (values known only after apply are left out), the
root module's variables. `read_plan` keeps what euno-lint checks: the ``euno_*`` resources,
each with its address, module, type and values, and where in the plan file it is written; the
root variables with their values, and which of them are sensitive.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, Final, NamedTuple

from euno_lint.findings import Span
from euno_lint.hcl import HclSyntaxError
from euno_lint.hcl.json_syntax import JsonNode, scan_json
from euno_lint.terraform.source import SourceError, decode, read_bytes
from euno_lint.terraform.values import Value

MAX_DEPTH: Final = 100


Path = tuple[str | int, ...]


class PlannedResource(NamedTuple):
    """One resource instance of the plan: where its "address" is written in the plan file, and
    where each of its values is (by path: ``("schedule", 0, "frequency")``)."""

    address: str
    module: str  # the module instance address, "" for the root module
    type: str
    name: str
    key: str | int | None  # the instance key: count.index or each.key
    values: Mapping[str, Value]
    span: Span
    spans: Mapping[Path, Span] = {}


class Plan(NamedTuple):
    """What a plan says: its euno resource instances by address, and the root variables."""

    file: str
    resources: Mapping[str, PlannedResource]
    variables: Mapping[str, Value]
    sensitive_variables: frozenset[str]

    def instances_of(self, module: str, kind: str, name: str) -> list[PlannedResource]:
        """The planned instances of one resource block of one module instance."""
        return [
            r
            for r in self.resources.values()
            if r.module == module and r.type == kind and r.name == name
        ]


class PlanError(Exception):
    """The file is not a plan in ``terraform show -json`` form."""


def read_plan(path: str) -> Plan:
    """Read and check a plan's JSON; PlanError says why it cannot be used."""
    content = read_bytes(path)
    text = decode(content) if isinstance(content, bytes) else content
    if isinstance(text, SourceError):
        raise PlanError(text.message)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanError(f"invalid JSON at line {error.lineno}: {error.msg}") from None
    except RecursionError:
        raise PlanError("invalid JSON: nesting is too deep") from None
    if not isinstance(document, dict) or "planned_values" not in document:
        raise PlanError(
            "not a plan in JSON form: write it with terraform show -json PLANFILE > plan.json"
        )
    positions = _Positions(text)
    resources: dict[str, PlannedResource] = {}
    root = _object(_object(document.get("planned_values")).get("root_module"))
    for module, raw in _resources(root, "", 0):
        address = raw.get("address")
        kind = raw.get("type")
        if raw.get("mode") != "managed" or not isinstance(address, str):
            continue
        if not isinstance(kind, str) or not kind.startswith("euno_"):
            continue
        index = raw.get("index")
        resources[address] = PlannedResource(
            address,
            module,
            kind,
            str(raw.get("name", "")),
            index if isinstance(index, str | int) and not isinstance(index, bool) else None,
            _values(raw.get("values")),
            *positions.of(address),
        )
    variables = {
        name: _value(entry.get("value"), 0)
        for name, entry in _object(document.get("variables")).items()
        if isinstance(entry, dict)
    }
    declared = _object(
        _object(_object(document.get("configuration")).get("root_module")).get("variables")
    )
    sensitive = frozenset(
        name
        for name, entry in declared.items()
        if isinstance(entry, dict) and entry.get("sensitive")
    )
    return Plan(path, resources, variables, sensitive)


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _resources(
    module: Mapping[str, Any], address: str, depth: int
) -> Iterator[tuple[str, dict[str, Any]]]:
    if depth > MAX_DEPTH:
        return
    for raw in module.get("resources") or ():
        if isinstance(raw, dict):
            yield address, raw
    for child in module.get("child_modules") or ():
        if isinstance(child, dict):
            yield from _resources(child, str(child.get("address", "")), depth + 1)


def _values(raw: object) -> dict[str, Value]:
    return {key: _value(item, 0) for key, item in _object(raw).items()}


def _value(raw: object, depth: int) -> Value:
    if depth > MAX_DEPTH:
        return None
    if isinstance(raw, list):
        return tuple(_value(item, depth + 1) for item in raw)
    if isinstance(raw, dict):
        return {str(key): _value(item, depth + 1) for key, item in raw.items()}
    if isinstance(raw, str | int | float | bool) or raw is None:
        return raw
    return None


class _Positions:
    """Where each planned resource and each of its values is written in the plan file."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.found: dict[str, tuple[Span, dict[Path, Span]]] = {}
        try:
            document = scan_json(text)
        except HclSyntaxError:
            return
        root = _member(_member(document, "planned_values"), "root_module")
        self._module(root, 0)

    def of(self, address: str) -> tuple[Span, dict[Path, Span]]:
        return self.found.get(address, (Span.point(), {}))

    def _module(self, node: JsonNode | None, depth: int) -> None:
        if node is None or depth > MAX_DEPTH:
            return
        for resource in _items(_member(node, "resources")):
            address = _member(resource, "address")
            if address is None or address.kind != "string" or address.text in self.found:
                continue
            spans: dict[Path, Span] = {}
            self._values(_member(resource, "values"), (), spans, 0)
            self.found[address.text] = (self._span(address.start, address.end), spans)
        for child in _items(_member(node, "child_modules")):
            self._module(child, depth + 1)

    def _values(
        self, node: JsonNode | None, path: Path, spans: dict[Path, Span], depth: int
    ) -> None:
        if node is None or depth > MAX_DEPTH:
            return
        if node.kind == "object":
            for key, value in node.members:
                spans[(*path, key.text)] = self._span(key.start, value.end)
                self._values(value, (*path, key.text), spans, depth + 1)
        elif node.kind == "array":
            for position, item in enumerate(node.items):
                spans[(*path, position)] = self._span(item.start, item.end)
                self._values(item, (*path, position), spans, depth + 1)

    def _span(self, start: int, end: int) -> Span:
        line = bisect.bisect_right(self.line_starts, start)
        end_line = bisect.bisect_right(self.line_starts, max(end - 1, start))
        return Span(
            line,
            start - self.line_starts[line - 1] + 1,
            end_line,
            end - self.line_starts[end_line - 1] + 1,
        )


def _member(node: JsonNode | None, name: str) -> JsonNode | None:
    if node is None or node.kind != "object":
        return None
    return next((value for key, value in node.members if key.text == name), None)


def _items(node: JsonNode | None) -> list[JsonNode]:
    return node.items if node is not None and node.kind == "array" else []
