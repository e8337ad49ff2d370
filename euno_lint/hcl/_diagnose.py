"""Why a file does not parse, in our own words, at the place where the problem starts.

Lark's messages quote tokens, and a token can hold the rest of the file (secrets included), so
messages are built from token types and positions only. Before that, a small scan finds the
usual culprits, which the parser reports far from where they start: an unterminated string,
heredoc or block comment, and valid Terraform that our grammar does not support (a ``~`` strip
marker in an interpolation, a name with non-ASCII letters, a ``/* */`` comment where the grammar
takes none). Such a construct is named only when the file parses once it is blanked out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

from euno_lint.hcl._parser import lark_parser
from euno_lint.hcl.tree import HclSyntaxError

_PUNCTUATION = {
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LSQB": "'['",
    "RSQB": "']'",
    "LPAR": "'('",
    "RPAR": "')'",
    "EQ": "'='",
    "COLON": "':'",
    "COMMA": "','",
    "DOT": "'.'",
    "DBLQUOTE": "'\"'",
    "QMARK": "'?'",
    "FOR_OBJECT_ARROW": "'=>'",
    "ELLIPSIS": "'...'",
    "COLONS": "'::'",
    "INTERP_START": "'${'",
    "DIRECTIVE_START": "'%{'",
}
_TOKEN_KINDS = {
    "NAME": "a name",
    "STRING_CHARS": "text",
    "INT_LITERAL": "a number",
    "FLOAT_LITERAL": "a number",
    "NL_OR_COMMENT": "a line break",
    "$END": "the end of the file",
}


def _token_kind(token_type: str) -> str:
    return _PUNCTUATION.get(token_type) or _TOKEN_KINDS.get(token_type) or "a keyword or operator"


def describe_lark_error(error: LarkError, text: str) -> HclSyntaxError:
    # Lark's own messages quote tokens, and a token can hold the rest of the file (secrets
    # included): build our message from token types and positions only.
    found = Unsupported()
    lexical = _lexical_problem(text, found)
    if lexical is not None:
        return lexical
    blanked = _parse_blanked(text, found)
    if blanked is True:
        return _unsupported(text, found, _error_offset(error, text))
    moved = isinstance(blanked, LarkError)
    if isinstance(blanked, LarkError):
        # The mistake that remains once what HCL accepts is blanked out (at the same offsets:
        # a blank is as long as what it replaces).
        error = blanked
    if isinstance(error, UnexpectedToken):
        token = error.token
        if token.type == "$END":
            return HclSyntaxError("unexpected end of file", *_end_of_content(text))
        line, column = int(token.line or 1), int(token.column or 1)
        if moved:
            line, column = line_column(text, int(token.start_pos or 0))
        expected = sorted({_token_kind(t) for t in error.expected if t in _PUNCTUATION})
        hint = f" (expected {', '.join(expected[:4])})" if expected else ""
        return HclSyntaxError(
            f"syntax error: unexpected {_token_kind(token.type)}{hint}", line, column
        )
    if isinstance(error, UnexpectedCharacters):
        char = error.char
        shown = repr(char) if char.isascii() and char.isprintable() else f"U+{ord(char):04X}"
        line, column = error.line, error.column
        if moved:
            line, column = line_column(text, _stream_position(error))
        return HclSyntaxError(f"syntax error: unexpected character {shown}", line, column)
    if isinstance(error, UnexpectedEOF):
        return HclSyntaxError("unexpected end of file", *_end_of_content(text))
    return HclSyntaxError("syntax error")


def _end_of_content(text: str) -> tuple[int, int]:
    """The position just after the last non-blank character: where the file stops short."""
    content = text.rstrip()
    return line_column(content, len(content))


def _error_offset(error: LarkError, text: str) -> int:
    """Where in `text` the parser stopped."""
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        return int(error.token.start_pos or 0)
    if isinstance(error, UnexpectedCharacters):
        return _stream_position(error)
    return len(text)


def _stream_position(error: UnexpectedCharacters) -> int:
    position: object = error.pos_in_stream  # typed as None in lark's stubs, set on raising
    return position if isinstance(position, int) else 0


@dataclass
class Unsupported:
    """What `_lexical_problem` finds that HCL accepts and our grammar does not: offsets of the
    ``~`` of strip markers in interpolations (``${~ x ~}``), of non-ASCII characters in names,
    and the (start, end) of ``/* */`` comments (which the grammar takes in most places only)."""

    strip_markers: list[int] = field(default_factory=list)
    name_characters: list[int] = field(default_factory=list)
    block_comments: list[tuple[int, int]] = field(default_factory=list)


def _unsupported_construct(
    text: str, found: Unsupported | None = None, *, at: int | None = None
) -> HclSyntaxError | None:
    """Valid Terraform that our grammar rejects, when that is why `text` does not parse.

    `found` is what `_lexical_problem` found in the file (it runs when not given); `at` is
    where the parser stopped (the end of the file when not given).
    """
    if found is None:
        found = Unsupported()
        if _lexical_problem(text, found) is not None:
            return None
    if _parse_blanked(text, found) is not True:
        return None
    return _unsupported(text, found, len(text) if at is None else at)


def _candidates(found: Unsupported) -> list[tuple[int, int, str, str, str]]:
    """(start, end, blank, what, fix) of everything found, by position."""
    candidates = [
        (
            offset,
            offset + 1,
            " ",
            "a strip marker (~) in an interpolation",
            "remove it (and strip the spaces by hand)",
        )
        for offset in found.strip_markers
    ]
    candidates.extend(
        (offset, offset + 1, "x", "a name with non-ASCII letters", "use ASCII letters")
        for offset in found.name_characters
    )
    candidates.extend(
        (
            start,
            end,
            " " * (end - start),
            "a /* */ comment at this place",
            "move it to the end of the line",
        )
        for start, end in found.block_comments
    )
    candidates.sort()
    return candidates


def _parse_blanked(text: str, found: Unsupported) -> bool | LarkError | None:
    """Parse `text` with everything `found` blanked out (a strip marker or a comment replaced
    by spaces, a letter by ``x``: the same length): None when nothing was found, True when it
    parses, else the parser's error. Linear, as is one more parse."""
    candidates = _candidates(found)
    if not candidates:
        return None
    pieces: list[str] = []
    done = 0
    for start, end, blank, _what, _fix in candidates:
        if start >= done:  # a letter inside a comment is blanked with the comment
            pieces.append(text[done:start])
            pieces.append(blank)
            done = end
    pieces.append(text[done:])
    try:
        lark_parser().parse("".join(pieces) + "\n")
    except LarkError as error:
        return error
    return True


def _unsupported(text: str, found: Unsupported, at: int) -> HclSyntaxError:
    """Say which construct the parser could not read: the last one at or before `at`, where
    it stopped (else the first)."""
    candidates = _candidates(found)
    before = [c for c in candidates if c[0] <= at]
    offset, _end, _blank, what, fix = before[-1] if before else candidates[0]
    if what.startswith("a name"):
        while offset > 0 and _is_name_character(text[offset - 1]):
            offset -= 1  # the start of the name
    return HclSyntaxError(
        f"valid Terraform that euno-lint's HCL parser does not support: {what}; "
        f"{fix} to have this file checked",
        *line_column(text, offset),
    )


def _is_name_character(char: str) -> bool:
    return (char.isascii() and (char.isalnum() or char in "_-")) or _is_non_ascii_letter(char)


def _is_non_ascii_letter(char: str) -> bool:
    """A character HCL takes in a name (Unicode ID_Continue) and python-hcl2 does not."""
    return not char.isascii() and ("_" + char).isidentifier()


_HEREDOC_START = re.compile(r"<<-?([A-Za-z][A-Za-z0-9._-]*)\n")


def _lexical_problem(text: str, found: Unsupported | None = None) -> HclSyntaxError | None:
    """Find an unterminated string, heredoc or block comment, or a string split over lines.

    Run only after the parser failed: these are the usual causes, and the parser itself
    reports them far from where they start (at the end of the file, say). What HCL accepts
    and our grammar does not is added to `found` on the way. The scan is linear: each
    heredoc's closing line is searched from the heredoc on, and the scan goes on after it.
    """
    if found is None:
        found = Unsupported()
    position, length = 0, len(text)
    string_start = -1  # offset of the opening quote of the string we are in, or -1
    # Strings around the current ${...} or %{...}: (start, depth, an interpolation?)
    frames: list[tuple[int, int, bool]] = []
    depth = 0  # braces opened inside the current ${...}
    while position < length:
        char = text[position]
        if string_start >= 0:
            if char == "\\":
                position += 2
                continue
            if char == "\n":
                return HclSyntaxError(
                    "a quoted string cannot span lines (missing closing quote?)",
                    *line_column(text, string_start),
                )
            if char == '"':
                string_start = -1
            elif text.startswith(("$${", "%%{"), position):
                position += 3
                continue
            elif text.startswith(("${", "%{"), position):
                interpolation = char == "$"
                frames.append((string_start, depth, interpolation))
                string_start, depth = -1, 0
                position += 2
                if interpolation and text.startswith("~", position):
                    found.strip_markers.append(position)
                continue
            position += 1
            continue
        if char == '"':
            string_start = position
        elif char == "#" or text.startswith("//", position):
            newline = text.find("\n", position)
            position = length if newline < 0 else newline
            continue
        elif text.startswith("/*", position):
            comment_end = text.find("*/", position + 2)
            if comment_end < 0:
                return HclSyntaxError(
                    "unterminated block comment (missing */)", *line_column(text, position)
                )
            found.block_comments.append((position, comment_end + 2))
            position = comment_end + 2
            continue
        elif text.startswith("<<", position):
            heredoc = _HEREDOC_START.match(text, position)
            if heredoc is not None:
                marker = re.escape(heredoc.group(1))
                close = re.compile(rf"^[ \t]*{marker}([ \t]*)$", re.MULTILINE).search(
                    text, heredoc.end()
                )
                if close is None:
                    return HclSyntaxError(
                        f"unterminated heredoc (no closing {heredoc.group(1)} line)",
                        *line_column(text, position),
                    )
                position = close.end()
                continue
        elif frames and char == "{":
            depth += 1
        elif frames and char == "}":
            if depth == 0:
                string_start, depth, interpolation = frames.pop()
                before = position - 1
                while before > 0 and text[before] in " \t\n":
                    before -= 1  # each blank run is walked back once, by the } after it
                if interpolation and text[before] == "~":
                    found.strip_markers.append(before)
            else:
                depth -= 1
        elif not char.isascii() and _is_non_ascii_letter(char):
            found.name_characters.append(position)
        position += 1
    if string_start >= 0:
        return HclSyntaxError(
            "unterminated string (missing closing quote)", *line_column(text, string_start)
        )
    return None


def line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
