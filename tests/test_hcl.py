"""Positions and shapes of our syntax tree: the parser's quirks must not leak into spans."""

from __future__ import annotations

import pytest

from euno_lint.findings import Span
from euno_lint.hcl import (
    Block,
    FunctionCall,
    HclSyntaxError,
    Literal,
    ObjectExpr,
    Opaque,
    Template,
    Traversal,
    TupleExpr,
    parse,
)
from euno_lint.terraform.source import decode


def _only_block(text: str) -> Block:
    tree = parse(text)
    assert len(tree.body.blocks) == 1
    return tree.body.blocks[0]


def test_attribute_key_and_value_spans() -> None:
    block = _only_block('resource "a" "b" {\n  name   = "sales"\n}\n')
    attribute = block.body.attributes[0]
    assert attribute.name_span == Span(2, 3, 2, 7)
    assert attribute.value.span == Span(2, 12, 2, 19)
    assert attribute.span == Span(2, 3, 2, 19)
    assert block.header == Span(1, 1, 1, 19)
    assert block.span == Span(1, 1, 3, 2)
    assert block.labels == ("a", "b")


def test_keyword_named_keys_get_their_own_span() -> None:
    # python-hcl2's transformer gives for_each/for/in/if keys the whole attribute's span.
    block = _only_block('resource "a" "b" {\n  for_each = var.m\n  in = 1\n}\n')
    for_each, keyword_in = block.body.attributes
    assert for_each.name == "for_each"
    assert for_each.name_span == Span(2, 3, 2, 11)
    assert for_each.span == Span(2, 3, 2, 19)
    assert keyword_in.name_span == Span(3, 3, 3, 5)


def test_heredoc_value_ends_at_its_closing_marker() -> None:
    text = "x {\n  cron = <<EOT\n0 8 * * *\nEOT\n  next = 1\n}\n"
    attribute = _only_block(text).body.attributes[0]
    assert attribute.value == Literal("0 8 * * *\n", Span(2, 10, 4, 4))
    assert attribute.span.end_line == 4


def test_indented_heredoc_is_trimmed() -> None:
    text = "x {\n  v = <<-EOT\n    a\n      b\n    EOT\n}\n"
    value = _only_block(text).body.attributes[0].value
    assert isinstance(value, Literal)
    assert value.value == "a\n  b\n"
    assert value.span == Span(2, 7, 5, 8)


def test_heredoc_with_interpolation_is_not_a_literal() -> None:
    value = _only_block("x {\n  v = <<EOT\n${var.a}\nEOT\n}\n").body.attributes[0].value
    assert isinstance(value, Opaque)


def test_trailing_comment_is_not_part_of_the_value() -> None:
    block = _only_block("x {\n  a = 1 + 2 # note\n  b = [1, # one\n    2] # two\n}\n")
    first, second = block.body.attributes
    assert first.value.span == Span(2, 7, 2, 12)
    assert second.value.span == Span(3, 7, 4, 7)


def test_comment_glued_to_an_operator_is_still_a_comment() -> None:
    tree = parse("x {\n  a = (1 # before plus\n    + 2)\n}\n")
    texts = [c.text for c in tree.comments]
    assert texts == ["# before plus"]
    assert tree.comments[0].span.line == 2


def test_comments_positions_and_own_line() -> None:
    tree = parse("# top\nx {\n  a = 1 // trailing\n  /* block\n  comment */\n}\n")
    assert [(c.text, c.span.line, c.span.column, c.own_line) for c in tree.comments] == [
        ("# top", 1, 1, True),
        ("// trailing", 3, 9, False),
        ("/* block\n  comment */", 4, 3, True),
    ]
    assert tree.comments[2].span == Span(4, 3, 5, 13)


def test_tabs_count_as_one_column() -> None:
    attribute = _only_block('x {\n\tname\t= "a"\n}\n').body.attributes[0]
    assert attribute.name_span == Span(2, 2, 2, 6)
    assert attribute.value.span == Span(2, 9, 2, 12)


def test_crlf_and_bom_keep_line_numbers() -> None:
    raw = '\ufeffx {\r\n  a = "one"\r\n\r\n  b = <<EOT\r\nz\r\nEOT\r\n  c = 3\r\n}\r\n'.encode()
    text = decode(raw)
    assert isinstance(text, str)
    body = _only_block(text).body
    a, b, c = body.attributes
    assert a.span == Span(2, 3, 2, 12)
    assert b.value == Literal("z\n", Span(4, 7, 6, 4))
    assert c.span == Span(7, 3, 7, 8)


def test_multi_line_values() -> None:
    text = 'x {\n  days = [\n    "monday",\n    "friday",\n  ]\n  o = {\n    k = "v"\n  }\n}\n'
    days, obj = _only_block(text).body.attributes
    assert isinstance(days.value, TupleExpr)
    assert days.value.span == Span(2, 10, 5, 4)
    assert [item.span.line for item in days.value.items] == [3, 4]
    assert isinstance(obj.value, ObjectExpr)
    assert obj.value.span == Span(6, 7, 8, 4)


def test_expression_model() -> None:
    text = (
        'x {\n  t = "a-${var.env}-b"\n  r = local.m["k"][0]\n  f = lower("X")\n'
        '  n = -3\n  e = "$${literal}"\n  q = "say \\"hi\\"\\n"\n}\n'
    )
    t, r, f, n, e, q = (a.value for a in _only_block(text).body.attributes)
    assert isinstance(t, Template)
    assert t.parts[0] == "a-" and t.parts[2] == "-b"
    assert isinstance(t.parts[1], Traversal) and t.parts[1].steps == ("env",)
    assert isinstance(r, Traversal) and (r.root, r.steps) == ("local", ("m", "k", 0))
    assert isinstance(f, FunctionCall) and f.name == "lower"
    assert n == Literal(-3, Span(5, 7, 5, 9))
    assert isinstance(e, Literal) and e.value == "${literal}"
    assert isinstance(q, Literal) and q.value == 'say "hi"\n'


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ('x {\n  a = "unterminated\n}\n', "cannot span lines (missing closing quote?)", 2, 7),
        ('x {\n  a = "one\n  b = "two"\n}\n', "cannot span lines", 2, 7),
        ('x {\n  a = "${var.x}\n}', "cannot span lines", 2, 7),
        ('x {\n  a = "${"nested"}"\n  b = 1 +\n}\n', "syntax error", 4, 1),
        ('x {\n  a = "end', "unterminated string", 2, 7),
        ("x {\n  a = 1\n", "unexpected end of file", 2, 8),
        ("x {\n  a = <<EOT\nno marker\n}\n", "unterminated heredoc", 2, 7),
        ("/* never closed\nx {}\n", "unterminated block comment", 1, 1),
        ("x {\n  a = = 1\n}\n", "syntax error", 2, 7),
    ],
)
def test_syntax_errors_are_ours_and_located(
    text: str, message: str, line: int, column: int
) -> None:
    with pytest.raises(HclSyntaxError) as caught:
        parse(text)
    assert message in caught.value.message
    assert (caught.value.line, caught.value.column) == (line, column)


def test_syntax_error_never_quotes_the_file() -> None:
    secret = "hxtw_" + "s3cr3t" * 5
    with pytest.raises(HclSyntaxError) as caught:
        parse(f"x {{\n  token = <<EOT\n{secret}\n")
    assert secret not in str(caught.value)


def test_deep_nesting_is_a_syntax_error_not_a_crash() -> None:
    with pytest.raises(HclSyntaxError, match="too deep"):
        parse("x = " + "[" * 5000 + "]" * 5000 + "\n")


def test_odd_escapes_are_kept_as_written() -> None:
    text = 'x {\n  a = "\\u12"\n  b = "\\U0011FFFF"\n  c = "\\q"\n  d = "\\u00e9"\n}\n'
    values = [a.value for a in _only_block(text).body.attributes]
    assert [v.value for v in values if isinstance(v, Literal)] == [
        "\\u12",
        "\\U0011FFFF",
        "\\q",
        "é",
    ]
