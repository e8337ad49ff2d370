"""Provider schemas as data: the profiles a resource is checked against, and how one is chosen.

A profile is a schema in the JSON format ``terraform providers schema -json`` prints (each
attribute's cty type and required/optional/computed/sensitive flags; each block's nesting mode
and item counts) plus an overlay of what that format cannot say. Two are bundled:

- ``documented``: the provider's docs page for ``euno_hex_integration`` (``frequency``,
  ``cron_expression``, ``project_id``...), which no released version implements;
- ``euno-0.1``: the provider's code at v0.1.0 (the same since v0.0.8): four resource types and
  the provider block.

A ``terraform providers schema -json`` file may be given instead; it is the truth for every
``euno_*`` type it holds (without an overlay). Overlay keys (paths are ``TYPE.block.attribute``,
``*`` for every type, ``provider`` for the provider block): ``dialect`` (which rule variants
apply: ``documented`` or ``code``), ``releases`` (versions implementing it), ``integer_only``,
``required_at_plan`` (blocks the provider rejects when absent although the schema marks them
optional), ``documented_not_implemented`` (docs-only arguments, with what to write instead),
``reported_by`` (paths whose absence another rule reports).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any, Final, NamedTuple

from euno_lint.terraform.source import SourceError, read_bytes

DOCUMENTED: Final = "documented"
CODE: Final = "euno-0.1"
AUTO: Final = "auto"
BUNDLED: Final = (DOCUMENTED, CODE)
PROVIDER: Final = "provider"  # the provider block's key in overlay paths
PROVIDER_SOURCE: Final = "euno-ai/euno"
# A schema file of many large providers is tens of MiB; larger ones are not read.
MAX_SCHEMA_BYTES: Final = 128 * 1024 * 1024


class AttributeSchema(NamedTuple):
    """One attribute: its cty type (JSON form) and flags."""

    type: Any
    required: bool = False
    optional: bool = False
    computed: bool = False
    sensitive: bool = False
    integer_only: bool = False

    @property
    def read_only(self) -> bool:
        """Set by the provider only: configuration must not set it."""
        return self.computed and not self.optional and not self.required


class BlockType(NamedTuple):
    """A nested block type: how it nests, how many may appear, and its contents."""

    nesting: str  # "single", "list", "set", "map", "group"
    block: BlockSchema
    min_items: int = 0
    max_items: int = 0
    required_at_plan: bool = False


class BlockSchema(NamedTuple):
    """The contents of a block (or of a resource, or the provider block)."""

    attributes: Mapping[str, AttributeSchema]
    blocks: Mapping[str, BlockType]

    def names(self) -> list[str]:
        """Every attribute and block name, attributes first."""
        return [*self.attributes, *self.blocks]


class Profile(NamedTuple):
    """A schema to check against, with what its overlay says."""

    name: str
    dialect: str  # "documented" or "code": which rule variants apply
    resources: Mapping[str, BlockSchema]
    provider: BlockSchema | None
    releases: tuple[str, ...] = ()
    documented_not_implemented: Mapping[str, str] = {}
    reported_by: Mapping[str, str] = {}

    def schema_of(self, kind: str) -> BlockSchema | None:
        """The schema of a resource type, or of the provider block (`PROVIDER`)."""
        return self.provider if kind == PROVIDER else self.resources.get(kind)


class ProfileError(Exception):
    """A schema file cannot be used; the message is one line."""


@functools.cache
def bundled(name: str) -> Profile:
    """A bundled profile, loaded once."""
    folder = resources.files(__package__).joinpath("profiles")
    schema = json.loads(folder.joinpath(f"{name}.json").read_text(encoding="utf-8"))
    overlay = json.loads(folder.joinpath(f"{name}.overlay.json").read_text(encoding="utf-8"))
    return from_json(schema, overlay, name)


def from_file(path: str, shown_as: str) -> Profile:
    """A profile from a ``terraform providers schema -json`` file (no overlay): a regular
    file of at most `MAX_SCHEMA_BYTES`, read without blocking (a configuration file in the
    scanned tree may name it, and a FIFO or a device there must not stall the run)."""
    content = read_bytes(path, limit=MAX_SCHEMA_BYTES)
    if isinstance(content, SourceError):
        reason = content.message.removeprefix("cannot read file: ")
        raise ProfileError(f"cannot read {shown_as}: {reason}")
    try:
        document = json.loads(content)
    except (ValueError, RecursionError):
        raise ProfileError(f"{shown_as} is not valid JSON") from None
    try:
        return from_json(document, {"dialect": "code"}, f"file:{shown_as}")
    except (KeyError, TypeError, AttributeError, ValueError):
        raise ProfileError(
            f"{shown_as} is not the output of terraform providers schema -json"
        ) from None


def from_json(document: Mapping[str, Any], overlay: Mapping[str, Any], name: str) -> Profile:
    """A profile from schema JSON and an overlay (both already decoded)."""
    providers = document["provider_schemas"]
    chosen = next(
        (
            schemas
            for address, schemas in providers.items()
            if address.endswith("/" + PROVIDER_SOURCE.split("/")[1])
            or any(t.startswith("euno_") for t in schemas.get("resource_schemas") or {})
        ),
        None,
    )
    if chosen is None:
        raise ValueError("no euno provider in the schema file")
    integers = frozenset(overlay.get("integer_only", ()))
    required_at_plan = {
        kind: frozenset(names)
        for kind, names in overlay.get("required_at_plan", {}).items()
        if not kind.startswith("_")
    }
    resource_schemas = {
        kind: _block(spec["block"], kind, "", integers, required_at_plan.get(kind, frozenset()))
        for kind, spec in (chosen.get("resource_schemas") or {}).items()
        if kind.startswith("euno_")
    }
    provider_spec = chosen.get("provider")
    provider = (
        _block(provider_spec["block"], PROVIDER, "", integers, frozenset())
        if provider_spec and provider_spec.get("block", {}).get("attributes")
        else None
    )
    return Profile(
        name=str(overlay.get("name", name)),
        dialect=str(overlay.get("dialect", "code")),
        resources=resource_schemas,
        provider=provider,
        releases=tuple(overlay.get("releases", ())),
        documented_not_implemented=dict(overlay.get("documented_not_implemented", {})),
        reported_by=dict(overlay.get("reported_by", {})),
    )


def _block(
    spec: Mapping[str, Any],
    kind: str,
    path: str,
    integers: frozenset[str],
    required_at_plan: frozenset[str],
) -> BlockSchema:
    attributes = {
        name: AttributeSchema(
            type=attribute.get("type", "dynamic"),
            required=bool(attribute.get("required")),
            optional=bool(attribute.get("optional")),
            computed=bool(attribute.get("computed")),
            sensitive=bool(attribute.get("sensitive")),
            integer_only=_overlay_path(kind, f"{path}{name}") & integers != set(),
        )
        for name, attribute in (spec.get("attributes") or {}).items()
    }
    blocks = {
        name: BlockType(
            nesting=str(block_type.get("nesting_mode", "single")),
            block=_block(
                block_type.get("block", {}), kind, f"{path}{name}.", integers, frozenset()
            ),
            min_items=int(block_type.get("min_items") or 0),
            max_items=int(block_type.get("max_items") or 0),
            required_at_plan=not path and name in required_at_plan,
        )
        for name, block_type in (spec.get("block_types") or {}).items()
    }
    return BlockSchema(attributes, blocks)


def _overlay_path(kind: str, path: str) -> set[str]:
    """The overlay keys that name this path: by type, or for every resource type (``*``)."""
    keys = {f"{kind}.{path}"}
    if kind != PROVIDER:
        keys.add(f"*.{path}")
    return keys


def overlay_value(table: Mapping[str, str], kind: str, path: str) -> str | None:
    """What an overlay table says about a path of a resource type (or the provider block)."""
    for key in _overlay_path(kind, path):
        if key in table:
            return table[key]
    return None


# --------------------------------------------------------------------------- choosing


class ModulePin(NamedTuple):
    """The version constraint a module's ``required_providers`` gives the euno provider."""

    constraint: str


def pinned_profile(pins: Iterable[ModulePin]) -> str | None:
    """`CODE` when a pin admits a release of the code's schema, else None."""
    releases = bundled(CODE).releases
    for pin in pins:
        if any(satisfies(release, pin.constraint) for release in releases):
            return CODE
    return None


def by_arguments(kind: str, used: Iterable[str]) -> str:
    """For a resource with no usable pin: `CODE` when it uses arguments only the code's schema
    knows and none only the docs know (or only the code's schema knows its type), else
    `DOCUMENTED`."""
    known_documented, known_code = _known(DOCUMENTED, kind), _known(CODE, kind)
    if not known_documented or not known_code:
        return CODE if known_code else DOCUMENTED
    paths = set(used)
    only_code = paths & (known_code - known_documented)
    only_documented = paths & (known_documented - known_code)
    return CODE if only_code and not only_documented else DOCUMENTED


@functools.cache
def _known(profile: str, kind: str) -> frozenset[str]:
    """Every argument path a bundled profile knows for a type (empty: the type is unknown)."""
    schema = bundled(profile).schema_of(kind)
    return frozenset(argument_paths(schema)) if schema is not None else frozenset()


def argument_paths(schema: BlockSchema, prefix: str = "") -> Iterable[str]:
    """The paths of every attribute and block a schema has ("schedule.time_zone")."""
    for name in schema.attributes:
        yield prefix + name
    for name, block_type in schema.blocks.items():
        yield prefix + name
        yield from argument_paths(block_type.block, f"{prefix}{name}.")


# --------------------------------------------------------------------------- versions

_CONSTRAINT = re.compile(r"\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+(?:\.\d+){0,2})(-[0-9A-Za-z.-]+)?\s*")


def satisfies(version: str, constraints: str) -> bool:
    """Whether a release version meets a Terraform version constraint ("~> 0.1, != 0.0.9")."""
    parsed = _numbers(version)
    for part in constraints.split(","):
        match = _CONSTRAINT.fullmatch(part)
        if match is None:
            return False
        operator, text, prerelease = match.group(1) or "=", match.group(2), match.group(3)
        if prerelease:  # a release is never equal to a prerelease; ordering needs both forms
            if operator in ("=", "~>"):
                return False
            continue
        if not _meets(parsed, operator, text):
            return False
    return True


def _numbers(text: str) -> tuple[int, int, int]:
    parts = [int(p) for p in text.split(".")] + [0, 0]
    return parts[0], parts[1], parts[2]


def _meets(version: tuple[int, int, int], operator: str, text: str) -> bool:
    bound = _numbers(text)
    if operator == "=":
        return version == bound
    if operator == "!=":
        return version != bound
    if operator == ">":
        return version > bound
    if operator == ">=":
        return version >= bound
    if operator == "<":
        return version < bound
    if operator == "<=":
        return version <= bound
    # "~>": the rightmost given part may grow; the ones before it are fixed.
    given = len(text.split("."))
    if given == 1:
        return version >= bound and version[0] == bound[0]
    fixed = given - 1
    return version >= bound and version[:fixed] == bound[:fixed]
