"""Keep secrets out of every output: find token values and scrub them from text.

Rules are written never to quote a token, and this module is the second line of defence: the
engine scrubs every message and source excerpt of the secret values found in a module (the
values that reach ``api_token``, the defaults and tfvars values of the variables feeding it)
and of anything shaped like a Hex API token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from euno_lint.hcl import Expression, Literal
from euno_lint.resource import Module
from euno_lint.values import Value

HEX_TOKEN = re.compile(r"hxt[pw]_[A-Za-z0-9]{20,}")
_SHORTEST_SCRUBBED = 4
_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*("|$)')


def redacted(secret: str) -> str:
    """The printable stand-in for a secret: its Hex prefix at most, then an ellipsis."""
    return secret[:5] + "…" if HEX_TOKEN.fullmatch(secret) else "…"


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


def module_secrets(module: Module, texts: dict[str, str]) -> set[str]:
    """Every value in the module that is, or may become, an API token."""
    found: set[str] = set()
    context = module.context

    def add(value: Value, expression: Expression | None = None, file: str = "") -> None:
        if isinstance(value, str):
            found.add(value)
        if isinstance(expression, Literal) and isinstance(expression.value, str) and file in texts:
            found.add(_source_text(texts[file], expression).strip('"'))

    for resource in module.resources:
        token = resource.attribute("configuration.api_token")
        if token is None:
            continue
        add(context.evaluate(token.value), token.value, resource.file)
        add(context.evaluate_literal(token.value))
        for name in context.variables_feeding(token.value):
            variable = context.variables.get(name)
            if variable is not None and variable.default is not None:
                default = variable.default
                add(context.evaluate_literal(default.value), default.value, variable.file)
            for assignment in context.tfvars:
                if assignment.name == name:
                    add(assignment.value)
            add(context.var_file_values.get(name))
    return found


def _source_text(text: str, expression: Expression) -> str:
    span = expression.span
    lines = text.split("\n")[span.line - 1 : span.end_line]
    if not lines:
        return ""
    if len(lines) == 1:
        return lines[0][span.column - 1 : span.end_column - 1]
    return "\n".join([lines[0][span.column - 1 :], *lines[1:-1], lines[-1][: span.end_column - 1]])
