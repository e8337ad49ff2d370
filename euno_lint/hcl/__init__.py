"""Parse HCL text into our own small syntax tree with exact positions.

This package is the only place that imports python-hcl2 or lark: `_parser` loads python-hcl2's
grammar, `_convert` turns its raw tree into ours (`tree`), and `_diagnose` explains files that
do not parse. The rest of euno-lint never sees a python-hcl2 type.
"""

from __future__ import annotations

from lark.exceptions import LarkError

from euno_lint.hcl._convert import Converter
from euno_lint.hcl._diagnose import describe_lark_error
from euno_lint.hcl._guard import parse_guard
from euno_lint.hcl._parser import lark_parser, warm_up
from euno_lint.hcl.limits import CpuTimeExceeded, cpu_limit
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
    Given,
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
    children,
)

__all__ = [
    "Access",
    "Attribute",
    "Block",
    "Body",
    "Comment",
    "Conditional",
    "CpuTimeExceeded",
    "Expression",
    "ForExpr",
    "FunctionCall",
    "Given",
    "HclSyntaxError",
    "Literal",
    "ObjectExpr",
    "ObjectItem",
    "Opaque",
    "Operation",
    "Splat",
    "SyntaxTree",
    "Template",
    "Traversal",
    "TupleExpr",
    "children",
    "cpu_limit",
    "parse",
    "warm_up",
]


def parse(text: str, *, comments: bool = True, timeout: float | None = None) -> SyntaxTree:
    """Parse HCL text (BOM already stripped, LF line endings) into our tree.

    Collecting comments walks every token; callers that need none (no suppression can be in
    a file that never mentions one) pass ``comments=False``. With `timeout` (seconds of CPU
    time), a parse that takes longer stops with an HclSyntaxError instead of stalling the run.
    """
    parser = lark_parser()
    with parse_guard(timeout, _PARSER_PACKAGES):
        try:
            raw = parser.parse(text + "\n")
        except LarkError as error:
            raise describe_lark_error(error, text) from None
        return Converter(text).file(raw, comments=comments)


# Where a parse may be stopped: the parser itself and our conversion of its tree.
_PARSER_PACKAGES = frozenset({"lark", "hcl2", "euno_lint", "re"})
