"""Keep secrets out of every output: find token values and scrub them from text.

Rules are written never to quote a token, and this module is the second line of defence: the
stamper scrubs every message and source excerpt of the secret values found in a module (the
values that reach ``api_token``, the defaults and tfvars values of the variables feeding it)
and of anything shaped like a Hex API token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from euno_lint.hcl import Expression, Literal
from euno_lint.rules.tokens import HEX_TOKEN, TOKEN_PATH, redacted
from euno_lint.terraform.resource import Module
from euno_lint.terraform.values import Value

_SHORTEST_SCRUBBED = 4
_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*("|$)')


class Redactor:
    """Replaces known secret values and Hex-token-shaped text in strings."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.secrets = sorted(
            {s for s in secrets if len(s) >= _SHORTEST_SCRUBBED}, key=lambda s: (-len(s), s)
        )

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, redacted(secret))
        return HEX_TOKEN.sub(lambda m: redacted(m.group(0)), text)


def mask_strings(line: str) -> str:
    """A source line with the contents of its quoted strings hidden (for unparsable files)."""
    return _QUOTED.sub(lambda m: '"…' + m.group(1), line)


def module_secrets(module: Module, texts: Mapping[str, str]) -> set[str]:
    """Every value in the module that is, or may become, an API token."""
    found: set[str] = set()
    scope = module.scope

    def add(value: Value, expression: Expression | None = None, file: str = "") -> None:
        if isinstance(value, str):
            found.add(value)
        if isinstance(expression, Literal) and isinstance(expression.value, str) and file in texts:
            found.add(_source_text(texts[file], expression).strip('"'))

    for resource in module.resources:
        token = resource.attribute(TOKEN_PATH)
        if token is None:
            continue
        add(scope.evaluate(token.value), token.value, resource.file)
        add(scope.evaluate_literal(token.value))
        for name in scope.variables_feeding(token.value):
            variable = scope.variables.get(name)
            if variable is not None and variable.default is not None:
                default = variable.default
                add(scope.evaluate_literal(default.value), default.value, variable.file)
            for assignment in scope.tfvars:
                if assignment.name == name:
                    add(assignment.value)
            add(scope.var_file_values.get(name))
    return found


def _source_text(text: str, expression: Expression) -> str:
    span = expression.span
    lines = text.split("\n")[span.line - 1 : span.end_line]
    if not lines:
        return ""
    if len(lines) == 1:
        return lines[0][span.column - 1 : span.end_column - 1]
    return "\n".join([lines[0][span.column - 1 :], *lines[1:-1], lines[-1][: span.end_column - 1]])
