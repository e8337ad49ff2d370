"""Gitignore-style patterns (``.gitignore`` files and ``exclude``), matched in linear time.

Git's rules: a blank line or ``#`` comment matches nothing; trailing unescaped spaces are
dropped; ``!`` re-includes; a trailing ``/`` matches directories only; a pattern with a ``/``
elsewhere is anchored to its base directory, one without matches a name at any depth; ``*``
and ``?`` never match ``/``; ``[...]`` is a character class (``!`` or ``^`` negates it);
``**/``, ``/**/`` and ``/**`` span directories; the last matching pattern wins; nothing below
an ignored directory can be re-included. A pattern git cannot use (an unterminated class) is
skipped, as git skips it.

Matching never backtracks, and its cost does not grow with the number of patterns: all the
patterns of one file are compiled into one automaton whose state is a bit set (one Python
``int``), and a path is decided in one pass over its characters, a few big-int operations per
character (the names of unanchored patterns, the whole relative path for anchored ones). Which
characters a class accepts is looked up in an interval tree, so large classes cost no more.

Bounds, since a scanned repository writes its own ``.gitignore`` files:

* a pattern longer than `MAX_PATTERN_LENGTH` (1,024) characters is skipped, as if it were a
  comment (git has no such limit; no real pattern comes near it);
* one run reads at most `MAX_PATTERN_TEXT` (64 KiB) of pattern text in all (each pattern
  counts its characters; blank lines and comments count nothing). Patterns are taken in the
  order their files are read, which the walk makes deterministic; the first pattern that does
  not fit in what is left, and every pattern after it in that run, is skipped. Skipping an
  ignore pattern only means linting more: committed files are linted whatever the ignores say.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import NamedTuple

_GLOBSTAR = "**"
MAX_PATTERN_LENGTH = 1024
MAX_PATTERN_TEXT = 64 * 1024


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
        return Patterns((self,)).last_match("/".join(parts), is_dir) == 0


class PatternBudget:
    """What is left of one run's pattern text (see the module's docstring)."""

    def __init__(self, characters: int = MAX_PATTERN_TEXT) -> None:
        self.remaining = characters

    def take(self, characters: int) -> bool:
        """Spend `characters` if they fit; once one pattern does not fit, nothing more does."""
        if characters > self.remaining:
            self.remaining = 0
            return False
        self.remaining -= characters
        return True


class Patterns(tuple[Pattern, ...]):
    """The patterns of one file, in order, with their automaton (built on first use)."""

    _matcher: _Matcher | None = None

    def last_match(self, relative: str, is_dir: bool) -> int:
        """The index of the last pattern that matches the path itself, or -1."""
        if self._matcher is None:
            self._matcher = _Matcher(self)
        return self._matcher.last_match(relative, is_dir)


def compile_pattern(line: str) -> Pattern | None:
    """The pattern of one line, or None for blank lines, comments and unusable patterns
    (including those longer than `MAX_PATTERN_LENGTH`)."""
    text = _strip_trailing_spaces(line.rstrip("\r\n"))
    if not text or text.startswith("#") or len(text) > MAX_PATTERN_LENGTH:
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


def compile_lines(
    lines: Iterable[str], limit: int = 10_000, budget: PatternBudget | None = None
) -> Patterns:
    """The usable patterns of a file's lines (at most `limit`: a longer file ignores less),
    each paid for from `budget` (the run's) when one is given."""
    found: list[Pattern] = []
    for line in lines:
        pattern = compile_pattern(line)
        if pattern is None:
            continue
        if budget is not None and not budget.take(len(line.rstrip("\r\n"))):
            break
        found.append(pattern)
        if len(found) >= limit:
            break
    return Patterns(found)


def decide(patterns: Sequence[Pattern], relative: str, is_dir: bool) -> bool | None:
    """True: ignored, False: re-included, None: no pattern matches the path itself."""
    compiled = patterns if isinstance(patterns, Patterns) else Patterns(patterns)
    index = compiled.last_match(relative, is_dir)
    return None if index < 0 else not compiled[index].negated


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


# ---- the automaton -------------------------------------------------------------------------
#
# A pattern becomes a program: a list of elements over the characters of its input (the name
# for an unanchored pattern, the relative path for an anchored one). Bit i of the state means
# "the input read so far matches the program's first i elements". All programs of a file sit
# side by side in one int, each followed by its own end bit, so one pass over the input runs
# them all; no mask ever moves a bit from one program into the next.

_LIT = 0  # consumes one given character
_ANY = 1  # "?": consumes one character other than "/"
_CLASS = 2  # "[...]": consumes one character of the class, never "/"
_STAR = 3  # "*": stays on any character other than "/", or is skipped
_DEEP = 4  # after _ANYCHAR, the rest of a trailing "/**": stays on any character, or ends
_ANYCHAR = 5  # the first character of a trailing "/**" (anything, "/" included)
_BOUNDARY = 6  # "**/" before a part: skips to the element after _INSIDE, or enters a part
_INSIDE = 7  # inside a part that "**/" spans: stays until "/", then back to _BOUNDARY

_Element = tuple[int, "str | _Char | None"]
_CACHED_CHARACTERS = 1024


def _program(pattern: Pattern) -> list[_Element]:
    """The elements of one pattern (over the name, or over the relative path if anchored)."""
    elements: list[_Element] = []
    last = len(pattern.segments) - 1
    for index, segment in enumerate(pattern.segments):
        if isinstance(segment, str):  # _GLOBSTAR
            if index == last:  # "a/**": at least one more character, then anything
                elements += [(_ANYCHAR, None), (_DEEP, None)]
            else:  # "**/": zero or more whole parts, each with its "/"
                elements += [(_BOUNDARY, None), (_INSIDE, None)]
            continue
        for char in segment:
            if char.kind == "lit":
                elements.append((_LIT, char.text))
            elif char.kind == "any":
                elements.append((_ANY, None))
            elif char.kind == "star":
                elements.append((_STAR, None))
            else:
                elements.append((_CLASS, char))
        if index != last:
            elements.append((_LIT, "/"))
    return elements


def _mask(positions: Iterable[int], size: int) -> int:
    """An int with the given bits set, built in time linear in its size."""
    buffer = bytearray(size // 8 + 1)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


class _Matcher:
    """The patterns of one file: an automaton for the names, one for the relative paths."""

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self._names = _Automaton([(i, p) for i, p in enumerate(patterns) if not p.anchored])
        self._paths = _Automaton([(i, p) for i, p in enumerate(patterns) if p.anchored])
        needles = [p.needle for p in patterns]
        # Every pattern needs its literal: a path with none of them matches nothing.
        self._needles = needles if needles and all(needles) else None

    def last_match(self, relative: str, is_dir: bool) -> int:
        if self._needles is not None and not any(n in relative for n in self._needles):
            return -1
        name = relative.rpartition("/")[2]
        return max(self._names.last_match(name, is_dir), self._paths.last_match(relative, is_dir))


class _Automaton:
    """Programs run side by side on one bit set: a few big-int operations per character."""

    def __init__(self, programs: Sequence[tuple[int, Pattern]]) -> None:
        lits: dict[str, list[int]] = {}
        kinds: dict[int, list[int]] = {kind: [] for kind in range(8)}
        classes: list[tuple[int, int, int]] = []  # low, high, target bit
        negated: list[int] = []
        starts: list[int] = []
        finals: list[int] = []
        file_finals: list[int] = []
        self._indexes: list[int] = []
        bit = 0
        for index, pattern in programs:
            starts.append(bit)
            elements = _program(pattern)
            for offset, (kind, payload) in enumerate(elements):
                position = bit + offset
                kinds[kind].append(position)
                if kind == _LIT:
                    assert isinstance(payload, str)
                    lits.setdefault(payload, []).append(position + 1)
                elif kind == _CLASS:
                    assert isinstance(payload, _Char)
                    if payload.negated:
                        negated.append(position + 1)
                    classes.extend((low, high, position + 1) for low, high in _ranges(payload))
            end = bit + len(elements)
            finals.append(end)
            if not pattern.dir_only:
                file_finals.append(end)
            self._indexes.append(index)
            bit = end + 1
        size = bit
        self._empty = not programs
        self._finals = finals
        self._size = size
        self._lits = lits
        self._classes = _Stabbing(classes) if classes else None
        self._negated = _mask(negated, size)
        self._negated_bits = frozenset(negated)
        # Targets (bit i + 1) of the elements that consume one character.
        self._consume_plain = _mask([p + 1 for p in kinds[_ANY] + kinds[_BOUNDARY]], size)
        self._consume_all = _mask([p + 1 for p in kinds[_ANYCHAR]], size)
        # Elements that stay where they are on a character ("/" or any other).
        self._stay_plain = _mask(kinds[_STAR] + kinds[_INSIDE] + kinds[_DEEP], size)
        self._stay_slash = _mask(kinds[_DEEP], size)
        self._back_on_slash = _mask(kinds[_INSIDE], size)
        self._skip_one = _mask(kinds[_STAR] + kinds[_DEEP], size)
        self._skip_two = _mask(kinds[_BOUNDARY], size)
        self._dir_finals = _mask(finals, size)
        self._file_finals = _mask(file_finals, size)
        self._start = self._closure(_mask(starts, size))
        self._cache: dict[str, int] = {}

    def _closure(self, state: int) -> int:
        """Add the elements reached without reading: a skipped "**/", then a skipped "*"."""
        state |= (state & self._skip_two) << 2
        return state | (state & self._skip_one) << 1

    def _consumers(self, char: str) -> int:
        """The targets of the elements that consume `char` (cached, with the others)."""
        if char == "/":
            mask = _mask(self._lits.get(char, ()), self._size) | self._consume_all
        else:
            targets = list(self._lits.get(char, ()))
            mask = self._consume_plain | self._consume_all | self._negated
            if self._classes is not None:
                inside = self._classes.containing(ord(char))
                targets += (t for t in inside if t not in self._negated_bits)
                mask &= ~_mask((t for t in inside if t in self._negated_bits), self._size)
            mask |= _mask(targets, self._size)
        if len(self._cache) >= _CACHED_CHARACTERS:
            self._cache.clear()
        self._cache[char] = mask
        return mask

    def last_match(self, text: str, is_dir: bool) -> int:
        """The index of the last pattern whose program matches all of `text`, or -1."""
        if self._empty:
            return -1
        state = self._start
        cache, stay_plain = self._cache, self._stay_plain
        skip_one, skip_two = self._skip_one, self._skip_two
        for char in text:
            consumers = cache.get(char)
            if consumers is None:
                consumers = self._consumers(char)
            if char == "/":
                state = (
                    ((state << 1) & consumers)
                    | (state & self._stay_slash)
                    | ((state & self._back_on_slash) >> 1)
                )
            else:
                state = ((state << 1) & consumers) | (state & stay_plain)
            if not state:
                return -1
            if skip_two:
                state |= (state & skip_two) << 2
            state |= (state & skip_one) << 1
        matched = state & (self._dir_finals if is_dir else self._file_finals)
        if not matched:
            return -1
        return self._indexes[bisect_left(self._finals, matched.bit_length() - 1)]


def _ranges(spec: _Char) -> list[tuple[int, int]]:
    """A class's ranges as code points, merged so that they do not overlap."""
    text = spec.text
    pairs = sorted((ord(text[i]), ord(text[i + 1])) for i in range(0, len(text), 2))
    merged: list[tuple[int, int]] = []
    for low, high in pairs:
        if low > high:
            continue  # "[z-a]" matches nothing
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return merged


class _Stabbing:
    """Which ranges hold a code point: a centred interval tree, O(log n + hits) a query."""

    def __init__(self, ranges: list[tuple[int, int, int]]) -> None:
        # Each node: (centre, ranges holding it by low ascending, by high descending, left, right)
        self._nodes: list[tuple[int, list[tuple[int, int, int]], list[tuple[int, int, int]]]] = []
        self._children: list[tuple[int, int]] = []
        self._root = self._build(sorted(ranges))

    def _build(self, ranges: list[tuple[int, int, int]]) -> int:
        """A node for `ranges` (sorted by low end): its centre is their median low end, so each
        child holds at most half of them and the tree is O(log n) deep."""
        if not ranges:
            return -1
        centre = ranges[len(ranges) // 2][0]
        here = [r for r in ranges if r[0] <= centre <= r[1]]
        node = len(self._nodes)
        self._nodes.append((centre, here, sorted(here, key=lambda r: -r[1])))
        self._children.append((-1, -1))
        left = self._build([r for r in ranges if r[1] < centre])
        right = self._build([r for r in ranges if r[0] > centre])
        self._children[node] = (left, right)
        return node

    def containing(self, point: int) -> list[int]:
        """The targets of the ranges that hold `point`."""
        found: list[int] = []
        node = self._root
        while node >= 0:
            centre, by_low, by_high = self._nodes[node]
            if point < centre:
                for low, _high, target in by_low:
                    if low > point:
                        break
                    found.append(target)
                node = self._children[node][0]
            else:
                for _low, high, target in by_high:
                    if high < point:
                        break
                    found.append(target)
                node = self._children[node][1] if point > centre else -1
        return found
