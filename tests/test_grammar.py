"""What Terraform parses, euno-lint's parser reads, with exact values and positions.

python-hcl2's grammar takes a line break only where it lists one; HCL ignores line breaks
inside ``()``, ``[]``, ``${}``, ``%{}`` and ``for`` expressions, and ``/* */`` comments
anywhere. `ACCEPTED` is a table of the constructs our grammar changes and post-lexer add
(``euno_lint.hcl._parser``), each the value of ``x = ...`` in a file of its own: euno-lint must
parse it, evaluate it to what Terraform computes, and give the value (and every expression in
it) an exact span. `REJECTED` holds the same line breaks where HCL counts them (an attribute's
value outside brackets, an object): Terraform rejects them and so must we. `UNSUPPORTED` is
valid Terraform the parser still cannot read: it says so, where the construct is.

The slow tests ask ``terraform fmt -`` about every case (it must accept `ACCEPTED` and
`UNSUPPORTED` and reject `REJECTED`) and ``terraform console`` for the values in `ACCEPTED`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

import hcl2.parser
import pytest
from lark import Token, Tree

from euno_lint.findings import Span
from euno_lint.hcl import (
    Expression,
    FunctionCall,
    HclSyntaxError,
    Literal,
    SyntaxTree,
    Template,
    children,
    parse,
)
from euno_lint.hcl._parser import lark_parser
from euno_lint.terraform.evaluate import Evaluator
from euno_lint.terraform.scope import Scope
from euno_lint.terraform.values import UNKNOWN
from tests.test_functions import canonical, go_unquote

NOT_EVALUATED = object()  # a value Terraform computes with a provider, or not at all


class Case(NamedTuple):
    """``x = <source>`` as a file: the value Terraform computes (NOT_EVALUATED: not without a
    provider, or not at all), the span of ours, its comments (text, line, column); `opaque`
    when euno-lint does not compute the value (a template directive), `hcl2` when python-hcl2's
    own parser reads the file too (then into the very same tokens)."""

    source: str
    value: object
    span: Span
    comments: tuple[tuple[str, int, int], ...] = ()
    opaque: bool = False
    hcl2: bool = False


def S(line: int, column: int, end_line: int, end_column: int) -> Span:
    return Span(line, column, end_line, end_column)


ACCEPTED: dict[str, Case] = {
    # ---- a line break before what continues a term: .attr, [i], [*], .*, ::, a call's (
    "attr-after-break-in-call": Case("try({ y = 1 }\n  .y, null)", 1, S(1, 5, 2, 12)),
    "call-paren-after-break": Case("[try\n  (1, 2)]", (1,), S(1, 5, 2, 10)),
    "call-paren-after-break-in-index": Case(
        'try({ a = { n = 1 } }[try\n  ("a", "b")].n, null)', 1, S(1, 5, 2, 23)
    ),
    "index-after-break": Case("[[1, 2]\n  [1]]", (2,), S(1, 5, 2, 7)),
    "index-after-break-after-object": Case('[{ b = 1 }\n  ["b"]]', (1,), S(1, 5, 2, 9)),
    "splat-after-break": Case("[[{ a = 1 }]\n  [*].a]", ((1,),), S(1, 5, 2, 9)),
    "legacy-splat-after-break": Case("[[{ a = 1 }]\n  .*.a]", ((1,),), S(1, 5, 2, 8)),
    "attr-and-short-index-after-breaks": Case("[{ a = [5] }\n  .a\n  .0]", (5,), S(1, 5, 3, 6)),
    "namespace-after-break": Case('(core\n  ::lower("X"))', "x", S(1, 5, 2, 16)),
    "attr-after-break-in-interpolation": Case('"${{ a = "b" }\n  .a}"', "b", S(1, 5, 2, 7)),
    "index-after-break-in-interpolation": Case('"${["a", "b"]\n  [1]}"', "b", S(1, 5, 2, 8)),
    "attr-after-break-in-object-in-parens": Case(
        "{ k = ({ a = 1 }\n  .a) }", {"k": 1}, S(1, 5, 2, 8)
    ),
    # ---- a line break after ., :: or a unary operator
    "break-after-dot": Case("[{ a = 1 }.\n  a]", (1,), S(1, 5, 2, 5)),
    "break-after-namespace": Case('(core::\n  lower("X"))', "x", S(1, 5, 2, 14)),
    "break-after-unary-minus": Case("(-\n  3)", -3, S(1, 5, 2, 5)),
    "break-after-not": Case("(!\n  true)", False, S(1, 5, 2, 8)),
    # ---- a line break before a binary -, and comment lines before an operator
    "binary-minus-after-break": Case("(5\n  - 2)", 3, S(1, 5, 2, 7)),
    "binary-minus-after-break-in-tuple": Case("[5\n  -2]", (3,), S(1, 5, 2, 6)),
    "binary-minus-after-conditional": Case("(true ? 1 : 2\n  - 3)", 1, S(1, 5, 2, 7)),
    "binary-minus-after-unary": Case("(-1\n  - 3)", -4, S(1, 5, 2, 7)),
    "binary-minus-after-binary": Case("(1 + 2\n  - 3)", 0, S(1, 5, 2, 7), hcl2=True),
    "binary-minus-in-parens-in-object": Case("{ k = (1\n  - 1) }", {"k": 0}, S(1, 5, 2, 9)),
    "comment-line-before-operator": Case(
        "(1\n  # one\n  + 2)", 3, S(1, 5, 3, 7), comments=(("# one", 2, 3),)
    ),
    "comment-line-before-question-mark": Case(
        "(true\n  // c\n  ? 1 : 2)", 1, S(1, 5, 3, 11), comments=(("// c", 2, 3),)
    ),
    "comment-before-attr": Case(
        "[{ a = 1 } # c\n  .a]", (1,), S(1, 5, 2, 6), comments=(("# c", 1, 16),)
    ),
    # ---- for expressions: => and the comma of two names after a line break
    "arrow-after-break": Case("{ for k, v in { a = 1 } : k\n  => v }", {"a": 1}, S(1, 5, 2, 9)),
    "arrow-after-break-after-call": Case(
        "{ for k, v in { a = 1 } : upper(k)\n  => v }", {"A": 1}, S(1, 5, 2, 9)
    ),
    "for-object-on-many-lines": Case(
        "{\n  for k, v in { a = 1 } :\n  k\n  => v\n  if v > 0\n}", {"a": 1}, S(1, 5, 6, 2)
    ),
    "break-before-for-comma": Case("[for k\n  , v in { a = 1 } : v]", (1,), S(1, 5, 2, 24)),
    "break-after-for-comma": Case("[for k,\n  v in { a = 1 } : v]", (1,), S(1, 5, 2, 22)),
    "breaks-in-for-tuple": Case(
        "[for x in [{ a = [1] }] : x\n  .a\n  [0]\n  if x\n  .a != []]", (1,), S(1, 5, 5, 12)
    ),
    # ---- line breaks in a call's last argument, an interpolation, a directive
    "break-before-trailing-comma": Case("max(1, 2\n  ,)", 2, S(1, 5, 2, 5)),
    "break-before-ellipsis": Case("max([1, 3]\n  ...)", 3, S(1, 5, 2, 7)),
    "breaks-inside-interpolation": Case('"${\n  "a"\n}"', "a", S(1, 5, 3, 3)),
    "break-inside-if-directive": Case(
        '"%{ if\n  true }yes%{ endif }"', "yes", S(1, 5, 2, 23), opaque=True
    ),
    "breaks-inside-for-directive": Case(
        '"%{ for k\n  , v in { a = 1 }\n  }${k}%{ endfor }"', "a", S(1, 5, 3, 20), opaque=True
    ),
    # ---- /* */ comments, which HCL skips wherever they stand
    "block-comment-after-equals": Case(
        "/* c */ 1", 1, S(1, 13, 1, 14), comments=(("/* c */", 1, 5),)
    ),
    "block-comment-before-equals": Case(
        "{ a /* c */ = 1 }", {"a": 1}, S(1, 5, 1, 22), comments=(("/* c */", 1, 9),)
    ),
    "block-comment-before-attr": Case(
        "{ a = 1 } /* c */ .a", 1, S(1, 5, 1, 25), comments=(("/* c */", 1, 15),)
    ),
    "block-comment-after-unary": Case(
        "- /* c */ 3", -3, S(1, 5, 1, 16), comments=(("/* c */", 1, 7),)
    ),
    "multi-line-block-comment-after-equals": Case(
        "/* a\n b */ 1", 1, S(2, 7, 2, 8), comments=(("/* a\n b */", 1, 5),)
    ),
    # ---- spaces after a heredoc's closing marker: the value ends at the marker
    "heredoc-marker-spaces": Case("<<EOT\nhi\nEOT   ", "hi\n", S(1, 5, 3, 4)),
    "indented-heredoc-marker-tab": Case("<<-EOT\n    hi\n  EOT\t", "hi\n", S(1, 5, 3, 6)),
    "heredoc-marker-spaces-in-call": Case("lower(<<EOT\nHI\nEOT  \n)", "hi\n", S(1, 5, 4, 2)),
    # ---- namespaced function calls
    "core-function": Case('core::lower("X")', "x", S(1, 5, 1, 21)),
    "core-function-in-expression": Case("core::max(1, 2) + 1", 3, S(1, 5, 1, 24)),
    "provider-function": Case(
        "provider::terraform::encode_tfvars({ a = 1 })",
        NOT_EVALUATED,
        S(1, 5, 1, 50),
        hcl2=True,
    ),
    "four-part-function-name": Case("a::b::c::d()", NOT_EVALUATED, S(1, 5, 1, 17)),
    # ---- a unary operator applied to a unary operation
    "minus-minus": Case("- -3", 3, S(1, 5, 1, 9)),
    "minus-minus-without-space": Case("--3", 3, S(1, 5, 1, 8)),
    "minus-minus-two-digits": Case("- -33", 33, S(1, 5, 1, 10), hcl2=True),  # -33 is a token
    "not-not": Case("!!true", True, S(1, 5, 1, 11)),
    "not-not-not": Case("!!!false", True, S(1, 5, 1, 13)),
    "minus-minus-reference": Case("- -length([1, 2])", 2, S(1, 5, 1, 22)),
}

REJECTED: dict[str, str] = {
    # Outside brackets a line break ends the attribute's value.
    "attr-after-break": "x = { a = 1 }\n  .a\n",
    "index-after-break": "x = [1]\n  [0]\n",
    "splat-after-break": "x = [{ a = 1 }]\n  [*].a\n",
    "call-paren-after-break": 'x = lower\n  ("X")\n',
    "namespace-after-break": 'x = core\n  ::lower("X")\n',
    "break-after-namespace": 'x = core::\n  lower("X")\n',
    "break-after-dot": "x = { a = 1 }.\n  a\n",
    "break-after-unary-minus": "x = -\n  3\n",
    "binary-minus-after-break": "x = 1\n  - 2\n",
    # An object counts line breaks too, even inside brackets.
    "attr-after-break-in-object": "x = [{ k = { a = 1 }\n  .a }]\n",
    "index-after-break-in-object": "x = ({ k = [1]\n  [0] })\n",
    "line-comment-before-attr": "x = { a = 1 } # c\n  .a\n",
    # What no line break makes valid.
    "call-of-an-attribute": "x = [{ a = 1 }.a\n  (1)]\n",
    "heredoc-opening-spaces": "x = <<EOT  \nhi\nEOT\n",
    "namespace-without-name": "x = core::()\n",
    "empty-unary": "x = (-)\n",
}

UNSUPPORTED: dict[str, tuple[str, str, int, int]] = {
    # (file, what the message names, line, column)
    "interpolation-strip-marker": (
        'x = "a ${~ "b" ~} c"\n',
        "a strip marker (~) in an interpolation",
        1,
        10,
    ),
    "interpolation-closing-strip-marker": (
        'x = "a ${"b" ~} c"\n',
        "a strip marker (~) in an interpolation",
        1,
        14,
    ),
    "non-ascii-name": ("año = 1\n", "a name with non-ASCII letters", 1, 1),
    "non-ascii-attribute": ("x = { año = 1 }.año\n", "a name with non-ASCII letters", 1, 7),
    "block-comment-before-colon": (
        "x = { a /* c */ : 1 }\n",
        "a /* */ comment at this place",
        1,
        9,
    ),
}


def _file(case: Case) -> str:
    return f"x = {case.source}\n"


def _value(tree: SyntaxTree) -> Expression:
    (attribute,) = tree.body.attributes
    return attribute.value


def _expressions(expression: Expression) -> list[Expression]:
    found = [expression]
    for child in children(expression):
        found.extend(_expressions(child))
    return found


def _offset(text: str, line: int, column: int) -> int:
    return sum(len(x) + 1 for x in text.split("\n")[: line - 1]) + column - 1


def _tokens(tree: Tree[Token]) -> list[tuple[object, ...]]:
    found = tree.scan_values(lambda v: isinstance(v, Token))
    return [(t.type, str(t), t.line, t.column, t.end_line, t.end_column) for t in found]


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_accepted_constructs_parse_with_exact_spans(name: str) -> None:
    case = ACCEPTED[name]
    text = _file(case)
    tree = parse(text)
    value = _value(tree)
    assert value.span == case.span
    assert [(c.text, c.span.line, c.span.column) for c in tree.comments] == list(case.comments)
    for expression in _expressions(value):
        # Every span starts at its expression's first character and ends after its last one:
        # never on a line break, a space or a comment the parser was not shown.
        span = expression.span
        start = _offset(text, span.line, span.column)
        end = _offset(text, span.end_line, span.end_column)
        assert case.span.line <= span.line and span.end_line <= case.span.end_line, expression
        assert not text[start].isspace() and not text[start:].startswith(("/*", "#", "//"))
        assert not text[end - 1].isspace() and not text[:end].endswith("*/"), expression


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_accepted_constructs_have_terraforms_value(name: str) -> None:
    case = ACCEPTED[name]
    value = _value(parse(_file(case)))
    result = Evaluator(Scope(directory="/tmp")).result(value)
    if case.value is NOT_EVALUATED or case.opaque:
        assert result is UNKNOWN, result
        assert isinstance(value, FunctionCall | Template), value
        return
    assert result is not UNKNOWN, value
    assert canonical(result) == canonical(case.value)


def test_namespaced_calls_keep_their_names() -> None:
    core = _value(parse('x = core::lower("X")\n'))
    provider = _value(parse("x = provider::ns::fn(1)\n"))
    assert isinstance(core, FunctionCall) and core.name == "lower"  # the built-in itself
    assert isinstance(provider, FunctionCall) and provider.name == "provider::ns::fn"
    assert provider.args == (Literal(1, S(1, 22, 1, 23)),)


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_python_hcl2_reads_only_the_cases_marked_so_and_into_the_same_tokens(name: str) -> None:
    case = ACCEPTED[name]
    text = _file(case) + "\n"
    try:
        theirs = hcl2.parser.parser().parse(text)
    except Exception:
        assert not case.hcl2, "python-hcl2 reads this case: mark it hcl2=True"
        return
    assert case.hcl2, "python-hcl2 reads this case too: mark it hcl2=True"
    assert _tokens(lark_parser().parse(text)) == _tokens(theirs)


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_rejected_where_hcl_counts_line_breaks(name: str) -> None:
    with pytest.raises(HclSyntaxError) as caught:
        parse(REJECTED[name])
    assert "valid Terraform" not in caught.value.message


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_what_the_parser_cannot_read_says_so(name: str) -> None:
    text, what, line, column = UNSUPPORTED[name]
    with pytest.raises(HclSyntaxError) as caught:
        parse(text)
    message = caught.value.message
    assert message.startswith(
        f"valid Terraform that euno-lint's HCL parser does not support: {what}; "
    )
    assert message.endswith(" to have this file checked")
    assert (caught.value.line, caught.value.column) == (line, column)


def test_unsupported_is_said_only_when_it_is_the_only_problem() -> None:
    # A strip marker and a real mistake: the mistake is reported.
    with pytest.raises(HclSyntaxError) as caught:
        parse('x = "${~ 1}"\ny = = 2\n')
    assert caught.value.message.startswith("syntax error")
    assert (caught.value.line, caught.value.column) == (2, 5)
    # A comment the parser skips does not hide a mistake after it.
    with pytest.raises(HclSyntaxError) as caught:
        parse("/* licence */\nx = [1 2]\n")
    assert caught.value.message.startswith("syntax error")


def test_tables_are_well_formed() -> None:
    assert len(ACCEPTED) >= 50
    assert all(case.span.line >= 1 for case in ACCEPTED.values())
    assert all(text.endswith("\n") for text in REJECTED.values())


# ---- Terraform as the oracle


def _terraform_environment(home: Path) -> dict[str, str]:
    config = home / "terraform.rc"
    config.write_text("")
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "TF_IN_AUTOMATION": "1",
        "CHECKPOINT_DISABLE": "1",
        "TF_CLI_CONFIG_FILE": str(config),
    }


def _fmt_accepts(text: str, home: Path) -> bool:
    completed = subprocess.run(
        ["terraform", "fmt", "-no-color", "-"],
        input=text,
        capture_output=True,
        text=True,
        env=_terraform_environment(home),
        cwd=home,
        timeout=60,
        check=False,
    )
    return completed.returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform is not installed")
def test_terraform_fmt_agrees(tmp_path: Path) -> None:
    wrong = [
        f"ACCEPTED {name}: terraform fmt rejects it"
        for name, case in sorted(ACCEPTED.items())
        if not _fmt_accepts(_file(case), tmp_path)
    ]
    wrong += [
        f"UNSUPPORTED {name}: terraform fmt rejects it"
        for name, (text, *_rest) in sorted(UNSUPPORTED.items())
        if not _fmt_accepts(text, tmp_path)
    ]
    wrong += [
        f"REJECTED {name}: terraform fmt accepts it"
        for name, text in sorted(REJECTED.items())
        if _fmt_accepts(text, tmp_path)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform is not installed")
def test_terraform_console_agrees_with_the_values(tmp_path: Path) -> None:
    evaluated = [(name, case) for name, case in sorted(ACCEPTED.items())]
    evaluated = [(n, c) for n, c in evaluated if c.value is not NOT_EVALUATED]
    locals_block = "".join(f"c{i} = {case.source}\n" for i, (_, case) in enumerate(evaluated))
    (tmp_path / "main.tf").write_text(f"locals {{\n{locals_block}}}\n")
    line = "jsonencode([" + ", ".join(f"local.c{i}" for i in range(len(evaluated))) + "])"
    completed = subprocess.run(
        ["terraform", "console", "-no-color"],
        input=line + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_terraform_environment(tmp_path),
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0 and "Error" not in completed.stderr, completed.stderr
    printed = completed.stdout.strip().splitlines()[-1]
    answers = json.loads(go_unquote(printed))
    assert len(answers) == len(evaluated)
    wrong = [
        f"{name}: Terraform {answer!r}, table {case.value!r}"
        for (name, case), answer in zip(evaluated, answers, strict=True)
        if canonical(answer) != canonical(case.value)
    ]
    assert not wrong, "\n".join(wrong)
