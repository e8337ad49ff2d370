"""A module's scope (variables, locals, tfvars) and the evaluation of expressions in it.

`var.X` resolves, in Terraform's order, to the variable's ``default`` (a ``null`` default
counts as no value: it says the value is supplied elsewhere), then ``terraform.tfvars``,
``terraform.tfvars.json``, ``*.auto.tfvars`` / ``*.auto.tfvars.json`` in lexical order, then
``--var-file`` files; later sources win. `local.X` and string templates whose parts are all
known resolve too. Everything else (``each.*``, ``count.index``, resource, data and module
references, function calls, a variable with no value) is `UNKNOWN`.

Evaluation is bounded: each local is evaluated once (memoised), a chain of references deeper
than `MAX_REFERENCE_DEPTH` and a string longer than `MAX_STRING_CHARS` stop with UNKNOWN, and
each such stop is recorded in `Scope.limits`, so that it is reported rather than silent.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from euno_lint.findings import Span
from euno_lint.hcl import (
    Attribute,
    Block,
    Expression,
    FunctionCall,
    Literal,
    ObjectExpr,
    Opaque,
    Template,
    Traversal,
    TupleExpr,
)
from euno_lint.terraform.values import UNKNOWN, Unknown, Value, to_template_text

MAX_REFERENCE_DEPTH = 100
MAX_STRING_CHARS = 1_000_000


class Variable(NamedTuple):
    """A ``variable "name" {}`` declaration and the file that holds it."""

    name: str
    block: Block
    file: str

    @property
    def default(self) -> Attribute | None:
        """The ``default`` argument, when written."""
        return self.block.body.attribute("default")

    @property
    def sensitive(self) -> Attribute | None:
        """The ``sensitive`` argument, when written."""
        return self.block.body.attribute("sensitive")


class Local(NamedTuple):
    """One ``name = expression`` of a ``locals {}`` block."""

    attribute: Attribute
    file: str


class AnalysisLimit(NamedTuple):
    """Where evaluation stopped at a limit (the value became UNKNOWN), and why."""

    file: str
    span: Span
    message: str


class TfvarsAssignment(NamedTuple):
    """``name = value`` in a ``.tfvars`` or ``.tfvars.json`` file."""

    name: str
    file: str
    span: Span
    value: Value
    auto_loaded: bool


@dataclass
class Scope:
    """What names mean in one module: its variables, locals and tfvars, and their values."""

    directory: str
    variables: Mapping[str, Variable] = field(default_factory=dict)
    locals: Mapping[str, Local] = field(default_factory=dict)
    tfvars: Sequence[TfvarsAssignment] = ()
    var_file_values: Mapping[str, Value] = field(default_factory=dict)
    limits: list[AnalysisLimit] = field(default_factory=list)
    _variable_values: dict[str, Value] | None = field(default=None, repr=False)
    _local_values: dict[tuple[str, bool], Value] = field(default_factory=dict, repr=False)

    def variable_value(self, name: str) -> Value:
        """The value `var.name` has when Terraform plans this module, or UNKNOWN."""
        if self._variable_values is None:
            self._variable_values = self._resolve_variables()
        return self._variable_values.get(name, UNKNOWN)

    def _resolve_variables(self) -> dict[str, Value]:
        values: dict[str, Value] = {}
        for name, variable in self.variables.items():
            default = variable.default
            if default is not None:
                value = Evaluator(self, resolve_variables=False).evaluate(default.value)
                if value is not None:  # a null default means "set elsewhere": unknown
                    values[name] = value
        for assignment in self.tfvars:  # already in Terraform's loading order
            if assignment.auto_loaded and assignment.name in self.variables:
                values[assignment.name] = assignment.value
        for name, value in self.var_file_values.items():
            if name in self.variables:
                values[name] = value
        return values

    def evaluate(self, expression: Expression) -> Value:
        """The statically known value of an expression, or UNKNOWN."""
        return Evaluator(self).evaluate_safely(expression)

    def evaluate_literal(self, expression: Expression) -> Value:
        """The value of an expression without looking through variables (hard-coded parts)."""
        return Evaluator(self, resolve_variables=False).evaluate_safely(expression)

    def record_limit(self, file: str, span: Span, message: str) -> None:
        """Note that evaluation stopped at a limit here (once per place)."""
        limit = AnalysisLimit(file, span, message)
        if limit not in self.limits:
            self.limits.append(limit)

    def variables_feeding(self, expression: Expression) -> list[str]:
        """Names of the variables whose value flows into the expression's value.

        Follows locals, string templates and both branches of a conditional; not the
        arguments of function calls, whose results we cannot know.
        """
        names = (
            node.steps[0]
            for node, _ in self._value_sources(expression, "")
            if isinstance(node, Traversal)
        )
        return list(dict.fromkeys(n for n in names if isinstance(n, str)))

    def literal_sources(self, expression: Expression, file: str) -> list[tuple[str, Literal]]:
        """The string literals, with their files, that make up the expression's value: each
        literal, and each text part of a template (as a literal spanning the template).

        Follows the same paths as `variables_feeding`, but not into variables.
        """
        return [
            (where, node) for node, where in self._value_sources(expression, file)
            if isinstance(node, Literal)
        ]  # fmt: skip

    def _value_sources(
        self, expression: Expression, file: str
    ) -> Iterator[tuple[Literal | Traversal, str]]:
        """What a value is made of: string literals (each text part of a template counts as
        one, spanning the template) and `var.X` references, each with its file, following
        locals, templates and conditionals."""
        stack: list[tuple[Expression, str, frozenset[str]]] = [(expression, file, frozenset())]
        while stack:
            node, where, visiting = stack.pop()
            if isinstance(node, Literal) and isinstance(node.value, str):
                yield node, where
            elif isinstance(node, Template):
                stack.extend(
                    (p, where, visiting) for p in reversed(node.parts) if not isinstance(p, str)
                )
                for part in node.parts:
                    if isinstance(part, str) and part:
                        yield Literal(part, node.span), where
            elif isinstance(node, Traversal) and node.steps and isinstance(node.steps[0], str):
                name = node.steps[0]
                if node.root == "var":
                    yield node, where
                elif node.root == "local" and name in self.locals and name not in visiting:
                    local = self.locals[name]
                    stack.append((local.attribute.value, local.file, visiting | {name}))
            elif isinstance(node, Opaque) and node.kind in ("conditional", "parenthesized"):
                branches = node.children[1:] if node.kind == "conditional" else node.children
                stack.extend((b, where, visiting) for b in reversed(branches))


def references(expression: Expression) -> Iterator[Traversal]:
    """Every traversal anywhere inside an expression (including inside function calls)."""
    stack: list[Expression] = [expression]
    while stack:
        node = stack.pop()
        if isinstance(node, Traversal):
            yield node
            stack.extend(s for s in node.steps if not isinstance(s, str | int))
        elif isinstance(node, Template):
            stack.extend(p for p in node.parts if not isinstance(p, str))
        elif isinstance(node, TupleExpr):
            stack.extend(node.items)
        elif isinstance(node, ObjectExpr):
            for item in node.items:
                stack.extend((item.key, item.value))
        elif isinstance(node, FunctionCall):
            stack.extend(node.args)
        elif isinstance(node, Opaque):
            stack.extend(node.children)


class Evaluator:
    """Computes static values; locals are followed with a guard against cycles, each evaluated
    once per scope, within the depth and size limits."""

    def __init__(self, scope: Scope, *, resolve_variables: bool = True) -> None:
        self.scope = scope
        self.resolve_variables = resolve_variables
        self._visiting: list[Local] = []

    def evaluate_safely(self, expression: Expression) -> Value:
        """`evaluate`, with nesting too deep for Python's stack turned into UNKNOWN."""
        try:
            return self.evaluate(expression)
        except RecursionError:
            where = self._visiting[0] if self._visiting else None
            if where is not None:
                self.scope.record_limit(
                    where.file, where.attribute.span, "an expression is nested too deeply"
                )
            self._visiting.clear()
            return UNKNOWN

    def evaluate(self, expression: Expression) -> Value:
        """The value of the expression, UNKNOWN when any needed part is unknown."""
        if isinstance(expression, Literal):
            return expression.value
        if isinstance(expression, Template):
            return self._template(expression)
        if isinstance(expression, TupleExpr):
            return tuple(self.evaluate(item) for item in expression.items)
        if isinstance(expression, ObjectExpr):
            return self._object(expression)
        if isinstance(expression, Traversal):
            return self._traversal(expression)
        if isinstance(expression, Opaque) and expression.kind == "parenthesized":
            return self.evaluate(expression.children[0])
        return UNKNOWN

    def _template(self, template: Template) -> Value:
        pieces: list[str] = []
        length = 0
        for part in template.parts:
            text = part if isinstance(part, str) else to_template_text(self.evaluate(part))
            if isinstance(text, Unknown):
                return UNKNOWN
            pieces.append(text)
            length += len(text)
            if length > MAX_STRING_CHARS:
                self._limit(f"a string grows beyond {MAX_STRING_CHARS:,} characters")
                return UNKNOWN
        return "".join(pieces)

    def _limit(self, message: str) -> None:
        if self._visiting:
            local = self._visiting[-1]
            self.scope.record_limit(local.file, local.attribute.span, message)

    def _object(self, expression: ObjectExpr) -> Value:
        result: dict[str, Value] = {}
        for item in expression.items:
            key = self.evaluate(item.key)
            if not isinstance(key, str):
                return UNKNOWN
            result[key] = self.evaluate(item.value)
        return result

    def _traversal(self, traversal: Traversal) -> Value:
        if not traversal.steps or not isinstance(traversal.steps[0], str):
            return UNKNOWN
        name, rest = traversal.steps[0], traversal.steps[1:]
        value: Value
        if traversal.root == "var" and self.resolve_variables:
            value = self.scope.variable_value(name)
        elif traversal.root == "local":
            value = self._local(name)
        else:
            return UNKNOWN
        for step in rest:
            value = self._step(value, step)
        return value

    def _local(self, name: str) -> Value:
        key = (name, self.resolve_variables)
        cached = self.scope._local_values.get(key)
        if cached is not None or key in self.scope._local_values:
            return cached
        local = self.scope.locals.get(name)
        if local is None or any(v.attribute.name == name for v in self._visiting):
            return UNKNOWN  # a cycle: Terraform rejects it
        if len(self._visiting) >= MAX_REFERENCE_DEPTH:
            self._limit(f"a chain of references is deeper than {MAX_REFERENCE_DEPTH} locals")
            return UNKNOWN
        self._visiting.append(local)
        try:
            value = self.evaluate(local.attribute.value)
        finally:
            self._visiting.pop()
        self.scope._local_values[key] = value
        return value

    def _step(self, value: Value, step: str | int | Expression) -> Value:
        key: Value = step if isinstance(step, str | int) else self.evaluate(step)
        if isinstance(value, dict) and isinstance(key, str):
            return value.get(key, UNKNOWN)
        if isinstance(value, tuple) and isinstance(key, int) and not isinstance(key, bool):
            return value[key] if 0 <= key < len(value) else UNKNOWN
        return UNKNOWN
