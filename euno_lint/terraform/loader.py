"""Load one module (directory): parse what matters and collect its variables, locals and tfvars.

Only files that mention ``euno_`` are parsed at first. When one of them declares an ``euno_*``
resource (or imports into one), the module's other ``.tf`` files and its tfvars files are
parsed too, because they hold the variables, locals, imports, ``provider "euno"`` blocks and
``required_providers`` pins the rules need. A directory without euno resources costs one
substring test per file.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from euno_lint.findings import SUPPRESSION_KEYWORD, Span
from euno_lint.hcl import Attribute, Block, HclSyntaxError, Literal, SyntaxTree, parse
from euno_lint.terraform.discover import file_kind
from euno_lint.terraform.override import Merged, is_override_file, merge
from euno_lint.terraform.profile import BUNDLED, PROVIDER, PROVIDER_SOURCE, ModulePin, bundled
from euno_lint.terraform.resource import ImportBlock, ParsedFile, import_target
from euno_lint.terraform.scope import Local, Scope, TfvarsAssignment, Variable
from euno_lint.terraform.source import SourceError, decode, read_bytes
from euno_lint.terraform.values import Value

EUNO_MARKER = b"euno_"
RESOURCE_PREFIX = "euno_"
PROVIDER_NAME = "euno"


class Declared(NamedTuple):
    """A top-level block of the module, after overrides, with its file; `overrides` names the
    file of each top-level argument or nested block an override file replaced."""

    file: str
    block: Block
    overrides: Mapping[str, str] = {}

    def file_of(self, name: str) -> str:
        """The file that writes the top-level argument or nested block `name`."""
        return self.overrides.get(name, self.file)


@dataclass
class ParsedModule:
    """The parsed contents of a module, and the files that could not be used."""

    directory: str
    scope: Scope
    files: list[ParsedFile] = field(default_factory=list)
    resources: list[Declared] = field(default_factory=list)
    providers: list[Declared] = field(default_factory=list)
    module_calls: list[Declared] = field(default_factory=list)
    imports: list[ImportBlock] = field(default_factory=list)
    pins: list[ModulePin] = field(default_factory=list)
    errors: dict[str, SourceError] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    trees: dict[str, SyntaxTree] = field(default_factory=dict)

    @classmethod
    def empty(cls, directory: str) -> ParsedModule:
        """A module with nothing of ours in it."""
        return cls(directory, Scope(directory))


def mentions_euno(content: bytes | SourceError) -> bool:
    """The cheap prefilter: could this file hold an euno resource? (A label may spell the type
    with escapes, ``"euno\\u005fhex_integration"``: files with escapes are parsed too.)"""
    if not isinstance(content, bytes):
        return False
    return EUNO_MARKER in content or (b"\\" in content and (b"\\u" in content or b"\\U" in content))


def load_module(
    directory: str,
    contents: Mapping[str, bytes | SourceError],
    var_files: Sequence[TfvarsAssignment] = (),
    parse_timeout: float | None = None,
    *,
    root: bool = True,
    full: bool = False,
) -> ParsedModule | None:
    """Parse a module; None when none of its files holds an euno resource (unless `full`:
    a module on the path to euno resources is parsed whatever it holds).

    A `root` module reads its tfvars files and `var_files`; a called module gets its values
    from the call instead.
    """
    module = ParsedModule(directory, Scope(directory, var_files=var_files if root else ()))
    trees: dict[str, SyntaxTree] = {}
    configs = [p for p in contents if is_configuration(p)]
    for path in configs:
        if full or mentions_euno(contents[path]):
            _parse_into(module, trees, path, contents[path], parse_timeout)
    if not full and not any(_is_ours(tree) for tree in trees.values()):
        return module if module.errors else None
    for path in configs:
        if path not in trees and path not in module.errors:
            _parse_into(module, trees, path, contents[path], parse_timeout)
    module.trees = trees
    primary = sorted(p for p in trees if not is_override_file(os.path.basename(p)))
    overrides = sorted(
        (p for p in trees if is_override_file(os.path.basename(p))), key=os.path.basename
    )
    for path in primary:
        _collect(module, path, trees[path])
    for path in overrides:
        module.files.append(ParsedFile(path, trees[path].body))
        _apply_overrides(module, path, trees[path])
    module.scope.variables = _variables(module)
    module.scope.locals = _locals(module)
    if root:
        module.scope.tfvars = _load_tfvars(module, contents, parse_timeout)
    return module


def is_configuration(path: str) -> bool:
    """Whether a file is Terraform configuration (``.tf`` or ``.tf.json``)."""
    return path.endswith((".tf", ".tf.json"))


def _parse_into(
    module: ParsedModule,
    trees: dict[str, SyntaxTree],
    path: str,
    content: bytes | SourceError,
    timeout: float | None,
) -> None:
    text = decode(content) if isinstance(content, bytes) else content
    if isinstance(text, SourceError):
        module.errors[path] = text
        return
    module.texts[path] = text
    try:
        if path.endswith(".json"):
            from euno_lint.hcl.json_syntax import parse_json  # few modules have .tf.json files

            trees[path] = parse_json(text, timeout=timeout, is_block=euno_block)
        else:
            trees[path] = parse(text, comments=SUPPRESSION_KEYWORD in text, timeout=timeout)
    except HclSyntaxError as error:
        module.errors[path] = SourceError(error.message, error.line, error.column)


def euno_block(path: tuple[str, ...], name: str) -> bool | None:
    """For ``.tf.json``: whether a property of an euno resource (or provider) is a nested
    block, by the bundled schemas; None (the parser's guess) elsewhere."""
    if len(path) >= 3 and path[0] == "resource" and is_ours(path[1]):
        kind, nested = path[1], path[3:]
    elif len(path) >= 2 and path[0] == "provider" and path[1] == PROVIDER_NAME:
        kind, nested = PROVIDER, path[2:]
    else:
        return None
    for name_ in BUNDLED:
        schema = bundled(name_).schema_of(kind)
        for step in nested:
            block_type = schema.blocks.get(step) if schema is not None else None
            schema = block_type.block if block_type is not None else None
        if schema is not None and name in schema.blocks:
            return True
        if schema is not None and name in schema.attributes:
            return False
    return None


def is_ours(kind: str) -> bool:
    """Whether a resource type belongs to the euno provider."""
    return kind.startswith(RESOURCE_PREFIX)


def _is_ours(tree: SyntaxTree) -> bool:
    for block in tree.body.blocks:
        if block.type == "resource" and block.labels and is_ours(block.labels[0]):
            return True
        if block.type == "import" and is_ours(import_target(block)):
            return True
    return False


def _collect(module: ParsedModule, path: str, tree: SyntaxTree) -> None:
    module.files.append(ParsedFile(path, tree.body))
    for block in tree.body.blocks:
        if block.type == "resource" and len(block.labels) == 2 and is_ours(block.labels[0]):
            module.resources.append(Declared(path, block))
        elif block.type == "provider" and block.labels == (PROVIDER_NAME,):
            module.providers.append(Declared(path, block))
        elif block.type == "module" and len(block.labels) == 1:
            module.module_calls.append(Declared(path, block))
        elif block.type == "import" and is_ours(import_target(block)):
            module.imports.append(ImportBlock(block, path))
        elif block.type == "terraform":
            module.pins.extend(_pins(block, module.scope))


def _apply_overrides(module: ParsedModule, path: str, tree: SyntaxTree) -> None:
    """Merge the blocks of an override file into the blocks they override."""
    targets = {
        ("resource", *d.block.labels): (module.resources, i) for i, d in enumerate(module.resources)
    }
    targets.update(
        {
            ("module", *d.block.labels): (module.module_calls, i)
            for i, d in enumerate(module.module_calls)
        }
    )
    for block in tree.body.blocks:
        if block.type == "provider" and block.labels == (PROVIDER_NAME,):
            alias = block.body.attribute("alias")
            matching = [
                i
                for i, d in enumerate(module.providers)
                if _same_alias(d.block.body.attribute("alias"), alias)
            ]
            if matching:
                _override(module.providers, matching[0], block, path)
            continue
        if block.type == "terraform":
            module.pins.extend(_pins(block, module.scope))
            continue
        target = targets.get((block.type, *block.labels))
        if target is not None:
            _override(target[0], target[1], block, path)


def _same_alias(left: Attribute | None, right: Attribute | None) -> bool:
    if left is None or right is None:
        return left is right
    return (
        isinstance(left.value, Literal)
        and isinstance(right.value, Literal)
        and (left.value.value == right.value.value)
    )


def _override(entries: list[Declared], index: int, block: Block, path: str) -> None:
    entry = entries[index]
    merged = merge(Merged(entry.block, entry.overrides), block, path)
    entries[index] = entry._replace(block=merged.block, overrides=merged.files)


def _pins(block: Block, scope: Scope) -> list[ModulePin]:
    """The version constraints ``required_providers`` gives the euno provider."""
    pins: list[ModulePin] = []
    for required in block.body.blocks_of("required_providers"):
        for attribute in required.body.attributes:
            entry = scope.evaluate_literal(attribute.value)
            if not isinstance(entry, dict):
                continue
            source = entry.get("source")
            version = entry.get("version")
            if not isinstance(source, str) or not source.lower().endswith(PROVIDER_SOURCE):
                continue
            pins.append(ModulePin(version if isinstance(version, str) else ""))
    return pins


def _variables(module: ParsedModule) -> dict[str, Variable]:
    found: dict[str, Variable] = {}
    for parsed in module.files:
        override = is_override_file(os.path.basename(parsed.path))
        for block in parsed.body.blocks_of("variable"):
            if not block.labels:
                continue
            name = block.labels[0]
            existing = found.get(name)
            if override and existing is not None:
                merged = merge(Merged(existing.block, existing.overrides), block, parsed.path)
                found[name] = existing._replace(block=merged.block, overrides=merged.files)
            elif existing is None and not override:
                found[name] = Variable(name, block, parsed.path)
    return found


def _locals(module: ParsedModule) -> dict[str, Local]:
    found: dict[str, Local] = {}
    for parsed in module.files:
        override = is_override_file(os.path.basename(parsed.path))
        for block in parsed.body.blocks_of("locals"):
            for attribute in block.body.attributes:
                if override:
                    if attribute.name in found:
                        found[attribute.name] = Local(attribute, parsed.path)
                else:
                    found.setdefault(attribute.name, Local(attribute, parsed.path))
    return found


def tfvars_load_order(paths: Iterable[str]) -> list[str]:
    """Tfvars files in Terraform's loading order; files it does not load by itself come last."""

    def rank(path: str) -> tuple[int, str]:
        name = os.path.basename(path)
        if name == "terraform.tfvars":
            return (0, name)
        if name == "terraform.tfvars.json":
            return (1, name)
        if name.endswith((".auto.tfvars", ".auto.tfvars.json")):
            return (2, name)
        return (3, name)

    return sorted(paths, key=rank)


def is_auto_loaded(path: str) -> bool:
    """Whether Terraform loads this tfvars file without a ``-var-file`` option."""
    name = os.path.basename(path)
    return name in ("terraform.tfvars", "terraform.tfvars.json") or name.endswith(
        (".auto.tfvars", ".auto.tfvars.json")
    )


def _load_tfvars(
    module: ParsedModule, contents: Mapping[str, bytes | SourceError], timeout: float | None
) -> list[TfvarsAssignment]:
    paths = [p for p in contents if file_kind(os.path.basename(p)) in ("tfvars", "tfvars_json")]
    assignments: list[TfvarsAssignment] = []
    for path in tfvars_load_order(paths):
        loaded = read_tfvars(path, contents[path], timeout)
        if isinstance(loaded, SourceError):
            module.errors[path] = loaded
            continue
        text, tree, found = loaded
        module.texts[path] = text
        if tree is not None:
            module.trees[path] = tree
        assignments.extend(found)
    return assignments


def read_tfvars(
    path: str, content: bytes | SourceError, timeout: float | None = None
) -> tuple[str, SyntaxTree | None, list[TfvarsAssignment]] | SourceError:
    """Parse a ``.tfvars`` or ``.tfvars.json`` file into its text, tree and assignments."""
    text = decode(content) if isinstance(content, bytes) else content
    if isinstance(text, SourceError):
        return text
    auto = is_auto_loaded(path)
    if path.endswith(".json"):
        found = _json_tfvars(path, text, auto)
        return found if isinstance(found, SourceError) else (text, None, found)
    try:
        tree = parse(text, comments=SUPPRESSION_KEYWORD in text, timeout=timeout)
    except HclSyntaxError as error:
        return SourceError(error.message, error.line, error.column)
    scope = Scope(os.path.dirname(path))
    if tree.body.blocks:
        block = tree.body.blocks[0]
        return SourceError(
            "a tfvars file may only assign variables, not hold blocks",
            block.header.line,
            block.header.column,
        )
    return (
        text,
        tree,
        [
            TfvarsAssignment(a.name, path, a.span, scope.evaluate_literal(a.value), auto, a.value)
            for a in tree.body.attributes
        ],
    )


MAX_JSON_DEPTH = 100
# The json module's own string scanner (C-accelerated): the string, and where it ends.
_scan_string: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_WHITESPACE = re.compile(r"[ \t\n\r]*")


def _json_tfvars(path: str, text: str, auto: bool) -> list[TfvarsAssignment] | SourceError:
    """The members of the top-level object, each with the position of its key.

    The object is walked member by member (one pass: the position of each key is known as it
    is read), each value decoded by the json module, then converted within a depth limit.
    """
    decoder = json.JSONDecoder()
    assignments: list[TfvarsAssignment] = []
    try:
        position = _skip_space(text, 0)
        if not text.startswith("{", position):
            return SourceError("a .tfvars.json file must hold a JSON object")
        position = _skip_space(text, position + 1)
        while not text.startswith("}", position):
            if not text.startswith('"', position):
                raise json.JSONDecodeError("Expecting property name", text, position)
            name, after = _scan_string(text, position + 1)
            span = _span_between(text, position, after)
            position = _skip_space(text, after)
            if not text.startswith(":", position):
                raise json.JSONDecodeError("Expecting ':' delimiter", text, position)
            value, position = decoder.raw_decode(text, _skip_space(text, position + 1))
            last_line = span.line + text.count("\n", after, position)
            # The whole member, key to value: a finding about the value covers it.
            end_column = position - (text.rfind("\n", 0, position) + 1) + 1
            span = Span(span.line, span.column, last_line, end_column)
            assignments.append(
                TfvarsAssignment(
                    _text(name), path, span, _from_json(value), auto, last_line=last_line
                )
            )
            position = _skip_space(text, position)
            if text.startswith(",", position):
                position = _skip_space(text, position + 1)
            elif not text.startswith("}", position):
                raise json.JSONDecodeError("Expecting ',' delimiter", text, position)
        if _skip_space(text, position + 1) != len(text):
            raise json.JSONDecodeError("Extra data", text, position + 1)
    except json.JSONDecodeError as error:
        return SourceError(f"invalid JSON: {error.msg}", error.lineno, error.colno)
    except _TooDeepError:
        return SourceError(f"a value is nested more than {MAX_JSON_DEPTH} levels deep")
    except RecursionError:
        return SourceError("invalid JSON: nesting is too deep")
    except ValueError:  # int() of more digits than Python converts
        return SourceError("a number is too long to analyse (more than 4,300 digits)")
    return assignments


def _skip_space(text: str, position: int) -> int:
    match = _WHITESPACE.match(text, position)
    return match.end() if match else position


def _span_between(text: str, start: int, end: int) -> Span:
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return Span(line, column, line, column + (end - start))


class _TooDeepError(Exception):
    """A JSON value nests deeper than MAX_JSON_DEPTH."""


def _from_json(value: object, depth: int = 0) -> Value:
    if depth > MAX_JSON_DEPTH:
        raise _TooDeepError
    if isinstance(value, list):
        return tuple([_from_json(v, depth + 1) for v in value])
    if isinstance(value, dict):
        return {_text(str(k)): _from_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, int | float | bool) or value is None:
        return value
    return None


def _text(value: str) -> str:
    # JSON's \ud800 escapes can decode to lone surrogates, which no output can encode.
    return value.encode("utf-8", "replace").decode("utf-8")


def load_var_file(path: str, *, follow_link: bool = True) -> list[TfvarsAssignment] | SourceError:
    """Read a ``--var-file`` given on the command line (or in the configuration)."""
    loaded = read_tfvars(path, read_bytes(path, follow_link=follow_link))
    if isinstance(loaded, SourceError):
        return loaded
    return [assignment._replace(auto_loaded=True) for assignment in loaded[2]]
