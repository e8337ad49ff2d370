"""A module's scope: what its names mean (variables, locals, tfvars, module inputs).

`var.X` of a root module resolves, in Terraform's order, to the variable's ``default`` (a
``null`` default counts as no value: it says the value is supplied elsewhere), then
``terraform.tfvars``, ``terraform.tfvars.json``, ``*.auto.tfvars`` / ``*.auto.tfvars.json`` in
lexical order, then ``--var-file`` files; later sources win. In a module called by another,
`var.X` is the argument of the call (evaluated where the call is written), else the default.
Either way the value is converted to the variable's declared type. `local.X` is its
expression's value. Values are computed by `evaluate.Evaluator` and memoised per scope.

Evaluation is bounded (see `evaluate`): each stop at a limit is recorded in `limits`, shared
by every module of one configuration, so that it is reported rather than silent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from euno_lint.findings import Span
from euno_lint.hcl import Attribute, Block, Expression
from euno_lint.terraform.evaluate import (
    EMPTY_CONTEXT,
    ERROR,
    Condition,
    Context,
    Evaluator,
    Result,
    Source,
    same,
)
from euno_lint.terraform.types import Failed, convert, parse_type
from euno_lint.terraform.values import UNKNOWN, Unknown, Value
from euno_lint.terraform.values import CallErrorType as _Error


class Variable(NamedTuple):
    """A ``variable "name" {}`` declaration and the file that holds it; `overrides` names the
    file of each argument an override file replaced."""

    name: str
    block: Block
    file: str
    overrides: Mapping[str, str] = {}

    def file_of(self, name: str) -> str:
        """The file that writes the argument `name` (``default``, ``sensitive``...)."""
        return self.overrides.get(name, self.file)

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
    """``name = value`` in a ``.tfvars`` or ``.tfvars.json`` file (or a ``--var-file``): `span`
    is where to report it, `last_line` the line its value ends on, `expression` the value as
    written when the file is HCL (for pointing inside it)."""

    name: str
    file: str
    span: Span
    value: Value
    auto_loaded: bool
    expression: Expression | None = None
    last_line: int = 0

    @property
    def lines(self) -> range:
        """The lines the assignment occupies."""
        return range(self.span.line, max(self.last_line, self.span.end_line) + 1)


class Caller(NamedTuple):
    """The ``module`` block that calls a module, with the scope and context it is written in
    (the context binds ``each`` or ``count`` of the call's instance)."""

    block: Block
    file: str
    scope: Scope
    context: Context


@dataclass(eq=False)
class Scope:
    """What names mean in one module instance.

    `module` is the instance's address (``""`` for the root, ``module.hex["a"]``); `caller`
    the call that created it (None for a root module, whose tfvars and var-files apply).
    `planned` are a plan's values of the root variables: they win where they differ from what
    the configuration gives (a ``-var`` option, ``TF_VAR_`` variables).
    """

    directory: str
    variables: Mapping[str, Variable] = field(default_factory=dict)
    locals: Mapping[str, Local] = field(default_factory=dict)
    tfvars: Sequence[TfvarsAssignment] = ()
    var_files: Sequence[TfvarsAssignment] = ()
    planned: Mapping[str, TfvarsAssignment] = field(default_factory=dict)
    module: str = ""
    caller: Caller | None = None
    limits: list[AnalysisLimit] = field(default_factory=list)
    _memo: dict[tuple[str, str, bool], tuple[Result, tuple[Condition, ...]]] = field(
        default_factory=dict, repr=False
    )

    # ---- evaluation entry points

    def evaluate(self, expression: Expression, context: Context = EMPTY_CONTEXT) -> Value:
        """The statically known value of an expression, or UNKNOWN."""
        return Evaluator(self, context).value(expression)

    def evaluate_literal(self, expression: Expression, context: Context = EMPTY_CONTEXT) -> Value:
        """The value the configuration itself writes: a root module's variables are unknown
        (their values come from outside), module inputs written at a call are followed."""
        return Evaluator(self, context, literal_only=True).value(expression)

    def record_limit(self, file: str, span: Span, message: str) -> None:
        """Note that evaluation stopped at a limit here (once per place)."""
        limit = AnalysisLimit(file, span, message)
        if limit not in self.limits:
            self.limits.append(limit)

    # ---- what names resolve to (called by the evaluator)

    def input_of(self, name: str) -> Attribute | None:
        """The argument the calling ``module`` block gives variable `name`, if any."""
        if self.caller is None:
            return None
        return self.caller.block.body.attribute(name)

    def variable_value(self, name: str, evaluator: Evaluator) -> Result:
        """The value of `var.name` (memoised), converted to the variable's type."""
        return self._memoised("var", name, evaluator, self._variable)

    def local_value(self, name: str, evaluator: Evaluator) -> Result:
        """The value of `local.name` (memoised)."""
        return self._memoised("local", name, evaluator, self._local)

    def _memoised(
        self,
        kind: str,
        name: str,
        evaluator: Evaluator,
        compute: Callable[[str, Evaluator], Result],
    ) -> Result:
        key = (kind, name, evaluator.shared.literal_only)
        assumptions = evaluator.context.assumptions
        cached = self._memo.get(key) if not assumptions else None
        if cached is not None:
            value, conditions = cached
            for condition in conditions:
                evaluator.conditions.setdefault(condition.key, condition)
            return value
        before = set(evaluator.conditions)
        value = compute(name, evaluator)
        if not assumptions:
            met = tuple(c for k, c in evaluator.conditions.items() if k not in before)
            self._memo[key] = (value, met)
        return value

    def _variable(self, name: str, evaluator: Evaluator) -> Result:
        variable = self.variables[name]
        if not evaluator.enter("var", name, variable.file, variable.block.header):
            return UNKNOWN
        try:
            value = self._variable_unconverted(variable, evaluator)
        finally:
            evaluator.leave()
        planned = None if evaluator.shared.literal_only else self._planned(name, value)
        if planned is not None:
            return planned.value
        type_attribute = variable.block.body.attribute("type")
        if type_attribute is None or isinstance(value, Unknown | _Error):
            return value
        converted = convert(value, parse_type(type_attribute.value))
        return ERROR if isinstance(converted, Failed) else converted

    def _variable_unconverted(self, variable: Variable, evaluator: Evaluator) -> Result:
        written = self.input_of(variable.name)
        if written is not None and self.caller is not None:
            caller = self.caller
            value = evaluator.within(caller.scope, _assuming(caller.context, evaluator)).result(
                written.value
            )
            if value is not None or not self._non_nullable(variable, evaluator):
                return value
        elif self.caller is None and evaluator.shared.literal_only:
            return UNKNOWN  # a root variable's value comes from outside the configuration
        elif self.caller is None:
            assignment = self._assignment(variable.name)
            if assignment is not None:
                return assignment.value
        elif evaluator.shared.literal_only:
            return UNKNOWN
        default = variable.default
        if default is None:
            return UNKNOWN
        value = evaluator.within(self, _assuming(EMPTY_CONTEXT, evaluator)).result(default.value)
        return UNKNOWN if value is None and self.caller is None else value

    def _planned(self, name: str, value: Result) -> TfvarsAssignment | None:
        """The plan's value of a root variable, when it differs from `value`."""
        planned = self.planned.get(name) if self.caller is None else None
        if planned is None or (
            not isinstance(value, Unknown | _Error) and same(value, planned.value)
        ):
            return None
        return planned

    def _non_nullable(self, variable: Variable, evaluator: Evaluator) -> bool:
        nullable = variable.block.body.attribute("nullable")
        if nullable is None:
            return False
        return evaluator.within(self, EMPTY_CONTEXT).value(nullable.value) is False

    def _assignment(self, name: str) -> TfvarsAssignment | None:
        """The tfvars or var-file assignment that gives a root variable its value, if any."""
        for assignment in reversed(self.var_files):
            if assignment.name == name:
                return assignment
        for assignment in reversed(self.tfvars):  # already in Terraform's loading order
            if assignment.name == name and assignment.auto_loaded:
                return assignment
        return None

    def _local(self, name: str, evaluator: Evaluator) -> Result:
        local = self.locals[name]
        if not evaluator.enter("local", name, local.file, local.attribute.span):
            return UNKNOWN
        try:
            inner = evaluator.within(self, _assuming(EMPTY_CONTEXT, evaluator))
            return inner.result(local.attribute.value)
        finally:
            evaluator.leave()

    # ---- where a name's value is written (for `Evaluator.origin`)

    def source_of(self, root: str, name: str, evaluator: Evaluator) -> Source | None:
        """Where the value of ``var.name`` or ``local.name`` is written."""
        context = _assuming(EMPTY_CONTEXT, evaluator)
        if root == "local" and name in self.locals:
            local = self.locals[name]
            value = local.attribute.value
            return Source(local.file, value, value.span, self, context)
        if root != "var" or name not in self.variables:
            return None
        variable = self.variables[name]
        written = self.input_of(name)
        if written is not None and self.caller is not None:
            caller = self.caller
            return Source(
                caller.file,
                written.value,
                written.value.span,
                caller.scope,
                _assuming(caller.context, evaluator),
            )
        if self.caller is None:
            assignment = self._assignment(name)
            if name in self.planned:
                planned = self._planned(name, self.variable_value(name, evaluator))
                assignment = planned or assignment
            if assignment is not None:
                expression = assignment.expression
                span = expression.span if expression is not None else assignment.span
                return Source(assignment.file, expression, span, None, None)
        default = variable.default
        if default is None:
            return None
        return Source(variable.file_of("default"), default.value, default.value.span, self, context)


def _assuming(context: Context, evaluator: Evaluator) -> Context:
    """`context` with the assumptions of the evaluation in progress."""
    assumptions = evaluator.context.assumptions
    if not assumptions or context.assumptions is assumptions:
        return context
    return context.assuming(assumptions)
