"""Our syntax tree back to HCL text, for messages ("when var.env == "prod" is true").

The text is canonical (one spacing, no comments, no redundant parentheses kept), so that two
writings of one condition name the same thing, and bounded: a long expression is cut.
"""

from __future__ import annotations

import json

from euno_lint.hcl.tree import (
    Access,
    Conditional,
    Expression,
    ForExpr,
    FunctionCall,
    Literal,
    ObjectExpr,
    Opaque,
    Operation,
    Splat,
    Template,
    Traversal,
    TupleExpr,
)

MAX_RENDERED = 120
# Binding strength of operators (higher binds tighter), as HCL parses them.
_PRECEDENCE = {
    "||": 1,
    "&&": 2,
    "==": 3,
    "!=": 3,
    "<": 4,
    ">": 4,
    "<=": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
    "%": 6,
}
_ATOM = 9


def render(expression: Expression) -> str:
    """The expression as HCL text, at most MAX_RENDERED characters."""
    text = _render(expression, 0)
    return text if len(text) <= MAX_RENDERED else text[: MAX_RENDERED - 1] + "…"


def _render(expression: Expression, depth: int) -> str:
    if depth > 20:
        return "…"
    inner = depth + 1
    if isinstance(expression, Literal):
        return _literal(expression.value)
    if isinstance(expression, Template):
        return _template(expression, inner)
    if isinstance(expression, Traversal):
        return expression.root + _steps(expression.steps, inner)
    if isinstance(expression, TupleExpr):
        return "[" + ", ".join(_render(i, inner) for i in expression.items) + "]"
    if isinstance(expression, ObjectExpr):
        items = (f"{_render(k, inner)} = {_render(v, inner)}" for k, v in expression.items)
        return "{ " + ", ".join(items) + " }" if expression.items else "{}"
    if isinstance(expression, FunctionCall):
        args = [_render(a, inner) for a in expression.args]
        if expression.expand_last and args:
            args[-1] += "..."
        return f"{expression.name}({', '.join(args)})"
    if isinstance(expression, Conditional):
        parts = (expression.condition, expression.true, expression.false)
        condition, true, false = (_grouped(p, 1, inner) for p in parts)
        return f"{condition} ? {true} : {false}"
    if isinstance(expression, Operation):
        return _operation(expression, inner)
    if isinstance(expression, ForExpr):
        return _for(expression, inner)
    if isinstance(expression, Splat):
        return _grouped(expression.source, _ATOM, inner) + "[*]" + _steps(expression.steps, inner)
    if isinstance(expression, Access):
        return _grouped(expression.source, _ATOM, inner) + _steps(expression.steps, inner)
    if isinstance(expression, Opaque) and expression.kind == "parenthesized":
        return "(" + _render(expression.children[0], inner) + ")"
    return "…"


def _precedence(expression: Expression) -> int:
    if isinstance(expression, Conditional):
        return 0
    if isinstance(expression, Operation):
        return _PRECEDENCE.get(expression.operator, 7) if len(expression.operands) == 2 else 7
    return _ATOM


def _grouped(expression: Expression, minimum: int, depth: int) -> str:
    text = _render(expression, depth)
    return f"({text})" if _precedence(expression) < minimum else text


def _operation(expression: Operation, depth: int) -> str:
    if len(expression.operands) == 1:
        return expression.operator + _grouped(expression.operands[0], 7, depth)
    left, right = expression.operands
    level = _PRECEDENCE.get(expression.operator, 7)
    # Left-associative: the right operand needs parentheses at the same level.
    return (
        f"{_grouped(left, level, depth)} {expression.operator} {_grouped(right, level + 1, depth)}"
    )


def _for(expression: ForExpr, depth: int) -> str:
    names = ", ".join(n for n in (expression.key_name, expression.value_name) if n)
    head = f"for {names} in {_render(expression.collection, depth)} : "
    if expression.key is not None:
        body = f"{_render(expression.key, depth)} => {_render(expression.value, depth)}"
        body += "..." if expression.grouping else ""
    else:
        body = _render(expression.value, depth)
    tail = f" if {_render(expression.condition, depth)}" if expression.condition else ""
    opening, closing = ("{", "}") if expression.key is not None else ("[", "]")
    return f"{opening}{head}{body}{tail}{closing}"


def _steps(steps: tuple[str | int | Expression, ...], depth: int) -> str:
    out: list[str] = []
    for step in steps:
        if isinstance(step, str):
            out.append(f".{step}" if step.isidentifier() else f"[{json.dumps(step)}]")
        elif isinstance(step, int):
            out.append(f"[{step}]")
        else:
            out.append(f"[{_render(step, depth)}]")
    return "".join(out)


def _literal(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _quote(value)
    return str(value)


def _quote(text: str) -> str:
    escaped = json.dumps(text, ensure_ascii=False)[1:-1]
    return '"' + escaped.replace("${", "$${").replace("%{", "%%{") + '"'


def _template(expression: Template, depth: int) -> str:
    pieces = []
    for part in expression.parts:
        if isinstance(part, str):
            pieces.append(_quote(part)[1:-1])
        else:
            pieces.append("${" + _render(part, depth) + "}")
    return '"' + "".join(pieces) + '"'
