"""Inline suppressions: parse directives from comments, apply them, report bad and unused ones.

Grammar (``#`` or ``//`` comments only; text in strings and heredocs is never a directive)::

    # euno-lint-ignore: EUNO202[, custom-frequency-requires-cron ...] [-- reason]
    # euno-lint-ignore-file: EUNO406 [-- reason]

A trailing directive covers its own line. A directive on a line of its own covers the next
statement: the next line that is not blank or a comment, and all of the block or attribute
that starts there (a list written over several lines, say). A ``-file``
directive covers the whole file and must stand before the first block. Rules are named by code
or name; a blanket form does not exist. Rules declared not `suppressible` (parse errors and
suppression problems themselves) cannot be suppressed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import NamedTuple

from euno_lint.findings import SUPPRESSION_KEYWORD, Finding, Span
from euno_lint.hcl import Body, Comment
from euno_lint.rules import ALL_RULES
from euno_lint.rules.base import Rule
from euno_lint.rules.builtin import InvalidSuppression, UnusedSuppression
from euno_lint.suggest import closest

_DIRECTIVE = re.compile(
    r"(?P<marker>#|//|/\*)\s*"
    + SUPPRESSION_KEYWORD
    + r"(?P<suffix>[-\w]*)\s*(?P<colon>:?)(?P<rest>.*)",
    re.DOTALL,
)
_SEPARATORS = re.compile(r"[,\s]+")


class Directive(NamedTuple):
    """A valid suppression: which codes, over which lines of which file, and why."""

    path: str
    span: Span
    codes: tuple[str, ...]
    first_line: int
    last_line: int
    reason: str | None
    whole_file: bool
    excerpt: str | None = None

    def covers(self, finding: Finding) -> bool:
        """Whether this directive suppresses the finding (its codes are all suppressible)."""
        return (
            finding.path == self.path
            and finding.code in self.codes
            and (self.whole_file or self.first_line <= finding.line <= self.last_line)
        )


class BadDirective(NamedTuple):
    """A comment that tries to be a directive but is not a usable one."""

    path: str
    span: Span
    message: str
    excerpt: str | None = None


class RuleNames(NamedTuple):
    """What the parser needs to know of the rules: codes, names mapped to codes, and which
    codes no comment may suppress."""

    codes: frozenset[str]
    by_name: dict[str, str]
    unsuppressible: frozenset[str]

    @classmethod
    def of(cls, rules: tuple[type[Rule], ...]) -> RuleNames:
        """The names of the given rules."""
        return cls(
            frozenset(rule.code for rule in rules),
            {rule.name: rule.code for rule in rules},
            frozenset(rule.code for rule in rules if not rule.suppressible),
        )

    def code_of(self, word: str) -> str | None:
        """The code a word names (a code in any case, or a rule name), if any."""
        upper = word.upper()
        return upper if upper in self.codes else self.by_name.get(word.lower())

    def suggestion(self, word: str) -> str | None:
        """The closest code or name to a word that names no rule."""
        return closest(word, sorted(self.codes) + sorted(self.by_name))


def directives_in(
    path: str, comments: Sequence[Comment], body: Body, lines: Sequence[str], rules: RuleNames
) -> list[Directive | BadDirective]:
    """Every directive written in one file's comments, valid or not."""
    found: list[Directive | BadDirective] = []
    first_block_line = min((b.span.line for b in body.blocks), default=None)
    for comment in comments:
        match = _DIRECTIVE.match(comment.text)
        if match is None:
            continue
        found.append(_parse(path, comment, match, body, lines, rules, first_block_line))
    return found


def _parse(
    path: str,
    comment: Comment,
    match: re.Match[str],
    body: Body,
    lines: Sequence[str],
    rules: RuleNames,
    first_block_line: int | None,
) -> Directive | BadDirective:
    excerpt = lines[comment.span.line - 1] if comment.span.line <= len(lines) else None
    suffix, rest = match.group("suffix"), match.group("rest")

    def bad(message: str) -> BadDirective:
        return BadDirective(path, comment.span, message, excerpt)

    if match.group("marker") == "/*":
        return bad(f"write {SUPPRESSION_KEYWORD} in a # or // comment, not a /* */ comment")
    if suffix not in ("", "-file"):
        keyword = SUPPRESSION_KEYWORD
        return bad(f'unknown directive "{keyword}{suffix}": use {keyword} or {keyword}-file')
    keyword = SUPPRESSION_KEYWORD + suffix
    if not match.group("colon"):
        return bad(f'expected ":" after {keyword}, then the rules to ignore')
    names, _, reason = rest.partition("--")
    words = [w for w in _SEPARATORS.split(names.strip()) if w]
    if not words:
        return bad("a suppression must name the rules it ignores (there is no blanket form)")
    codes: list[str] = []
    for word in words:
        code = rules.code_of(word)
        if code is None:
            suggestion = rules.suggestion(word)
            hint = f'; did you mean "{suggestion}"?' if suggestion else ""
            return bad(f'"{word}" is not a rule{hint}')
        if code in rules.unsuppressible:
            return bad(f"{code} cannot be suppressed by a comment; exclude the file instead")
        codes.append(code)
    whole_file = suffix == "-file"
    if whole_file and first_block_line is not None and comment.span.line > first_block_line:
        return bad(f"{keyword} must stand before the first block of the file")
    first, last = _scope(comment, body, lines)
    reason_text = reason.strip().removesuffix("*/").strip() or None
    unique = tuple(dict.fromkeys(codes))
    return Directive(path, comment.span, unique, first, last, reason_text, whole_file, excerpt)


def _scope(comment: Comment, body: Body, lines: Sequence[str]) -> tuple[int, int]:
    if not comment.own_line:
        return comment.span.line, comment.span.line
    target = comment.span.end_line + 1
    while target <= len(lines) and _is_blank_or_comment(lines[target - 1]):
        target += 1
    statement = _statement_starting_on(body, target)
    return (target, statement.end_line) if statement is not None else (target, target)


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith(("#", "//"))


def _statement_starting_on(body: Body, line: int) -> Span | None:
    """The span of the block or attribute (however many lines it takes) that starts on
    `line`: an own-line directive covers the whole statement after it."""
    for attribute in body.attributes:
        if attribute.span.line == line:
            return attribute.span
    for block in body.blocks:
        if block.header.line == line:
            return block.span
        if block.span.line < line <= block.span.end_line:
            return _statement_starting_on(block.body, line)
    return None


class SuppressionPolicy(NamedTuple):
    """What the configuration says about inline suppressions."""

    allowed: bool = True
    reason_required: bool = False
    enabled_codes: frozenset[str] = frozenset()


RULE_NAMES = RuleNames.of(ALL_RULES)


class Outcome(NamedTuple):
    """Findings with suppressions applied, plus the suppression problems found (the rule that
    reports each, the directive, and the message)."""

    findings: list[Finding]
    problems: list[tuple[type[Rule], BadDirective | Directive, str]]


def apply(
    findings: Iterable[Finding],
    directives: Iterable[Directive | BadDirective],
    policy: SuppressionPolicy,
) -> Outcome:
    """Mark suppressed findings; collect invalid (EUNO002) and unused (EUNO003) directives."""
    problems: list[tuple[type[Rule], BadDirective | Directive, str]] = []
    usable: list[Directive] = []
    for directive in directives:
        if isinstance(directive, BadDirective):
            problems.append((InvalidSuppression, directive, directive.message))
        elif not policy.allowed:
            problems.append(
                (
                    InvalidSuppression,
                    directive,
                    "inline suppressions are not allowed by the configuration",
                )
            )
        elif policy.reason_required and directive.reason is None:
            problems.append(
                (InvalidSuppression, directive, 'the configuration requires a reason: add "-- why"')
            )
        else:
            usable.append(directive)
    used: dict[Directive, set[str]] = {d: set() for d in usable}
    result: list[Finding] = []
    for finding in findings:
        covering = next((d for d in usable if d.covers(finding)), None)
        if covering is None:
            result.append(finding)
            continue
        used[covering].add(finding.code)
        result.append(replace(finding, suppressed=True, suppression_reason=covering.reason))
    for directive, codes in used.items():
        unused = [c for c in directive.codes if c not in codes and c in policy.enabled_codes]
        if unused:
            problems.append(
                (
                    UnusedSuppression,
                    directive,
                    f"suppression of {', '.join(unused)} matches no finding",
                )
            )
    return Outcome(result, problems)


def statement_line(body: Body, line: int) -> int | None:
    """The first line of the innermost statement (attribute or block) that contains `line`:
    a directive on its own line just above it covers `line`."""
    for attribute in body.attributes:
        if attribute.span.line <= line <= attribute.span.end_line:
            return attribute.span.line
    for block in body.blocks:
        if block.span.line <= line <= block.span.end_line:
            if block.header.line == line:
                return line
            inner = statement_line(block.body, line)
            return inner if inner is not None else block.header.line
    return None
