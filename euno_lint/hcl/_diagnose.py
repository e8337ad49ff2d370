"""Why a file does not parse, in our own words, at the place where the problem starts.

Lark's messages quote tokens, and a token can hold the rest of the file (secrets included), so
messages are built from token types and positions only. Before that, a small scan finds the
usual culprits, which the parser reports far from where they start: an unterminated string,
heredoc or block comment, and valid Terraform that python-hcl2's grammar does not support.
"""

from __future__ import annotations

import re

from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

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
    heredocs: list[re.Match[str]] = []
    lexical = _lexical_problem(text, heredocs) or _unsupported_construct(text, heredocs)
    if lexical is not None:
        return lexical
    if isinstance(error, UnexpectedToken):
        token = error.token
        if token.type == "$END":
            return HclSyntaxError("unexpected end of file", *_end_of_content(text))
        line, column = int(token.line or 1), int(token.column or 1)
        expected = sorted({_token_kind(t) for t in error.expected if t in _PUNCTUATION})
        hint = f" (expected {', '.join(expected[:4])})" if expected else ""
        return HclSyntaxError(
            f"syntax error: unexpected {_token_kind(token.type)}{hint}", line, column
        )
    if isinstance(error, UnexpectedCharacters):
        char = error.char
        shown = repr(char) if char.isascii() and char.isprintable() else f"U+{ord(char):04X}"
        return HclSyntaxError(
            f"syntax error: unexpected character {shown}", error.line, error.column
        )
    if isinstance(error, UnexpectedEOF):
        return HclSyntaxError("unexpected end of file", *_end_of_content(text))
    return HclSyntaxError("syntax error")


def _end_of_content(text: str) -> tuple[int, int]:
    """The position just after the last non-blank character: where the file stops short."""
    content = text.rstrip()
    return line_column(content, len(content))


_NAMESPACED_CALL = re.compile(r"(?<![\w:-])[A-Za-z_][\w-]*::[A-Za-z_][\w-]*\s*\(")
_ARROW_AFTER_BREAK = re.compile(r"\n[ \t]*=>")


def _unsupported_construct(
    text: str, heredocs: list[re.Match[str]] | None = None
) -> HclSyntaxError | None:
    """Valid Terraform that python-hcl2's grammar rejects: say so, so nobody hunts a typo.

    `heredocs` are the closing lines of the file's heredocs, as `_lexical_problem` found them
    (outside comments and strings, each searched from where the previous one ended): the whole
    check is linear in the size of the file.
    """
    if heredocs is None:
        heredocs = []
        if _lexical_problem(text, heredocs) is not None:
            heredocs = []
    found: list[tuple[int, str, str]] = []
    call = _NAMESPACED_CALL.search(text)
    if call is not None:
        found.append(
            (
                call.start(),
                "a function call with a namespace (core::name())",
                "call it without core::",
            )
        )
    arrow = _ARROW_AFTER_BREAK.search(text)
    if arrow is not None:
        found.append(
            (
                arrow.end() - 2,
                "a line break before => in a for expression",
                "put => on the line before",
            )
        )
    closing = next((match for match in heredocs if match.group(1)), None)
    if closing is not None:
        found.append((closing.start(1), "spaces after a heredoc's closing marker", "remove them"))
    if not found:
        return None
    offset, what, fix = min(found)
    return HclSyntaxError(
        f"valid Terraform that euno-lint's HCL parser does not support: {what}; "
        f"{fix} to have this file checked",
        *line_column(text, offset),
    )


_HEREDOC_START = re.compile(r"<<-?([A-Za-z][A-Za-z0-9._-]*)\n")


def _lexical_problem(
    text: str, heredocs: list[re.Match[str]] | None = None
) -> HclSyntaxError | None:
    """Find an unterminated string, heredoc or block comment, or a string split over lines.

    Run only after the parser failed: these are the usual causes, and the parser itself
    reports them far from where they start (at the end of the file, say). The closing line of
    every heredoc met is added to `heredocs` (its group 1: spaces after the marker). The scan
    is linear: each heredoc's closing line is searched from the heredoc on, and the scan goes
    on after it.
    """
    position, length = 0, len(text)
    string_start = -1  # offset of the opening quote of the string we are in, or -1
    frames: list[tuple[int, int]] = []  # strings around the current ${...}: (start, depth)
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
                frames.append((string_start, depth))
                string_start, depth = -1, 0
                position += 2
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
                if heredocs is not None:
                    heredocs.append(close)
                position = close.end()
                continue
        elif frames and char == "{":
            depth += 1
        elif frames and char == "}":
            if depth == 0:
                string_start, depth = frames.pop()
            else:
                depth -= 1
        position += 1
    if string_start >= 0:
        return HclSyntaxError(
            "unterminated string (missing closing quote)", *line_column(text, string_start)
        )
    return None


def line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
