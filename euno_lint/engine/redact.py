"""Keep secrets out of every output: find the values that are or feed a token, and scrub them.

Rules are written never to quote a token; this module is the second line of defence. The
stamper scrubs every message, excerpt, path, address and identity of the secret values found in
a configuration and of anything shaped like a Hex API token. A secret is every string that
flows into a sensitive argument (``api_token``, ``api_key``...), as `flow` follows it: its
value, each literal and template part on the way (escapes as written and as decoded), and the
strings of the defaults, tfvars and var-file values of the variables that feed it (at the
attribute path used, or all of them). The lines that write them are masked in excerpts (their
quoted strings hidden).

Scrubbing is linear in the text: the secrets are matched together by one automaton, the token
pattern by one regular expression, and every region either covers is replaced as a whole, so
that a secret that is part of a token (or a token part of a secret) leaves nothing in clear.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from euno_lint.hcl import Expression, Literal
from euno_lint.rules.tokens import HEX_TOKEN, redacted, sensitive_paths
from euno_lint.terraform.flow import FeedingVariable, Step, WrittenLiteral, flows
from euno_lint.terraform.resource import Module
from euno_lint.terraform.values import Value

_SHORTEST_SCRUBBED = 4
_QUOTED = re.compile(r'"((?:[^"\\\n]|\\.)*)("|$)')


class _Automaton:
    """Aho-Corasick over the secrets: every occurrence of any of them in one pass."""

    def __init__(self, words: Iterable[str]) -> None:
        self.goto: list[dict[str, int]] = [{}]
        self.longest: list[int] = [0]  # the longest secret ending in each state
        for word in words:
            state = 0
            for character in word:
                following = self.goto[state].get(character)
                if following is None:
                    following = len(self.goto)
                    self.goto[state][character] = following
                    self.goto.append({})
                    self.longest.append(0)
                state = following
            self.longest[state] = max(self.longest[state], len(word))
        self.fail = [0] * len(self.goto)
        queue = deque(self.goto[0].values())
        while queue:
            state = queue.popleft()
            for character, following in self.goto[state].items():
                queue.append(following)
                back = self.fail[state]
                while back and character not in self.goto[back]:
                    back = self.fail[back]
                target = self.goto[back].get(character, 0)
                self.fail[following] = target if target != following else 0
                self.longest[following] = max(self.longest[following], self.longest[target])

    def regions(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of the longest secret ending at each position where one ends."""
        goto, fail, longest = self.goto, self.fail, self.longest
        state = 0
        for position, character in enumerate(text):
            while state and character not in goto[state]:
                state = fail[state]
            state = goto[state].get(character, 0)
            if longest[state]:
                yield position + 1 - longest[state], position + 1


class Redactor:
    """Replaces known secret values and Hex-token-shaped text in strings."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.secrets = frozenset(s for s in secrets if len(s) >= _SHORTEST_SCRUBBED)
        self.longest = max((len(s) for s in self.secrets), default=0)
        self._automaton = _Automaton(sorted(self.secrets)) if self.secrets else None

    def __call__(self, text: str) -> str:
        if len(text) < _SHORTEST_SCRUBBED:
            return text
        regions = [m.span() for m in HEX_TOKEN.finditer(text)]
        if self._automaton is not None:
            regions.extend(self._automaton.regions(text))
        if not regions:
            return text
        pieces: list[str] = []
        position = 0
        for start, end in _merged(regions):
            pieces.append(text[position:start])
            pieces.append(redacted(text[start:end]))
            position = end
        pieces.append(text[position:])
        return "".join(pieces)


def _merged(regions: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Overlapping or touching regions joined, in order."""
    regions.sort()
    start, end = regions[0]
    for next_start, next_end in regions[1:]:
        if next_start <= end:
            end = max(end, next_end)
        else:
            yield start, end
            start, end = next_start, next_end
    yield start, end


def mask_strings(line: str) -> str:
    """A source line with the contents of its quoted strings hidden (a token's prefix kept)."""
    return _QUOTED.sub(lambda m: f'"{redacted(m.group(1))}{m.group(2)}', line)


class ModuleSecrets(NamedTuple):
    """The secret values of a configuration, and the lines (file, line) whose excerpts are
    masked."""

    values: frozenset[str]
    masked_lines: frozenset[tuple[str, int]]


def configuration_secrets(modules: Iterable[Module], texts: Mapping[str, str]) -> ModuleSecrets:
    """Every value that is, or may become, a secret, and the lines that write them."""
    collector = _Collector(texts)
    for module in modules:
        for resource in module.resources:
            for path in sensitive_paths(resource):
                attribute = resource.attribute(path)
                if attribute is None:
                    continue
                file = resource.file_for(path)
                collector.add(resource.evaluate(attribute.value))
                collector.add(resource.evaluate_literal(attribute.value))
                collector.mask(file, attribute.value)
                found = flows(attribute.value, file, resource.scope, resource.context)
                for flow in found:
                    if isinstance(flow, WrittenLiteral):
                        collector.literal(flow.file, flow.literal)
                    else:
                        collector.variable(flow)
    return ModuleSecrets(frozenset(collector.found), frozenset(collector.masked))


class _Collector:
    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = texts
        self.found: set[str] = set()
        self.masked: set[tuple[str, int]] = set()
        self._lines: dict[str, list[str]] = {}

    def add(self, value: Value, steps: tuple[Step, ...] = ()) -> None:
        self.found.update(_strings(value, steps))

    def mask(self, file: str, expression: Expression) -> None:
        span = expression.span
        self.masked.update((file, line) for line in range(span.line, span.end_line + 1))

    def literal(self, file: str, literal: Literal) -> None:
        if isinstance(literal.value, str):
            self.found.add(literal.value)
        self.mask(file, literal)
        if file in self.texts:
            lines = self._lines.setdefault(file, self.texts[file].split("\n"))
            self.found.add(_source_text(lines, literal).strip('"'))

    def variable(self, feeding: FeedingVariable) -> None:
        scope, variable, steps = feeding.scope, feeding.variable, feeding.steps
        default = variable.default
        if default is not None:
            file = variable.file_of("default")
            self.add(scope.evaluate(default.value), steps)
            self.mask(file, default.value)
            for flow in flows(default.value, file, scope, steps=steps):
                if isinstance(flow, WrittenLiteral):
                    self.literal(flow.file, flow.literal)
        if scope.caller is not None:
            return
        for assignment in (*scope.tfvars, *scope.var_files):
            if assignment.name != variable.name:
                continue
            self.add(assignment.value, steps)
            self.masked.update((assignment.file, line) for line in assignment.lines)
            if assignment.expression is not None:
                for flow in flows(assignment.expression, assignment.file, scope, steps=steps):
                    if isinstance(flow, WrittenLiteral):
                        self.literal(flow.file, flow.literal)


def _strings(value: Value, steps: tuple[Step, ...]) -> Iterator[str]:
    """Every string inside the value at `steps` (None: any member)."""
    stack: list[tuple[Value, tuple[Step, ...]]] = [(value, steps)]
    while stack:
        current, rest = stack.pop()
        if rest:
            step, rest = rest[0], rest[1:]
            if isinstance(current, dict):
                members = current.values() if step is None else [current.get(str(step))]
                stack.extend((m, rest) for m in members)
            elif isinstance(current, tuple):
                if step is None:
                    stack.extend((m, rest) for m in current)
                elif isinstance(step, int) and 0 <= step < len(current):
                    stack.append((current[step], rest))
            continue
        if isinstance(current, str):
            yield current
        elif isinstance(current, dict):
            stack.extend((m, ()) for m in current.values())
        elif isinstance(current, tuple):
            stack.extend((m, ()) for m in current)


def _source_text(file_lines: list[str], expression: Expression) -> str:
    span = expression.span
    lines = file_lines[span.line - 1 : span.end_line]
    if not lines:
        return ""
    if len(lines) == 1:
        return lines[0][span.column - 1 : span.end_column - 1]
    return "\n".join([lines[0][span.column - 1 :], *lines[1:-1], lines[-1][: span.end_column - 1]])
