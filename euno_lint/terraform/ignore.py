"""Gitignore-style patterns (``.gitignore`` files and ``exclude``), matched in linear time.

Git's rules: a blank line or ``#`` comment matches nothing; trailing unescaped spaces are
dropped; ``!`` re-includes; a trailing ``/`` matches directories only; a pattern with a ``/``
elsewhere is anchored to its base directory, one without matches a name at any depth; ``*``
and ``?`` never match ``/``; ``[...]`` is a character class (``!`` or ``^`` negates it);
``**/``, ``/**/`` and ``/**`` span directories; the last matching pattern wins; nothing below
an ignored directory can be re-included. A pattern git cannot use (an unterminated class) is
skipped, as git skips it.

Matching never backtracks: each path segment is matched by a simulation of all the glob's
positions at once, and ``**`` by a set of reachable segment positions, so a hostile pattern
(``*a*a*a*a*a*a*a*b``) against a long name costs the product of their lengths, not an
exponential. A cheap literal test rejects most paths before any of that.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

_GLOBSTAR = "**"


class _Char(NamedTuple):
    """One position of a segment glob: a literal, ``?``, ``*`` or a class."""

    kind: str  # "lit", "any", "star", "class"
    text: str = ""
    negated: bool = False


class Pattern(NamedTuple):
    """One compiled pattern."""

    negated: bool
    dir_only: bool
    anchored: bool
    segments: tuple[tuple[_Char, ...] | str, ...]  # a glob, or _GLOBSTAR
    needle: str  # a literal every matching path contains

    def matches(self, parts: Sequence[str], is_dir: bool) -> bool:
        """Whether the pattern matches the path itself (parts relative to the base)."""
        if self.dir_only and not is_dir:
            return False
        if not self.anchored:
            glob = self.segments[0]
            assert not isinstance(glob, str)
            return _segment_matches(glob, parts[-1])
        return _path_matches(self.segments, parts)


def compile_pattern(line: str) -> Pattern | None:
    """The pattern of one line, or None for blank lines, comments and unusable patterns."""
    text = _strip_trailing_spaces(line.rstrip("\r\n"))
    if not text or text.startswith("#"):
        return None
    negated = text.startswith("!")
    if text.startswith(("!", "\\!", "\\#")):  # the mark, or the escape of a literal one
        text = text[1:]
    dir_only = text.endswith("/")
    text = text.rstrip("/") if dir_only else text
    if not text:
        return None
    anchored = "/" in text
    text = text.lstrip("/") if anchored else text
    if not text:
        return None
    segments: list[tuple[_Char, ...] | str] = []
    for raw in text.split("/"):
        if raw == _GLOBSTAR:
            if not segments or segments[-1] != _GLOBSTAR:
                segments.append(_GLOBSTAR)
            continue
        glob = _compile_segment(raw)
        if glob is None:
            return None
        segments.append(glob)
    if segments == [_GLOBSTAR]:
        return Pattern(negated, dir_only, True, (_GLOBSTAR,), "")
    return Pattern(negated, dir_only, anchored, tuple(segments), _needle(segments))


def compile_lines(lines: Iterable[str], limit: int = 10_000) -> tuple[Pattern, ...]:
    """The usable patterns of a file's lines (at most `limit`: a longer file ignores less)."""
    found: list[Pattern] = []
    for line in lines:
        pattern = compile_pattern(line)
        if pattern is not None:
            found.append(pattern)
            if len(found) >= limit:
                break
    return tuple(found)


def decide(patterns: Sequence[Pattern], relative: str, is_dir: bool) -> bool | None:
    """True: ignored, False: re-included, None: no pattern matches the path itself."""
    parts: list[str] | None = None
    for pattern in reversed(patterns):  # the last match wins
        if pattern.dir_only and not is_dir:
            continue
        if pattern.needle and pattern.needle not in relative:
            continue
        if parts is None:
            parts = relative.split("/")
        if pattern.matches(parts, is_dir):
            return not pattern.negated
    return None


def _strip_trailing_spaces(text: str) -> str:
    stripped = text.rstrip(" ")
    if len(stripped) < len(text) and stripped.endswith("\\"):
        return stripped[:-1] + " "  # an escaped space is kept
    return stripped


def _compile_segment(raw: str) -> tuple[_Char, ...] | None:
    chars: list[_Char] = []
    position = 0
    while position < len(raw):
        char = raw[position]
        if char == "\\" and position + 1 < len(raw):
            chars.append(_Char("lit", raw[position + 1]))
            position += 2
        elif char == "*":
            if not chars or chars[-1].kind != "star":  # "**" inside a name is one "*"
                chars.append(_Char("star"))
            position += 1
        elif char == "?":
            chars.append(_Char("any"))
            position += 1
        elif char == "[":
            parsed = _compile_class(raw, position)
            if parsed is None:
                return None
            chars.append(parsed[0])
            position = parsed[1]
        else:
            chars.append(_Char("lit", char))
            position += 1
    return tuple(chars)


def _compile_class(raw: str, start: int) -> tuple[_Char, int] | None:
    """A ``[...]`` class starting at `start`, and the position after it (None: unterminated)."""
    position = start + 1
    negated = position < len(raw) and raw[position] in "!^"
    position += 1 if negated else 0
    members: list[str] = []
    first = True
    while position < len(raw):
        char = raw[position]
        if char == "]" and not first:
            return _Char("class", _expand_ranges(members), negated), position + 1
        if char == "\\" and position + 1 < len(raw):
            char = raw[position + 1]
            position += 1
        members.append(char)
        position += 1
        first = False
    return None


def _expand_ranges(members: list[str]) -> str:
    """Class members with ``a-z`` ranges, as a string of ranges ``az`` pairs (low, high)."""
    pairs: list[str] = []
    index = 0
    while index < len(members):
        if index + 2 < len(members) and members[index + 1] == "-":
            pairs.append(members[index] + members[index + 2])
            index += 3
        else:
            pairs.append(members[index] * 2)
            index += 1
    return "".join(pairs)


def _in_class(char: str, spec: _Char) -> bool:
    ranges = spec.text
    inside = any(ranges[i] <= char <= ranges[i + 1] for i in range(0, len(ranges), 2))
    return inside != spec.negated


def _segment_matches(glob: tuple[_Char, ...], name: str) -> bool:
    """Whether one glob matches one path segment: all positions of the glob simulated at once."""
    states = _closure(glob, {0})
    for char in name:
        following: set[int] = set()
        for state in states:
            if state == len(glob):
                continue
            spec = glob[state]
            if spec.kind == "star":
                following.add(state)  # "*" consumes the character and stays
            elif (
                (spec.kind == "lit" and spec.text == char)
                or spec.kind == "any"
                or (spec.kind == "class" and _in_class(char, spec))
            ):
                following.add(state + 1)
        if not following:
            return False
        states = _closure(glob, following)
    return len(glob) in states


def _closure(glob: tuple[_Char, ...], states: set[int]) -> set[int]:
    """The states plus those reached by letting each "*" match nothing."""
    result = set(states)
    for state in sorted(states):
        while state < len(glob) and glob[state].kind == "star":
            state += 1
            result.add(state)
    return result


def _path_matches(segments: Sequence[tuple[_Char, ...] | str], parts: Sequence[str]) -> bool:
    """Whether anchored pattern segments match all path parts; ``**`` spans any number of them
    (at least one when it ends the pattern: ``a/**`` matches inside ``a``, not ``a`` itself)."""
    reachable = _skip_globstars(segments, {0})
    for index, part in enumerate(parts):
        following: set[int] = set()
        for position in reachable:
            if position == len(segments):
                continue
            segment = segments[position]
            if segment == _GLOBSTAR:
                following.add(position)  # "**" consumes the part and stays
                if position + 1 == len(segments) and index == len(parts) - 1:
                    following.add(position + 1)
            elif not isinstance(segment, str) and _segment_matches(segment, part):
                following.add(position + 1)
        if not following:
            return False
        reachable = _skip_globstars(segments, following)
    return len(segments) in reachable


def _skip_globstars(segments: Sequence[tuple[_Char, ...] | str], states: set[int]) -> set[int]:
    """The states plus those reached by letting a ``**`` that is not last match no parts."""
    result = set(states)
    for state in sorted(states):
        while state < len(segments) - 1 and segments[state] == _GLOBSTAR:
            state += 1
            result.add(state)
    return result


def _needle(segments: Sequence[tuple[_Char, ...] | str]) -> str:
    """The longest literal run of the last glob segment: any matching path contains it."""
    for segment in reversed(segments):
        if isinstance(segment, str):
            continue
        runs: list[str] = []
        current = ""
        for char in segment:
            if char.kind == "lit":
                current += char.text
            else:
                runs.append(current)
                current = ""
        runs.append(current)
        return max(runs, key=len)
    return ""
