"""Where a position of a decoded file lies in the file's bytes as read.

Spans count lines and characters in the decoded text (BOM dropped, CRLF read as LF); an edit
must splice the exact bytes (BOM, CR and all). `ByteMap` answers byte offsets for a file's
bytes, and the line ending an inserted line should use there.
"""

from __future__ import annotations

_BOM = b"\xef\xbb\xbf"


class ByteMap:
    """Byte offsets of (line, column) positions in one file's bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.bom = len(_BOM) if data.startswith(_BOM) else 0
        starts = [self.bom]
        position = data.find(b"\n", self.bom)
        while position >= 0:
            starts.append(position + 1)
            position = data.find(b"\n", position + 1)
        self.starts = starts

    def offset(self, line: int, column: int) -> int | None:
        """The byte offset of a 1-based line and character column; None when the file has no
        such position (a column past the end of its line, a line past the end)."""
        if not 1 <= line <= len(self.starts) or column < 1:
            return None
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.data)
        raw = self.data[start:end]
        if line < len(self.starts) and raw.endswith(b"\r"):
            raw = raw[:-1]  # CRLF: the CR is part of the line ending, not of the line
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if column - 1 > len(text):
            return None
        return start + len(text[: column - 1].encode("utf-8"))

    def newline_at(self, line: int) -> str:
        """The line ending of a line (of the line before, for a last line without one)."""
        for number in (line, line - 1):
            if 1 <= number < len(self.starts):
                end = self.starts[number] - 1
                return "\r\n" if end > 0 and self.data[end - 1 : end] == b"\r" else "\n"
        return "\n"
