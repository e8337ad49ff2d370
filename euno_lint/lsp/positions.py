"""Positions: our findings count 1-based lines and columns in characters (code points), end
exclusive; LSP counts 0-based lines and, by default, UTF-16 code units (a client may negotiate
UTF-8 bytes or UTF-32, that is code points, instead). Converting needs the line's text, since a
character outside the Basic Multilingual Plane is two UTF-16 units, and most are several bytes.
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


UTF16 = "utf-16"


def _width(char: str, encoding: str) -> int:
    """How many units of the position encoding a character takes."""
    code = ord(char)
    if encoding == "utf-8":
        return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    if encoding == "utf-32":
        return 1
    return 2 if code > 0xFFFF else 1


class Lines:
    """A document's lines, for converting positions in both directions, in the position
    encoding the client and server agreed on (``utf-16`` unless told)."""

    def __init__(self, lines: Sequence[str], encoding: str = UTF16) -> None:
        self.lines = lines
        self.encoding = encoding

    @classmethod
    def of(cls, text: str, encoding: str = UTF16) -> Lines:
        """The lines of a document's text (a leading BOM is not part of line 1's columns)."""
        return cls(split_lines(text.removeprefix("\ufeff")), encoding)

    def _length(self, text: str) -> int:
        if text.isascii():
            return len(text)
        return sum(_width(char, self.encoding) for char in text)

    def position(self, line: int, column: int) -> types.Position:
        """The LSP position of a 1-based line and character column (clamped to the text)."""
        if line < 1:
            return types.Position(0, 0)
        if line > len(self.lines):
            last = len(self.lines) - 1
            return types.Position(max(last, 0), self._length(self.lines[last]) if last >= 0 else 0)
        text = self.lines[line - 1]
        return types.Position(line - 1, self._length(text[: max(column - 1, 0)]))

    def range(self, line: int, column: int, end_line: int, end_column: int) -> types.Range:
        """The LSP range of a 1-based region, end column exclusive."""
        return types.Range(self.position(line, column), self.position(end_line, end_column))
