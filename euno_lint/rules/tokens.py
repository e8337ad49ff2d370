"""Secrets: where they are written (sensitive arguments), what a Hex API token looks like, and
how a rule may mention one without printing it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from euno_lint.terraform.profile import BlockSchema
from euno_lint.terraform.resource import Resource

HEX_TOKEN: Final = re.compile(r"hxt[pw]_[A-Za-z0-9]{20,}")


def redacted(secret: str) -> str:
    """The printable stand-in for a secret: its Hex prefix at most, then an ellipsis."""
    return secret[:5] + "…" if HEX_TOKEN.fullmatch(secret) else "…"


def scrub(text: str) -> str:
    """Text with everything shaped like a Hex API token replaced by its stand-in."""
    return HEX_TOKEN.sub(lambda match: redacted(match.group(0)), text)


def sensitive_paths(resource: Resource) -> tuple[str, ...]:
    """The arguments of a resource (or provider block) its schema marks sensitive, that
    configuration sets ("configuration.api_token", "api_key")."""
    key = (resource.profile.name, resource.kind)
    if key not in _SENSITIVE:
        schema = resource.profile.schema_of(resource.kind)
        _SENSITIVE[key] = tuple(_walk(schema)) if schema is not None else ()
    return _SENSITIVE[key]


_SENSITIVE: dict[tuple[str, str], tuple[str, ...]] = {}


def _walk(schema: BlockSchema, prefix: str = "") -> Iterator[str]:
    for name, attribute in schema.attributes.items():
        if attribute.sensitive and not attribute.read_only:
            yield prefix + name
    for name, block_type in schema.blocks.items():
        yield from _walk(block_type.block, f"{prefix}{name}.")
