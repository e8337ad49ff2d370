"""Apply the fixes of findings: choose the ones that do not overlap, splice their bytes, show
the result as a unified diff or write it back safely.

Fixing goes in rounds: a round applies, in memory, every chosen fix whose edits overlap none
chosen before it, and the caller lints the result again (its findings and fixes are those of
the new text) until no fix is left or `MAX_ROUNDS` is reached. Only then is anything written:
each changed file is replaced, through no-follow directory descriptors, when it lies inside a
scanned tree, is a regular file and still holds the bytes it was fixed from. Every byte outside
an edit is kept: a fix knows byte offsets in the exact bytes it was computed from (BOM and CR
included), and applies only to bytes with the same SHA-256.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from euno_lint.engine.output import WriteError, read_inside, replace_inside
from euno_lint.findings import Finding, Fix, FixEdit, Report
from euno_lint.paths import absolute, relative_inside
from euno_lint.terraform.source import MAX_FILE_BYTES

MAX_ROUNDS = 10
_CONTEXT_LINES = 3
# A name a diff header cannot show as it is: it would start a line, drive the terminal or
# forge a workflow command.
_UNSHOWABLE_NAME = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|##\\["
)


class Written(NamedTuple):
    """What writing the fixed files did: the files written, and one line per file not."""

    files: tuple[str, ...]
    problems: tuple[str, ...]


def applicable(findings: Iterable[Finding], unsafe: bool) -> Iterator[Fix]:
    """The fixes of active findings that apply (safe ones, or all with `unsafe`), in order."""
    for finding in findings:
        fix = finding.fix
        if fix is not None and not finding.suppressed and (fix.safe or unsafe):
            yield fix


def overlap(first: FixEdit, second: FixEdit) -> bool:
    """Whether two edits touch the same bytes of a file (or insert at the same place, or
    insert where the other starts replacing: their order would be ambiguous)."""
    if first.path != second.path:
        return False
    if first.start_byte < second.end_byte and second.start_byte < first.end_byte:
        return True
    empty = first.start_byte == first.end_byte or second.start_byte == second.end_byte
    return empty and first.start_byte == second.start_byte


def splice(data: bytes, edits: Sequence[FixEdit]) -> bytes:
    """`data` with non-overlapping edits applied (ValueError when they overlap or fall
    outside it)."""
    ordered = sorted(edits, key=lambda e: (e.start_byte, e.end_byte))
    for before, after in itertools.pairwise(ordered):
        if overlap(before, after):
            raise ValueError("overlapping edits")
    pieces: list[bytes] = []
    position = 0
    for edit in ordered:
        if not 0 <= edit.start_byte <= edit.end_byte <= len(data) or edit.start_byte < position:
            raise ValueError("an edit outside the file")
        pieces.append(data[position : edit.start_byte])
        pieces.append(edit.replacement.encode("utf-8"))
        position = edit.end_byte
    pieces.append(data[position:])
    return b"".join(pieces)


class Fixer:
    """The files of a fixing session: what each held when first read, and what it holds now.

    `trees` are the scanned paths (absolute): a file is fixed only inside one (a directory)
    or when it is one (a file). `virtual` are contents not read from disk (stdin's buffer):
    fixed in memory, never written.
    """

    def __init__(
        self, trees: Sequence[str], cwd: str, virtual: Mapping[str, bytes] | None = None
    ) -> None:
        self.trees = tuple(trees)
        self.cwd = cwd
        self.virtual = dict(virtual or {})
        self.original: dict[str, bytes] = {}
        self.current: dict[str, bytes] = {}
        self.problems: dict[str, str] = {}
        self.applied: list[frozenset[str]] = []  # the files of each fix applied

    def base_of(self, path: str) -> str | None:
        """The directory a file is read and written under (its scanned tree), or None when
        the file is in none."""
        for tree in self.trees:
            if path == tree:
                return os.path.dirname(tree)
            if relative_inside(path, tree) not in (None, "."):
                return tree
        return None

    def _content(self, path: str) -> bytes | None:
        if path in self.current:
            return self.current[path]
        if path in self.problems:
            return None
        if _UNSHOWABLE_NAME.search(path):
            self.problems[path] = f"not fixed: {path}: its name has characters a diff cannot show"
            return None
        if path in self.virtual:
            data = self.virtual[path]
        else:
            base = self.base_of(path)
            if base is None:
                where = "outside the linted paths"
                if self.virtual:
                    where = "only stdin's buffer is fixed"
                self.problems[path] = f"not fixed: {path}: {where}"
                return None
            try:
                data = read_inside(path, base, MAX_FILE_BYTES + 1)
            except WriteError as error:
                self.problems[path] = str(error)
                return None
        self.original[path] = self.current[path] = data
        return data

    def apply_round(self, fixes: Iterable[Fix]) -> int:
        """Apply, in memory, each fix whose edits overlap none applied before it this round
        and whose files still hold the bytes it was computed from; returns how many."""
        chosen: list[FixEdit] = []
        count = 0
        for fix in fixes:
            if not fix.edits or any(overlap(e, c) for e in fix.edits for c in chosen):
                continue
            if not all(self._matches(edit) for edit in fix.edits):
                continue
            chosen.extend(fix.edits)
            self.applied.append(frozenset(absolute(e.path, self.cwd) for e in fix.edits))
            count += 1
        by_file: dict[str, list[FixEdit]] = {}
        for edit in chosen:
            by_file.setdefault(absolute(edit.path, self.cwd), []).append(edit)
        for path, edits in by_file.items():
            self.current[path] = splice(self.current[path], edits)
        return count

    def _matches(self, edit: FixEdit) -> bool:
        data = self._content(absolute(edit.path, self.cwd))
        return data is not None and hashlib.sha256(data).hexdigest() == edit.digest

    def fixes_in(self, files: Iterable[str]) -> int:
        """How many applied fixes changed only these files."""
        kept = set(files)
        return sum(1 for touched in self.applied if touched <= kept)

    def changed(self) -> dict[str, bytes]:
        """The files whose content the fixes changed (absolute path: new bytes)."""
        return {p: d for p, d in self.current.items() if d != self.original[p]}

    def write(self) -> Written:
        """Write every changed file that was read from disk (see the module's docstring)."""
        written: list[str] = []
        problems: list[str] = []
        for path, data in sorted(self.changed().items()):
            if path in self.virtual:
                continue
            base = self.base_of(path)
            if base is None:  # read from inside a tree, so never; kept for safety
                problems.append(f"not fixed: {path} is outside the linted paths")
                continue
            try:
                replace_inside(path, base, data, self.original[path])
            except WriteError as error:
                problems.append(str(error))
                continue
            written.append(path)
        return Written(tuple(written), tuple(problems))

    def diff(self, root: str) -> bytes:
        """The changes as a unified diff whose paths (``a/REL``, ``b/REL``) are relative to
        `root`, so that ``patch -p1`` in `root` applies it."""
        parts: list[bytes] = []
        for path, data in sorted(self.changed().items()):
            name = relative_inside(path, root) or path.lstrip("/")
            parts.append(unified_diff(self.original[path], data, name))
        return b"".join(parts)


def fix_rounds(
    report: Report,
    relint: Callable[[Mapping[str, bytes]], Report],
    fixer: Fixer,
    *,
    unsafe: bool = False,
    rounds: int = MAX_ROUNDS,
) -> tuple[Report, bool]:
    """Apply fixes in memory round after round, linting the changed files again after each
    (`relint` takes the changed contents); the last report, and whether fixes were left when
    the bound on rounds stopped it."""
    for _ in range(rounds):
        if not fixer.apply_round(applicable(report.findings, unsafe)):
            return report, False
        report = relint(fixer.changed())
    return report, any(applicable(report.findings, unsafe))


def unified_diff(before: bytes, after: bytes, name: str) -> bytes:
    """A unified diff of one file that keeps every byte: line endings as they are (CRLF
    too), and "\\ No newline at end of file" after a last line without one."""
    old, new = _lines(before), _lines(after)
    encoded = name.encode("utf-8", "surrogateescape")
    out = [b"--- a/" + encoded + b"\n", b"+++ b/" + encoded + b"\n"]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for group in matcher.get_grouped_opcodes(_CONTEXT_LINES):
        first, last = group[0], group[-1]
        out.append(
            b"@@ -%s +%s @@\n"
            % (_range(first[1], last[2]).encode(), _range(first[3], last[4]).encode())
        )
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(_marked(b" ", old[i1:i2]))
                continue
            out.extend(_marked(b"-", old[i1:i2]))
            out.extend(_marked(b"+", new[j1:j2]))
    return b"".join(out)


def _lines(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    last = lines.pop()
    kept = [line + b"\n" for line in lines]
    if last:
        kept.append(last)
    return kept


def _marked(prefix: bytes, lines: Sequence[bytes]) -> Iterator[bytes]:
    for line in lines:
        yield prefix + line
        if not line.endswith(b"\n"):
            yield b"\n\\ No newline at end of file\n"


def _range(start: int, stop: int) -> str:
    length = stop - start
    if length == 0:
        return f"{start},0"
    return f"{start + 1}" if length == 1 else f"{start + 1},{length}"
