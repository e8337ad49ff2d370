"""Positions: our findings count 1-based lines and columns in characters (code points), end
exclusive; LSP counts 0-based lines and UTF-16 code units. Converting needs the line's text,
since a character outside the Basic Multilingual Plane is two UTF-16 units.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lsprotocol import types

# LSP's line terminators; str.splitlines would also split at \x0c, \x1c, \u2028 ...
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of a document as LSP numbers them, without their terminators."""
    return _LINE_BREAK.split(text)


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


class Lines:
    """A document's lines, for converting positions in both directions."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines

    @classmethod
    def of(cls, text: str) -> Lines:
        """The lines of a document's text (a leading BOM is not part of line 1's columns)."""
        return cls(split_lines(text.removeprefix("\ufeff")))

    def position(self, line: int, column: int) -> types.Position:
        """The LSP position of a 1-based line and character column (clamped to the text)."""
        if line < 1:
            return types.Position(0, 0)
        if line > len(self.lines):
            last = len(self.lines) - 1
            return types.Position(max(last, 0), _utf16_length(self.lines[last]) if last >= 0 else 0)
        text = self.lines[line - 1]
        return types.Position(line - 1, _utf16_length(text[: max(column - 1, 0)]))

    def range(self, line: int, column: int, end_line: int, end_column: int) -> types.Range:
        """The LSP range of a 1-based region, end column exclusive."""
        return types.Range(self.position(line, column), self.position(end_line, end_column))

    def location(self, position: types.Position) -> tuple[int, int]:
        """The 1-based line and character column of an LSP position (clamped to the text)."""
        if position.line >= len(self.lines):
            return len(self.lines) + 1, 1
        text = self.lines[position.line]
        units = 0
        for index, char in enumerate(text):
            if units >= position.character:
                return position.line + 1, index + 1
            units += 2 if ord(char) > 0xFFFF else 1
        return position.line + 1, len(text) + 1
