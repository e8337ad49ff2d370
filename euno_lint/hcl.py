"""Parse HCL text into our own small syntax tree with exact positions.

This is the only module that imports python-hcl2 or lark. It runs python-hcl2's Lark parser
(the raw tree API: every node carries 1-based line and column positions) and converts the raw
tree into frozen dataclasses: blocks with labels, attributes with key and value spans, a small
expression model, and comments. The rest of euno-lint never sees a python-hcl2 type.

The raw tree has a few quirks this module absorbs so that spans are exact: a heredoc token ends
on the line after its closing marker, trailing comments are attached to some expression nodes,
and a comment just before a binary operator is glued into the operator token.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, ModuleType
from typing import NamedTuple, TypeAlias

import lark
from lark import Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

from euno_lint.findings import Span

# --------------------------------------------------------------------------- the tree


@dataclass(frozen=True, slots=True)
class Literal:
    """A string without interpolation, a number, a bool or null."""

    value: str | int | float | bool | None
    span: Span


@dataclass(frozen=True, slots=True)
class Template:
    """A string (or heredoc) with interpolations: literal text parts and expression parts."""

    parts: tuple[str | Expression, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Traversal:
    """A reference such as ``var.token``, ``local.m["k"]`` or ``each.value``."""

    root: str
    steps: tuple[str | int | Expression, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class TupleExpr:
    """A list or tuple constructor ``[a, b]``."""

    items: tuple[Expression, ...]
    span: Span


class ObjectItem(NamedTuple):
    """One ``key = value`` element of an object constructor."""

    key: Expression
    value: Expression


@dataclass(frozen=True, slots=True)
class ObjectExpr:
    """An object constructor ``{ a = 1 }``."""

    items: tuple[ObjectItem, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class FunctionCall:
    """A function call such as ``file("x")`` or ``provider::ns::fn()``."""

    name: str
    args: tuple[Expression, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Opaque:
    """An expression whose value we never compute (operators, conditionals, for, splat).

    Its sub-expressions are kept so that references inside it can still be found.
    """

    kind: str
    children: tuple[Expression, ...]
    span: Span


Expression: TypeAlias = (
    Literal | Template | Traversal | TupleExpr | ObjectExpr | FunctionCall | Opaque
)


class Attribute(NamedTuple):
    """``name = value``: `name_span` covers the key, `span` runs from the key to the value's end."""

    name: str
    name_span: Span
    value: Expression
    span: Span


class Block(NamedTuple):
    """``type "label" ... { body }``: `header` runs from the type to the opening brace."""

    type: str
    labels: tuple[str, ...]
    body: Body
    header: Span
    span: Span


class Body(NamedTuple):
    """The attributes and nested blocks of a file or block, in source order."""

    attributes: tuple[Attribute, ...]
    blocks: tuple[Block, ...]

    def attribute(self, name: str) -> Attribute | None:
        """The first attribute called `name`, if any."""
        return next((a for a in self.attributes if a.name == name), None)

    def blocks_of(self, block_type: str) -> tuple[Block, ...]:
        """All nested blocks of the given type, in source order."""
        return tuple(b for b in self.blocks if b.type == block_type)


class Comment(NamedTuple):
    """A ``#``, ``//`` or ``/* */`` comment; `own_line` is true when nothing precedes it."""

    text: str
    span: Span
    own_line: bool


class SyntaxTree(NamedTuple):
    """The converted contents of one file."""

    body: Body
    comments: tuple[Comment, ...]


class HclSyntaxError(Exception):
    """The text is not HCL we can parse; the message is ours and never quotes the file."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


# --------------------------------------------------------------------------- parsing


def parse(text: str, *, comments: bool = True, timeout: float | None = None) -> SyntaxTree:
    """Parse HCL text (BOM already stripped, LF line endings) into our tree.

    Collecting comments walks every token; callers that need none (no suppression can be in
    a file that never mentions one) pass ``comments=False``. With `timeout` (seconds), a
    parse that takes longer stops with an HclSyntaxError instead of stalling the run.
    """
    # Loaded outside the time limit: Lark swallows exceptions while reading its grammar cache.
    lark_parser = _lark_parser()
    try:
        with _time_limit(timeout):
            try:
                raw = lark_parser.parse(text + "\n")
            except LarkError as error:
                raise _describe_lark_error(error, text) from None
            return _Converter(text).file(raw, comments=comments)
    except RecursionError:
        raise HclSyntaxError("nesting is too deep to parse") from None
    except _ParseTimeoutError:
        raise HclSyntaxError(
            f"file took too long to parse (more than {timeout:g} s; see parse-timeout)"
        ) from None


_PARSER_PACKAGES = frozenset({"lark", "hcl2", "euno_lint", "re"})


class _ParseTimeoutError(Exception):
    """Raised from the SIGALRM handler inside a parse that ran out of time."""


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    # Lark's parser is pure Python, so a signal interrupts it between bytecodes. Signals only
    # reach the main thread: elsewhere (a library caller's thread) the parse is unbounded.
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield
        return

    def stop(_signal: int, frame: FrameType | None) -> None:
        # Raise only inside the parser: raised in a finaliser or a gc callback, the exception
        # would be swallowed there (and reported as unraisable). The timer fires again soon.
        module = frame.f_globals.get("__name__", "") if frame is not None else ""
        if module.partition(".")[0] in _PARSER_PACKAGES:
            raise _ParseTimeoutError

    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, stop)
    # Fire again every 50 ms: a signal that lands in a finaliser is swallowed there, and the
    # next one must still stop the parse.
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:  # give back what remains of a caller's own timer
            remaining = max(previous_delay - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, remaining, previous_interval)


def warm_up() -> None:
    """Load the compiled grammar now (before forking workers, so they inherit it)."""
    _lark_parser()


_parser_module: ModuleType | None = None
_lark_instance: lark.Lark | None = None


def _lark_parser() -> lark.Lark:
    """python-hcl2's grammar and post-lexer, in a Lark parser that skips node positions.

    python-hcl2 asks Lark to propagate positions to every tree node; we read positions from
    tokens only, and not computing the rest makes parsing about 40% faster.
    """
    global _lark_instance
    if _lark_instance is None:
        module = _hcl2_parser()
        _lark_instance = lark.Lark.open(
            "hcl2.lark",
            rel_to=module.__file__,
            parser="lalr",
            propagate_positions=False,
            postlex=module.PostLexer(),
            cache=_grammar_cache_file(),
        )
    return _lark_instance


def _grammar_cache_file() -> str | bool:
    """Where Lark keeps the compiled grammar: a per-user cache, else its temporary file."""
    directory = _user_cache_dir()
    if directory is None:
        return True
    return str(directory / f"hcl2-{_hcl2_version()}-lark-{lark.__version__}-tokens.bin")


def _user_cache_dir() -> Path | None:
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        directory = Path(base) / "euno-lint"
        directory.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):
        return None
    return directory if os.access(directory, os.W_OK) else None


def _hcl2_parser() -> ModuleType:
    """``hcl2.parser``, with its grammar cache in a writable place, imported once."""
    global _parser_module
    if _parser_module is None:
        _parser_module = _import_parser_module()
        _use_writable_parser_cache(_parser_module)
    return _parser_module


def _import_parser_module() -> ModuleType:
    # hcl2/__init__.py imports python-hcl2's whole dict API (transformer, formatter,
    # reconstructor...), a fifth of a pre-commit run's time; we need only the parser. Import
    # it under a bare stand-in for the package, then drop the stand-in, so that a later
    # `import hcl2` elsewhere in the process still gets the real package.
    if "hcl2" in sys.modules:
        return importlib.import_module("hcl2.parser")
    spec = importlib.util.find_spec("hcl2")
    if spec is None or not spec.submodule_search_locations:
        return importlib.import_module("hcl2.parser")
    sys.modules["hcl2"] = importlib.util.module_from_spec(spec)
    try:
        return importlib.import_module("hcl2.parser")
    finally:
        del sys.modules["hcl2"]


def _use_writable_parser_cache(parser: ModuleType) -> None:
    # python-hcl2 caches its compiled grammar next to its own source; in read-only installs
    # that write fails and every use of its parser pays seconds to rebuild it. We parse with
    # our own instance (above), but python-hcl2's parser may be used in the same process.
    default = Path(parser.PARSER_FILE)
    if default.is_file() or os.access(default.parent, os.W_OK):
        return
    directory = _user_cache_dir()
    if directory is not None:
        name = f"hcl2-{_hcl2_version()}-lark-{lark.__version__}.bin"
        setattr(parser, "PARSER_FILE", directory / name)  # noqa: B010 - a module attribute


def _hcl2_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("python-hcl2")
    except PackageNotFoundError:
        return "unknown"


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


def _describe_lark_error(error: LarkError, text: str) -> HclSyntaxError:
    # Lark's own messages quote tokens, and a token can hold the rest of the file (secrets
    # included): build our message from token types and positions only.
    lexical = _lexical_problem(text) or _unsupported_construct(text)
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
    return _line_column(content, len(content))


_NAMESPACED_CALL = re.compile(r"(?<![\w:])[A-Za-z_][\w-]*::[A-Za-z_][\w-]*\s*\(")
_ARROW_AFTER_BREAK = re.compile(r"\n[ \t]*=>")
_HEREDOC_OPENING = re.compile(r"<<-?([A-Za-z][\w.-]*)\n")


def _unsupported_construct(text: str) -> HclSyntaxError | None:
    """Valid Terraform that python-hcl2's grammar rejects: say so, so nobody hunts a typo."""
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
    for opening in _HEREDOC_OPENING.finditer(text):
        marker = re.escape(opening.group(1))
        closing = re.compile(rf"^[ \t]*{marker}([ \t]*)$", re.MULTILINE).search(text, opening.end())
        if closing is not None and closing.group(1):
            found.append(
                (closing.start(1), "spaces after a heredoc's closing marker", "remove them")
            )
            break
    if not found:
        return None
    offset, what, fix = min(found)
    return HclSyntaxError(
        f"valid Terraform that euno-lint's HCL parser does not support: {what}; "
        f"{fix} to have this file checked",
        *_line_column(text, offset),
    )


_HEREDOC_START = re.compile(r"<<-?([A-Za-z][A-Za-z0-9._-]*)\n")


def _lexical_problem(text: str) -> HclSyntaxError | None:
    """Find an unterminated string, heredoc or block comment, or a string split over lines.

    Run only after the parser failed: these are the usual causes, and the parser itself
    reports them far from where they start (at the end of the file, say).
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
                    *_line_column(text, string_start),
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
                    "unterminated block comment (missing */)", *_line_column(text, position)
                )
            position = comment_end + 2
            continue
        elif text.startswith("<<", position):
            heredoc = _HEREDOC_START.match(text, position)
            if heredoc is not None:
                marker = re.escape(heredoc.group(1))
                close = re.compile(rf"^[ \t]*{marker}[ \t]*$", re.MULTILINE).search(
                    text, heredoc.end()
                )
                if close is None:
                    return HclSyntaxError(
                        f"unterminated heredoc (no closing {heredoc.group(1)} line)",
                        *_line_column(text, position),
                    )
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
            "unterminated string (missing closing quote)", *_line_column(text, string_start)
        )
    return None


# --------------------------------------------------------------------------- conversion

_TRIVIA = "new_line_or_comment"
_OPERATOR_TEXT = {
    "DOUBLE_EQ": "==",
    "NEQ": "!=",
    "LT": "<",
    "GT": ">",
    "LEQ": "<=",
    "GEQ": ">=",
    "ASTERISK": "*",
    "SLASH": "/",
    "PERCENT": "%",
    "DOUBLE_AMP": "&&",
    "DOUBLE_PIPE": "||",
    "PLUS": "+",
    "QMARK": "?",
}
_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
RawNode: TypeAlias = "Tree[Token] | Token | None"


def _is_trivia(node: RawNode) -> bool:
    if node is None:
        return True
    if type(node) is Token:
        return node.type == "NL_OR_COMMENT"
    return isinstance(node, Tree) and node.data == _TRIVIA


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw

    def replace(match: re.Match[str]) -> str:
        escape = match.group(0)
        if escape[1] in "uU" and len(escape) > 2:
            code_point = int(escape[2:], 16)
            scalar = code_point <= 0x10FFFF and not 0xD800 <= code_point <= 0xDFFF
            return chr(code_point) if scalar else escape  # not a character: keep the text
        return _SIMPLE_ESCAPES.get(escape[1], escape)

    return _ESCAPE.sub(replace, raw)


class _Converter:
    """Walks one raw Lark tree; keeps the source lines to correct heredoc end positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[str] | None = None

    # ---- positions

    # These two run for every node of every file: plain loops, no generator per level.
    def _first_token(self, node: RawNode) -> Token:
        while isinstance(node, Tree):
            for child in node.children:
                if not _is_trivia(child):
                    node = child
                    break
            else:
                raise ValueError("a syntax node without tokens")
        assert isinstance(node, Token)
        return node

    def _last_token(self, node: RawNode) -> Token:
        while isinstance(node, Tree):
            for child in reversed(node.children):
                if not _is_trivia(child):
                    node = child
                    break
            else:
                raise ValueError("a syntax node without tokens")
        assert isinstance(node, Token)
        return node

    def _span(self, first: Token, last: Token) -> Span:
        end_line, end_column = int(last.end_line or 1), int(last.end_column or 1)
        value = str(last)
        if value.endswith("\n"):
            # A heredoc token swallows the newline after its closing marker.
            body = value[:-1]
            end_line = int(last.line or 1) + body.count("\n")
            end_column = len(body.rsplit("\n", 1)[-1]) + 1
            if "\n" not in body:
                end_column += int(last.column or 1) - 1
        return Span(int(first.line or 1), int(first.column or 1), end_line, end_column)

    def span_of(self, node: RawNode) -> Span:
        return self._span(self._first_token(node), self._last_token(node))

    # ---- structure

    def file(self, start: Tree[Token], *, comments: bool) -> SyntaxTree:
        body_node = start.children[0]
        assert isinstance(body_node, Tree)
        return SyntaxTree(self.body(body_node), self.comments(start) if comments else ())

    def body(self, node: Tree[Token]) -> Body:
        attributes: list[Attribute] = []
        blocks: list[Block] = []
        for child in node.children:
            if not isinstance(child, Tree):
                continue
            if child.data == "attribute":
                attributes.append(self.attribute(child))
            elif child.data == "block":
                blocks.append(self.block(child))
        return Body(tuple(attributes), tuple(blocks))

    def attribute(self, node: Tree[Token]) -> Attribute:
        name_node, _equals, value_node = node.children
        name_token = self._first_token(name_node)
        value = self.expression(value_node)
        name_span = self._span(name_token, name_token)
        span = Span(name_span.line, name_span.column, value.span.end_line, value.span.end_column)
        return Attribute(str(name_token), name_span, value, span)

    def block(self, node: Tree[Token]) -> Block:
        names: list[str] = []
        body: Body | None = None
        lbrace: Token | None = None
        rbrace: Token | None = None
        for child in node.children:
            if isinstance(child, Token):
                if child.type == "LBRACE":
                    lbrace = child
                elif child.type == "RBRACE":
                    rbrace = child
            elif isinstance(child, Tree):
                if child.data == "body":
                    body = self.body(child)
                elif child.data == "string":
                    names.append(self._label_text(child))
                elif child.data != _TRIVIA:
                    names.append(str(self._first_token(child)))
        assert body is not None and lbrace is not None and rbrace is not None
        first = self._first_token(node)
        return Block(
            type=names[0],
            labels=tuple(names[1:]),
            body=body,
            header=self._span(first, lbrace),
            span=self._span(first, rbrace),
        )

    def _label_text(self, string_node: Tree[Token]) -> str:
        tokens = string_node.scan_values(lambda v: isinstance(v, Token))
        return "".join(str(t) for t in tokens if t.type != "DBLQUOTE")

    # ---- expressions

    def expression(self, node: RawNode) -> Expression:
        assert node is not None
        if isinstance(node, Token):
            return Opaque("token", (), self.span_of(node))
        kind = node.data
        if kind == "expr_term":
            children = [c for c in node.children if not _is_trivia(c)]
            if len(children) == 1:
                return self.expression(children[0])
            inner = self.expression(children[1])  # ( expression )
            return _with_span(inner, self.span_of(node))
        handler = getattr(self, f"_{kind}", None)
        if handler is not None:
            result: Expression = handler(node)
            return result
        return Opaque(str(kind), self._sub_expressions(node), self.span_of(node))

    def _sub_expressions(self, node: Tree[Token]) -> tuple[Expression, ...]:
        return tuple(
            self.expression(c)
            for c in node.children
            if isinstance(c, Tree)
            and c.data not in (_TRIVIA, "binary_operator")
            and c.data not in ("for_intro", "for_cond", "identifier")
        ) + self._for_parts(node)

    def _for_parts(self, node: Tree[Token]) -> tuple[Expression, ...]:
        parts: list[Expression] = []
        for child in node.children:
            if isinstance(child, Tree) and child.data in ("for_intro", "for_cond"):
                parts.extend(
                    self.expression(c)
                    for c in child.children
                    if isinstance(c, Tree) and c.data not in (_TRIVIA, "identifier")
                )
        return tuple(parts)

    def _int_lit(self, node: Tree[Token]) -> Expression:
        token = self._first_token(node)
        return Literal(int(str(token)), self._span(token, token))

    def _float_lit(self, node: Tree[Token]) -> Expression:
        token = self._first_token(node)
        return Literal(float(str(token)), self._span(token, token))

    def _literal_value(self, node: Tree[Token]) -> Expression:
        token = self._first_token(node)
        value = {"true": True, "false": False, "null": None}[str(token)]
        return Literal(value, self._span(token, token))

    def _identifier(self, node: Tree[Token]) -> Expression:
        token = self._first_token(node)
        return Traversal(str(token), (), self._span(token, token))

    def _string(self, node: Tree[Token]) -> Expression:
        parts: list[str | Expression] = []
        for part in node.children:
            if not isinstance(part, Tree):
                continue
            piece = part.children[0]
            if isinstance(piece, Token):
                if piece.type == "STRING_CHARS" and "\n" in str(piece):
                    start = self._first_token(node)
                    raise HclSyntaxError(
                        "a quoted string cannot span lines (missing closing quote?)",
                        int(start.line or 1),
                        int(start.column or 1),
                    )
                parts.append(_string_chars(piece))
            elif isinstance(piece, Tree) and piece.data == "interpolation":
                parts.append(self.expression(piece.children[1]))
            else:  # %{if} / %{for} directives: the text is not statically known
                parts.append(Opaque("template_directive", (), self.span_of(piece)))
        return _template(parts, self.span_of(node))

    def _unary_op(self, node: Tree[Token]) -> Expression:
        operator, operand_node = node.children
        operand = self.expression(operand_node)
        span = self.span_of(node)
        if isinstance(operand, Literal) and isinstance(operator, Token):
            value = operand.value
            if (
                operator.type == "MINUS"
                and isinstance(value, int | float)
                and not isinstance(value, bool)
            ):
                return Literal(-value, span)
            if operator.type == "NOT" and isinstance(value, bool):
                return Literal(not value, span)
        return Opaque("unary_op", (operand,), span)

    def _template_string(self, node: Tree[Token]) -> Expression:
        return Opaque("template_string", (), self.span_of(node))

    def _heredoc_template(self, node: Tree[Token]) -> Expression:
        return self._heredoc(node, trim=False)

    def _heredoc_template_trim(self, node: Tree[Token]) -> Expression:
        return self._heredoc(node, trim=True)

    def _heredoc(self, node: Tree[Token], *, trim: bool) -> Expression:
        token = self._first_token(node)
        span = self._span(token, token)
        lines = str(token).split("\n")[1:-2]  # drop "<<EOT" and the closing marker line
        if trim:
            indents = [len(x) - len(x.lstrip(" \t")) for x in lines if x.strip()]
            cut = min(indents, default=0)
            lines = [x[cut:] for x in lines]
        content = "".join(x + "\n" for x in lines)
        if "${" in content.replace("$${", "") or "%{" in content.replace("%%{", ""):
            return Opaque("heredoc_template", (), span)
        return Literal(content.replace("$${", "${").replace("%%{", "%{"), span)

    def _tuple(self, node: Tree[Token]) -> Expression:
        items = tuple(
            self.expression(c) for c in node.children if isinstance(c, Tree) and c.data != _TRIVIA
        )
        return TupleExpr(items, self.span_of(node))

    def _object(self, node: Tree[Token]) -> Expression:
        items: list[ObjectItem] = []
        for child in node.children:
            if isinstance(child, Tree) and child.data == "object_elem":
                key_node, _separator, value_node = child.children
                items.append(ObjectItem(self._object_key(key_node), self.expression(value_node)))
        return ObjectExpr(tuple(items), self.span_of(node))

    def _object_key(self, node: RawNode) -> Expression:
        assert isinstance(node, Tree)
        inner = node.children[0]
        key = self.expression(inner)
        if isinstance(key, Traversal) and not key.steps:
            return Literal(key.root, key.span)  # a bare name is the key itself, not a variable
        if isinstance(key, Opaque) and key.kind == "keyword":
            token = self._first_token(inner)
            return Literal(str(token), key.span)
        return key

    def _keyword(self, node: Tree[Token]) -> Expression:
        return Opaque("keyword", (), self.span_of(node))

    def _function_call(self, node: Tree[Token]) -> Expression:
        names = [
            str(self._first_token(c))
            for c in node.children
            if isinstance(c, Tree) and c.data == "identifier"
        ]
        args: tuple[Expression, ...] = ()
        for child in node.children:
            if isinstance(child, Tree) and child.data == "arguments":
                args = tuple(
                    self.expression(c)
                    for c in child.children
                    if isinstance(c, Tree) and c.data != _TRIVIA
                )
        return FunctionCall("::".join(names), args, self.span_of(node))

    def _get_attr_expr_term(self, node: Tree[Token]) -> Expression:
        base_node, get_attr = node.children
        assert isinstance(get_attr, Tree)
        name = str(self._last_token(get_attr))
        return self._traverse(self.expression(base_node), name, node)

    def _index_expr_term(self, node: Tree[Token]) -> Expression:
        base_node, index = node.children
        assert isinstance(index, Tree)
        step: str | int | Expression
        if index.data == "short_index":
            step = int(str(self._last_token(index)))
        else:
            inner = next(c for c in index.children if isinstance(c, Tree) and c.data != _TRIVIA)
            key = self.expression(inner)
            step = (
                key.value if isinstance(key, Literal) and isinstance(key.value, str | int) else key
            )
        return self._traverse(self.expression(base_node), step, node)

    def _traverse(
        self, base: Expression, step: str | int | Expression, node: Tree[Token]
    ) -> Expression:
        span = self.span_of(node)
        if isinstance(base, Traversal):
            return Traversal(base.root, (*base.steps, step), span)
        return Opaque("traversal", (base,), span)

    # ---- comments

    def comments(self, root: Tree[Token]) -> tuple[Comment, ...]:
        found: list[Comment] = []
        stack: list[RawNode] = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, Tree):
                stack.extend(reversed(node.children))
                continue
            if node is None:
                continue
            value = str(node)
            line, column = int(node.line or 1), int(node.column or 1)
            if node.type in _OPERATOR_TEXT and len(value) > len(_OPERATOR_TEXT[node.type]):
                # The postlexer glued a comment to this operator but kept the operator's
                # position: find the comment in the text just before the operator.
                value = value[: -len(_OPERATOR_TEXT[node.type])].rstrip(" \t\n")
                line, column = self._position_before(value, line, column)
            elif node.type != "NL_OR_COMMENT":
                continue
            if value.startswith(("#", "//", "/*")):
                found.append(self._comment(value.rstrip("\n"), line, column))
        return tuple(found)

    def _position_before(self, fragment: str, line: int, column: int) -> tuple[int, int]:
        lines = self._source_lines()
        offset = sum(len(x) + 1 for x in lines[: line - 1]) + column - 1
        start = self.text.rfind(fragment, 0, offset)
        if start < 0:
            return line, column
        return _line_column(self.text, start)

    def _source_lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def _comment(self, text: str, line: int, column: int) -> Comment:
        lines = self._source_lines()
        before = lines[line - 1][: column - 1] if line <= len(lines) else ""
        end_line = line + text.count("\n")
        last = text.rsplit("\n", 1)[-1]
        end_column = (column if end_line == line else 1) + len(last)
        return Comment(text, Span(line, column, end_line, end_column), not before.strip())


def _line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _string_chars(token: Token) -> str:
    value = str(token)
    if token.type == "ESCAPED_INTERPOLATION":
        return value[1:]  # $${x} is the literal text ${x}
    if token.type == "ESCAPED_DIRECTIVE":
        return value[1:]
    return _unescape(value)


def _template(parts: list[str | Expression], span: Span) -> Expression:
    if all(isinstance(p, str) for p in parts):
        return Literal("".join(p for p in parts if isinstance(p, str)), span)
    return Template(tuple(parts), span)


def _with_span(expression: Expression, span: Span) -> Expression:
    if isinstance(expression, Literal):
        return Literal(expression.value, span)
    if isinstance(expression, Traversal):
        return Traversal(expression.root, expression.steps, span)
    return Opaque("parenthesized", (expression,), span)
