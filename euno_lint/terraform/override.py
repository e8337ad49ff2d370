"""Override files (``override.tf``, ``*_override.tf`` and their ``.tf.json`` forms), merged the
way Terraform merges them.

Terraform loads a module's primary files first and then each override file, in lexical
order. A block in an override file changes the block of the same type and labels in the
primary files: each argument replaces the argument of the same name, and the nested blocks
of a type (``dynamic "x"`` counts as type ``x``) replace every nested block of that type; the
``lifecycle`` block is merged argument by argument. ``locals`` override one name at a time.
The merged block remembers which file each top-level argument or nested block came from, so
that findings point into the override file where it wrote them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from euno_lint.hcl import Attribute, Block, Body


def is_override_file(name: str) -> bool:
    """Whether Terraform treats a configuration file as an override file."""
    stem = name.removesuffix(".json").removesuffix(".tf")
    return stem == "override" or stem.endswith("_override")


class Merged(NamedTuple):
    """A block after its overrides, and the file of each overridden top-level name."""

    block: Block
    files: Mapping[str, str]


def merge(base: Merged, override: Block, file: str) -> Merged:
    """`base` changed by a block of the same type and labels from the override file `file`."""
    body, replaced = _merge_body(base.block.body, override.body, lifecycle=True)
    files = dict(base.files)
    files.update(dict.fromkeys(replaced, file))
    return Merged(base.block._replace(body=body), files)


def _block_name(block: Block) -> str:
    return block.labels[0] if block.type == "dynamic" and block.labels else block.type


def _merge_body(base: Body, override: Body, *, lifecycle: bool) -> tuple[Body, list[str]]:
    replaced = [a.name for a in override.attributes]
    attributes: dict[str, Attribute] = {a.name: a for a in base.attributes}
    attributes.update({a.name: a for a in override.attributes})
    overridden_types = {_block_name(b) for b in override.blocks}
    blocks = [b for b in base.blocks if _block_name(b) not in overridden_types]
    for block in override.blocks:
        if lifecycle and block.type == "lifecycle":
            existing = next((b for b in base.blocks if b.type == "lifecycle"), None)
            if existing is not None:
                merged, _ = _merge_body(existing.body, block.body, lifecycle=False)
                blocks.append(existing._replace(body=merged))
                continue
        blocks.append(block)
    replaced.extend(_block_name(b) for b in override.blocks)
    return Body(tuple(attributes.values()), tuple(blocks)), replaced
