"""python-hcl2's raw Lark tree -> our syntax tree, with exact spans.

The raw tree has a few quirks absorbed here so that spans are exact: a heredoc token ends on
the line after its closing marker (spaces after the marker included), trailing comments are
attached to some expression nodes, a comment just before a binary operator is glued into the
operator token, and line breaks and comments the post-lexer hid from the parser ride on the
token after them (`TriviaToken`).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable
from typing import TypeAlias

from lark import Token, Tree

from euno_lint.findings import Span
from euno_lint.hcl._diagnose import line_column
from euno_lint.hcl._parser import TriviaToken
from euno_lint.hcl.tree import (
    Access,
    Attribute,
    Block,
    Body,
    Comment,
    Conditional,
    Expression,
    ForExpr,
    FunctionCall,
    HclSyntaxError,
    Literal,
    ObjectExpr,
    ObjectItem,
    Opaque,
    Operation,
    Splat,
    SyntaxTree,
    Template,
    Traversal,
    TupleExpr,
)

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
_UNARY_TEXT = {"MINUS": "-", "NOT": "!"}
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


class Converter:
    """Walks one raw Lark tree; keeps the source lines to correct heredoc end positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[str] | None = None
        # Expression nodes we model, by grammar rule; any other rule becomes Opaque.
        self._handlers: dict[str, Callable[[Tree[Token]], Expression]] = {
            "int_lit": self._int_lit,
            "float_lit": self._float_lit,
            "literal_value": self._literal_value,
            "identifier": self._identifier,
            "string": self._string,
            "unary_op": self._unary_op,
            "template_string": self._template_string,
            "heredoc_template": self._heredoc_template,
            "heredoc_template_trim": self._heredoc_template_trim,
            "tuple": self._tuple,
            "object": self._object,
            "keyword": self._keyword,
            "function_call": self._function_call,
            "get_attr_expr_term": self._get_attr_expr_term,
            "index_expr_term": self._index_expr_term,
            "conditional": self._conditional,
            "binary_op": self._binary_op,
            "for_tuple_expr": self._for_expr,
            "for_object_expr": self._for_expr,
            "attr_splat_expr_term": self._splat,
            "full_splat_expr_term": self._splat,
        }

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
            # A heredoc token swallows the newline after its closing marker, and any spaces
            # between them.
            body = value[:-1].rstrip(" \t")
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
        # HCL decodes escapes in labels: "euno\u005fhex_integration" is euno_hex_integration.
        tokens = string_node.scan_values(lambda v: isinstance(v, Token))
        return _nfc(_unescape("".join(str(t) for t in tokens if t.type != "DBLQUOTE")))

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
        handler = self._handlers.get(str(kind))
        if handler is not None:
            return handler(node)
        return Opaque(str(kind), self._sub_expressions(node), self.span_of(node))

    def _sub_expressions(self, node: Tree[Token]) -> tuple[Expression, ...]:
        """The expressions anywhere inside a node we do not model (a template directive)."""
        found: list[Expression] = []
        for child in node.children:
            if not isinstance(child, Tree) or child.data in (_TRIVIA, "identifier"):
                continue
            if child.data in self._handlers or child.data == "expr_term":
                found.append(self.expression(child))
            else:
                found.extend(self._sub_expressions(child))
        return tuple(found)

    def _meaningful(self, node: Tree[Token]) -> list[Tree[Token] | Token]:
        return [c for c in node.children if c is not None and not _is_trivia(c)]

    def _conditional(self, node: Tree[Token]) -> Expression:
        condition, _question, true, _colon, false = self._meaningful(node)
        return Conditional(
            self.expression(condition),
            self.expression(true),
            self.expression(false),
            self.span_of(node),
        )

    def _binary_op(self, node: Tree[Token]) -> Expression:
        left, term = self._meaningful(node)[:2]
        assert isinstance(term, Tree)
        operator_node, right = self._meaningful(term)
        token = self._first_token(operator_node)
        operator = _OPERATOR_TEXT.get(token.type) or _UNARY_TEXT.get(token.type) or str(token)
        return Operation(
            operator, (self.expression(left), self.expression(right)), self.span_of(node)
        )

    def _for_expr(self, node: Tree[Token]) -> Expression:
        parts = self._meaningful(node)
        intro = next(p for p in parts if isinstance(p, Tree) and p.data == "for_intro")
        assert isinstance(intro, Tree)
        names = [
            str(self._first_token(c))
            for c in intro.children
            if isinstance(c, Tree) and c.data == "identifier"
        ]
        collection = next(
            c
            for c in reversed(intro.children)
            if isinstance(c, Tree) and c.data not in (_TRIVIA, "identifier")
        )
        condition: Expression | None = None
        bodies: list[Expression] = []
        grouping = False
        for part in parts:
            if isinstance(part, Token):
                grouping = grouping or part.type == "ELLIPSIS"
            elif part.data == "for_cond":
                condition = self.expression(self._meaningful(part)[1])
            elif part.data != "for_intro":
                bodies.append(self.expression(part))
        key = bodies[0] if len(bodies) == 2 else None
        return ForExpr(
            key_name=names[0] if len(names) == 2 else None,
            value_name=names[-1],
            collection=self.expression(collection),
            key=key,
            value=bodies[-1],
            condition=condition,
            grouping=grouping,
            span=self.span_of(node),
        )

    def _splat(self, node: Tree[Token]) -> Expression:
        base_node, splat = node.children
        assert isinstance(splat, Tree)
        parts = [c for c in splat.children if isinstance(c, Tree) and c.data != _TRIVIA]
        span = self.span_of(node)
        if node.data == "attr_splat_expr_term":
            # The older `.*` takes attribute steps only: an index after them applies to the
            # splat's result (`list.*.a[0]` is `(list.*.a)[0]`).
            inside = next((i for i, c in enumerate(parts) if c.data != "get_attr"), len(parts))
            splatted = Splat(
                self.expression(base_node), tuple(self._step(c) for c in parts[:inside]), span
            )
            rest = tuple(self._step(c) for c in parts[inside:])
            return Access(splatted, rest, span) if rest else splatted
        steps = tuple(self._step(c) for c in parts)
        return Splat(self.expression(base_node), steps, span)

    def _step(self, node: Tree[Token]) -> str | int | Expression:
        """One attribute or index step (`.name`, `.0`, `[expr]`)."""
        if node.data == "get_attr":
            return str(self._last_token(node))
        if node.data == "short_index":
            return int(str(self._last_token(node)))
        inner = next(c for c in node.children if isinstance(c, Tree) and c.data != _TRIVIA)
        key = self.expression(inner)
        return key.value if isinstance(key, Literal) and isinstance(key.value, str | int) else key

    def _int_lit(self, node: Tree[Token]) -> Expression:
        token = self._first_token(node)
        try:
            value = int(str(token))
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            raise HclSyntaxError(
                "a number literal is too long to analyse (more than 4,300 digits)",
                int(token.line or 1),
                int(token.column or 1),
            ) from None
        return Literal(value, self._span(token, token))

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
                parts.append(self.expression(self._meaningful(piece)[1]))
            else:  # %{if} / %{for} directives: the text is not statically known
                assert isinstance(piece, Tree)
                parts.append(
                    Opaque("template_directive", self._sub_expressions(piece), self.span_of(piece))
                )
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
        return Operation(_UNARY_TEXT.get(getattr(operator, "type", ""), "!"), (operand,), span)

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
        return Literal(_nfc(content.replace("$${", "${").replace("%%{", "%{")), span)

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
        expand_last = False
        for child in node.children:
            if isinstance(child, Tree) and child.data == "arguments":
                args = tuple(
                    self.expression(c)
                    for c in child.children
                    if isinstance(c, Tree) and c.data != _TRIVIA
                )
                expand_last = any(
                    isinstance(c, Token) and c.type == "ELLIPSIS" for c in child.children
                )
        if len(names) == 2 and names[0] == "core":
            names = names[1:]  # core::lower() is the built-in lower()
        return FunctionCall("::".join(names), args, self.span_of(node), expand_last)

    def _get_attr_expr_term(self, node: Tree[Token]) -> Expression:
        base_node, get_attr = node.children
        assert isinstance(get_attr, Tree)
        return self._traverse(self.expression(base_node), self._step(get_attr), node)

    def _index_expr_term(self, node: Tree[Token]) -> Expression:
        base_node, index = node.children
        assert isinstance(index, Tree)
        return self._traverse(self.expression(base_node), self._step(index), node)

    def _traverse(
        self, base: Expression, step: str | int | Expression, node: Tree[Token]
    ) -> Expression:
        span = self.span_of(node)
        if isinstance(base, Traversal):
            return Traversal(base.root, (*base.steps, step), span)
        if isinstance(base, Access):
            return Access(base.source, (*base.steps, step), span)
        return Access(base, (step,), span)

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
            if type(node) is TriviaToken:  # line breaks and comments hidden from the parser
                found.extend(
                    self._comment(str(t).rstrip("\n"), int(t.line or 1), int(t.column or 1))
                    for t in node.trivia
                    if t.startswith(("#", "//", "/*"))
                )
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
        return line_column(self.text, start)

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


def _string_chars(token: Token) -> str:
    value = str(token)
    if token.type == "ESCAPED_INTERPOLATION":
        return value[1:]  # $${x} is the literal text ${x}
    if token.type == "ESCAPED_DIRECTIVE":
        return value[1:]
    return _unescape(value)


def _template(parts: list[str | Expression], span: Span) -> Expression:
    parts = [_nfc(p) if isinstance(p, str) else p for p in parts]
    if all(isinstance(p, str) for p in parts):
        return Literal("".join(p for p in parts if isinstance(p, str)), span)
    return Template(tuple(parts), span)


def _nfc(text: str) -> str:
    """Terraform reads every string in Unicode normal form C."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _with_span(expression: Expression, span: Span) -> Expression:
    """A parenthesized expression: the same expression, spanning the parentheses.

    A bare name keeps its parentheses (as an object key, ``(k)`` is the variable, ``k`` the
    name itself).
    """
    if isinstance(expression, Traversal) and not expression.steps:
        return Opaque("parenthesized", (expression,), span)
    return dataclasses.replace(expression, span=span)
