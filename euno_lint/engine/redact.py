"""Keep secrets out of every output: find the values that are or feed a token, and scrub them.

Rules are written never to quote a token; this module is the second line of defence. The
stamper scrubs every message, excerpt, path, address and identity of the secret values found in
a module and of anything shaped like a Hex API token. A secret is every string that flows into
a sensitive argument (``api_token``, ``api_key``...): its value, each literal and template part
on the way (through locals and templates, escapes as written and as decoded), the defaults and
tfvars values of the variables that feed it. The lines that write them are masked in excerpts
(their quoted strings hidden).
Scrubbing is near-linear: secrets are found by their first characters, not tried one by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from euno_lint.hcl import Expression, Literal
from euno_lint.rules.tokens import HEX_TOKEN, redacted, scrub, sensitive_paths
from euno_lint.terraform.resource import Module
from euno_lint.terraform.values import Value

_SHORTEST_SCRUBBED = 4
_QUOTED = re.compile(r'"((?:[^"\\\n]|\\.)*)("|$)')


class Redactor:
    """Replaces known secret values and Hex-token-shaped text in strings."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Token-shaped secrets are caught by the pattern; the others are indexed by their
        # first characters, longest first, so that each position of a text is tried once.
        self._by_prefix: dict[str, list[str]] = {}
        unique = {s for s in secrets if len(s) >= _SHORTEST_SCRUBBED and not HEX_TOKEN.fullmatch(s)}
        for secret in sorted(unique, key=lambda s: (-len(s), s)):
            self._by_prefix.setdefault(secret[:_SHORTEST_SCRUBBED], []).append(secret)

    def __call__(self, text: str) -> str:
        if self._by_prefix and len(text) >= _SHORTEST_SCRUBBED:
            text = self._replace_secrets(text)
        return scrub(text)

    def _replace_secrets(self, text: str) -> str:
        pieces: list[str] = []
        position = start = 0
        last = len(text) - _SHORTEST_SCRUBBED
        while position <= last:
            candidates = self._by_prefix.get(text[position : position + _SHORTEST_SCRUBBED])
            found = next((s for s in candidates or () if text.startswith(s, position)), None)
            if found is None:
                position += 1
                continue
            pieces.append(text[start:position])
            pieces.append(redacted(found))
            position = start = position + len(found)
        if not pieces:
            return text
        pieces.append(text[start:])
        return "".join(pieces)


def mask_strings(line: str) -> str:
    """A source line with the contents of its quoted strings hidden (a token's prefix kept)."""
    return _QUOTED.sub(lambda m: f'"{redacted(m.group(1))}{m.group(2)}', line)


class ModuleSecrets(NamedTuple):
    """The secret values of a module, and the lines (file, line) whose excerpts are masked."""

    values: frozenset[str]
    masked_lines: frozenset[tuple[str, int]]


def module_secrets(module: Module, texts: Mapping[str, str]) -> ModuleSecrets:
    """Every value in the module that is, or may become, an API token, and where it is written."""
    found: set[str] = set()
    masked: set[tuple[str, int]] = set()
    scope = module.scope
    lines: dict[str, list[str]] = {}

    def add(value: Value, expression: Expression | None = None, file: str = "") -> None:
        if isinstance(value, str):
            found.add(value)
        if expression is not None and file:
            span = expression.span
            masked.update((file, line) for line in range(span.line, span.end_line + 1))
            literal = isinstance(expression, Literal) and isinstance(expression.value, str)
            if literal and file in texts:
                file_lines = lines.setdefault(file, texts[file].split("\n"))
                found.add(_source_text(file_lines, expression).strip('"'))

    written = [
        (resource, attribute)
        for resource in module.resources
        for path in sensitive_paths(resource)
        if (attribute := resource.attribute(path)) is not None
    ]
    for resource, token in written:
        add(scope.evaluate(token.value), token.value, resource.file)
        add(scope.evaluate_literal(token.value))
        for file, literal in scope.literal_sources(token.value, resource.file):
            add(literal.value, literal, file)
        for name in scope.variables_feeding(token.value):
            variable = scope.variables.get(name)
            if variable is not None and variable.default is not None:
                default = variable.default
                add(scope.evaluate_literal(default.value), default.value, variable.file)
            for assignment in scope.tfvars:
                if assignment.name == name:
                    add(assignment.value)
                    masked.add((assignment.file, assignment.span.line))
            add(scope.var_file_values.get(name))
    return ModuleSecrets(frozenset(found), frozenset(masked))


def _source_text(file_lines: list[str], expression: Expression) -> str:
    span = expression.span
    lines = file_lines[span.line - 1 : span.end_line]
    if not lines:
        return ""
    if len(lines) == 1:
        return lines[0][span.column - 1 : span.end_column - 1]
    return "\n".join([lines[0][span.column - 1 :], *lines[1:-1], lines[-1][: span.end_column - 1]])
