"""Evaluate expressions statically, the way Terraform does when it plans.

An `Evaluator` computes the value of an expression in a module's `Scope` under a `Context`:
the names bound around it (``each``, ``count``, a dynamic block's iterator, a ``for``
expression's variables) and the assumptions made about conditions that cannot be known
(``var.env == "prod"``: true in one variant, false in the other). What only Terraform can
know is `UNKNOWN`; what Terraform would reject (a missing attribute, a bad conversion) is an
internal error that ``try`` and ``can`` see and that becomes UNKNOWN everywhere else.

An unknown condition whose branches differ is recorded (`conditions`) so that the caller can
evaluate again under each assumption; the two variants then name the branch in findings.

`origin` answers where a value was written: the tfvars line, the variable default, the local,
the module input or the ``for_each`` element it comes from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, NamedTuple, Protocol, TypeAlias

from euno_lint.findings import Span
from euno_lint.hcl import (
    Access,
    Conditional,
    Expression,
    ForExpr,
    FunctionCall,
    Given,
    Literal,
    ObjectExpr,
    Opaque,
    Operation,
    Splat,
    Template,
    Traversal,
    TupleExpr,
)
from euno_lint.hcl.render import render
from euno_lint.terraform.values import CALL_ERROR, UNKNOWN, Unknown, Value, to_template_text
from euno_lint.terraform.values import CallErrorType as _Error


class Scope(Protocol):
    """What the evaluator needs of a module's scope (`scope.Scope`, which builds on this
    module): its names, their values and where they are written, and where to record limits."""

    @property
    def module(self) -> str: ...
    @property
    def variables(self) -> Mapping[str, object]: ...
    @property
    def locals(self) -> Mapping[str, object]: ...
    def variable_value(self, name: str, evaluator: Evaluator) -> Result: ...
    def local_value(self, name: str, evaluator: Evaluator) -> Result: ...
    def source_of(self, root: str, name: str, evaluator: Evaluator) -> Source | None: ...
    def record_limit(self, file: str, span: Span, message: str) -> None: ...


MAX_REFERENCE_DEPTH: Final = 100
MAX_STRING_CHARS: Final = 1_000_000
MAX_COLLECTION_ITEMS: Final = 10_000


# What Terraform would reject: ``try`` skips it, ``can`` says false, all else: UNKNOWN.
ERROR: Final = CALL_ERROR
Result: TypeAlias = "Value | _Error"


class Condition(NamedTuple):
    """An unknown condition met while evaluating: its key (module and normalised text) and the
    text to show ("var.env == "prod"")."""

    key: str
    text: str


@dataclass(frozen=True)
class Context:
    """Names bound around an expression, and assumptions about unknown conditions (by key).

    `sources` say where a bound name's value was written, for `origin`: the expression (and the
    steps into it) that ``each.value`` or an iterator's value comes from.
    """

    bindings: Mapping[str, Value] = field(default_factory=dict)
    assumptions: Mapping[str, bool] = field(default_factory=dict)
    sources: Mapping[str, Source] = field(default_factory=dict)

    def bind(self, names: Mapping[str, Value], sources: Mapping[str, Source] = {}) -> Context:
        """This context with more names bound."""
        return Context({**self.bindings, **names}, self.assumptions, {**self.sources, **sources})

    def assuming(self, assumptions: Mapping[str, bool]) -> Context:
        """This context with more assumptions."""
        return Context(self.bindings, {**self.assumptions, **assumptions}, self.sources)


class Source(NamedTuple):
    """Where a value is written: an expression in a file, evaluated in a scope and context,
    and the steps to take into its value (``each.value`` is the element at the instance key)."""

    file: str
    expression: Expression | None
    span: Span
    scope: Scope | None = None
    context: Context | None = None
    steps: tuple[str | int | Expression | None, ...] = ()


EMPTY_CONTEXT: Final = Context()


class _Shared:
    """What the evaluators of one evaluation share as it crosses into locals, variables and
    other modules: the reference chain (for cycles and the depth limit) and the conditions met."""

    __slots__ = ("conditions", "literal_only", "visiting")

    def __init__(self, literal_only: bool) -> None:
        self.literal_only = literal_only
        self.visiting: list[tuple[str, str, str, Span]] = []
        self.conditions: dict[str, Condition] = {}


class Evaluator:
    """Computes values in one scope and context.

    With `literal_only`, variables of a root module are unknown: the value is what the
    configuration writes (a module input written at the call still counts).
    """

    def __init__(
        self,
        scope: Scope,
        context: Context = EMPTY_CONTEXT,
        *,
        literal_only: bool = False,
        shared: _Shared | None = None,
    ) -> None:
        self.scope = scope
        self.context = context
        self.shared = shared or _Shared(literal_only)

    @property
    def conditions(self) -> dict[str, Condition]:
        """The unknown conditions met (and not assumed), by key."""
        return self.shared.conditions

    def within(self, scope: Scope, context: Context) -> Evaluator:
        """An evaluator for another scope or context that shares this one's chain."""
        return Evaluator(scope, context, shared=self.shared)

    # ---- values

    def value(self, expression: Expression) -> Value:
        """The value of the expression; UNKNOWN when not statically known or invalid."""
        result = self.result(expression)
        return UNKNOWN if isinstance(result, _Error) else result

    def result(self, expression: Expression) -> Result:
        """The value, or ERROR where Terraform would reject the expression."""
        try:
            return self._evaluate(expression)
        except RecursionError:
            self._limit("an expression is nested too deeply")
            return UNKNOWN

    def _evaluate(self, expression: Expression) -> Result:
        handler = _HANDLERS.get(type(expression))
        return handler(self, expression) if handler is not None else UNKNOWN

    def _literal(self, expression: Literal) -> Result:
        return expression.value

    def _template(self, template: Template) -> Result:
        if len(template.parts) == 1 and not isinstance(template.parts[0], str):
            return self._evaluate(template.parts[0])  # "${x}" is x itself, whatever its type
        pieces: list[str] = []
        length = 0
        unknown = False
        for part in template.parts:
            if isinstance(part, str):
                text: str | Unknown = part
            else:
                value = self._evaluate(part)
                if isinstance(value, _Error):
                    return ERROR
                if value is None or isinstance(value, tuple | dict):
                    return ERROR  # null or a collection in a template: Terraform rejects it
                text = to_template_text(value)
            if isinstance(text, Unknown):
                unknown = True
                continue
            pieces.append(text)
            length += len(text)
            if length > MAX_STRING_CHARS:
                self._limit(f"a string grows beyond {MAX_STRING_CHARS:,} characters")
                return UNKNOWN
        return UNKNOWN if unknown else "".join(pieces)

    def _tuple(self, expression: TupleExpr) -> Result:
        items: list[Value] = []
        for item in expression.items:
            value = self._evaluate(item)
            if isinstance(value, _Error):
                return ERROR
            items.append(value)
        return tuple(items)

    def _object(self, expression: ObjectExpr) -> Result:
        result: dict[str, Value] = {}
        unknown_key = False
        for item in expression.items:
            key = _key_text(self._evaluate(item.key))
            value = self._evaluate(item.value)
            if isinstance(key, _Error) or isinstance(value, _Error):
                return ERROR
            if isinstance(key, Unknown):
                unknown_key = True
                continue
            result[key] = value
        return UNKNOWN if unknown_key else result

    def _given(self, expression: Given) -> Result:
        if self.shared.literal_only:
            return UNKNOWN  # not written in the configuration
        return expression.value  # type: ignore[return-value]

    def _opaque(self, expression: Opaque) -> Result:
        if expression.kind == "parenthesized":
            return self._evaluate(expression.children[0])
        return UNKNOWN

    # ---- references

    def _traversal(self, traversal: Traversal) -> Result:
        root, steps = traversal.root, traversal.steps
        if root in self.context.bindings:
            return self._steps(self.context.bindings[root], steps)
        if not steps or not isinstance(steps[0], str):
            return UNKNOWN
        name = steps[0]
        if root == "var":
            if name not in self.scope.variables:
                return ERROR
            value = self.scope.variable_value(name, self)
        elif root == "local":
            if name not in self.scope.locals:
                return ERROR
            value = self.scope.local_value(name, self)
        else:
            return UNKNOWN  # resources, data sources, module outputs, path, terraform
        return self._steps(value, steps[1:])

    def _steps(self, value: Result, steps: Sequence[str | int | Expression]) -> Result:
        for step in steps:
            if isinstance(value, _Error | Unknown):
                return value
            key = step if isinstance(step, str | int) else self._evaluate(step)
            value = index(value, key)
        return value

    def _access(self, expression: Access) -> Result:
        return self._steps(self._evaluate(expression.source), expression.steps)

    def _splat(self, expression: Splat) -> Result:
        source = self._evaluate(expression.source)
        if isinstance(source, _Error | Unknown):
            return source
        if source is None:
            return ()
        items = source if isinstance(source, tuple) else (source,)
        results: list[Value] = []
        for item in items:
            value = self._steps(item, expression.steps)
            if isinstance(value, _Error):
                return ERROR
            results.append(value)
        return tuple(results)

    # ---- operators and conditionals

    def _conditional(self, expression: Conditional) -> Result:
        decided = self.decide(expression.condition)
        if isinstance(decided, _Error):
            return ERROR
        if isinstance(decided, bool):
            chosen = self._evaluate(expression.true if decided else expression.false)
            # Terraform converts the result to the type both branches share; the other
            # branch's own errors and unknown conditions do not matter.
            other = self._quietly(expression.false if decided else expression.true)
            converted = _common((chosen, other) if decided else (other, chosen))
            if isinstance(converted, _Error):
                return ERROR  # no type both branches convert to: Terraform rejects it
            return converted[0 if decided else 1] if converted is not None else chosen
        true, false = self._evaluate(expression.true), self._evaluate(expression.false)
        if isinstance(true, _Error | Unknown) or isinstance(false, _Error | Unknown):
            return UNKNOWN
        both = _common((true, false))
        if both is None or isinstance(both, _Error):
            return UNKNOWN
        if same(*both):
            return both[0]  # both branches agree: the condition does not matter
        condition = self.condition(expression.condition)
        self.shared.conditions.setdefault(condition.key, condition)
        return UNKNOWN

    def _quietly(self, expression: Expression) -> Result:
        """A value whose unknown conditions do not split the evaluation (a branch not taken)."""
        shared = _Shared(self.shared.literal_only)
        shared.visiting = self.shared.visiting
        return Evaluator(self.scope, self.context, shared=shared)._evaluate(expression)

    def decide(self, expression: Expression) -> bool | Unknown | _Error:
        """A condition's truth: its value, else the assumption made about it, else UNKNOWN."""
        value = _to_bool(self._evaluate(expression))
        if not isinstance(value, Unknown):
            return value
        condition = self.condition(expression)
        assumed = self.context.assumptions.get(condition.key)
        if assumed is None:
            return UNKNOWN
        return assumed if condition.text == render(expression) else not assumed

    def condition(self, expression: Expression) -> Condition:
        """The condition an expression states, with negations folded in: ``a != b`` and
        ``!(a == b)`` are the same condition as ``a == b``, assumed false."""
        positive = _positive(expression)
        return Condition(f"{self.scope.module}|{render(positive)}", render(positive))

    def _operation(self, expression: Operation) -> Result:
        operator = expression.operator
        if len(expression.operands) == 1:
            return _unary(operator, self._evaluate(expression.operands[0]))
        left_node, right_node = expression.operands
        left = self._evaluate(left_node)
        if operator in ("&&", "||"):
            known, right = _to_bool(left), _to_bool(self._evaluate(right_node))
            if isinstance(known, _Error) or isinstance(right, _Error):
                return ERROR  # Terraform evaluates both sides, errors included
            deciding = operator == "||"
            if known is deciding or right is deciding:
                return deciding  # one known side decides, whatever the other is
            if isinstance(known, Unknown) or isinstance(right, Unknown):
                return UNKNOWN
            return right
        return _binary(operator, left, self._evaluate(right_node))

    # ---- for expressions and functions

    def _for(self, expression: ForExpr) -> Result:
        collection = self._evaluate(expression.collection)
        if isinstance(collection, _Error | Unknown):
            return collection
        pairs = _pairs(collection)
        if pairs is None:
            return ERROR
        items: list[Value] = []
        keys: list[str] = []
        unknown = False
        for key, element in pairs[:MAX_COLLECTION_ITEMS]:
            names: dict[str, Value] = {expression.value_name: element}
            if expression.key_name:
                names[expression.key_name] = key
            inner = self.within(self.scope, self.context.bind(names))
            if expression.condition is not None:
                keep = _to_bool(inner._evaluate(expression.condition))
                if isinstance(keep, _Error):
                    return ERROR
                if isinstance(keep, Unknown):
                    unknown = True
                    continue
                if not keep:
                    continue
            value = inner._evaluate(expression.value)
            if isinstance(value, _Error):
                return ERROR
            if expression.key is not None:
                key_text = _key_text(inner._evaluate(expression.key))
                if isinstance(key_text, _Error):
                    return ERROR
                if isinstance(key_text, Unknown):
                    unknown = True
                    continue
                keys.append(key_text)
            items.append(value)
        if unknown:
            return UNKNOWN
        if expression.key is None:
            return tuple(items)
        return _object_of(keys, items, grouping=expression.grouping)

    def _call(self, expression: FunctionCall) -> Result:
        args: list[Result] = [self._evaluate(argument) for argument in expression.args]
        if expression.expand_last and args:
            last = args.pop()
            if isinstance(last, _Error | Unknown):
                return last
            if not isinstance(last, tuple):
                return ERROR
            args.extend(last)
        return _call_function(expression.name, args)

    # ---- limits

    def enter(self, kind: str, name: str, file: str, span: Span) -> bool:
        """Step into a local or variable; False (recorded) past the depth limit or in a cycle."""
        visiting = self.shared.visiting
        if any(v[0] == kind and v[1] == name and v[3] == span for v in visiting):
            return False  # a cycle: Terraform rejects it
        if len(visiting) >= MAX_REFERENCE_DEPTH:
            self._limit(f"a chain of references is deeper than {MAX_REFERENCE_DEPTH} locals")
            return False
        visiting.append((kind, name, file, span))
        return True

    def leave(self) -> None:
        """Step back out of a local or variable."""
        self.shared.visiting.pop()

    def _limit(self, message: str) -> None:
        visiting = self.shared.visiting
        if visiting:
            _kind, _name, file, span = visiting[-1]
            self.scope.record_limit(file, span, message)

    # ---- where a value was written

    def trace(self, source: Source) -> Source:
        """Where the value of a written expression (and the steps into it) was written: the
        tfvars line, default, local, module argument or for_each element it comes from."""
        for _ in range(MAX_REFERENCE_DEPTH):
            following = self._follow(source)
            if following is None:
                return source
            source = following
        return source

    def _follow(self, source: Source) -> Source | None:
        """One step from a written expression towards where its value was written."""
        expression = source.expression
        scope = source.scope or self.scope
        evaluator = self.within(scope, source.context or self.context)
        if isinstance(expression, Opaque) and expression.kind == "parenthesized":
            return source._replace(expression=expression.children[0])
        if isinstance(expression, Conditional):
            decided = evaluator.decide(expression.condition)
            if not isinstance(decided, bool):
                return None
            chosen = expression.true if decided else expression.false
            return source._replace(expression=chosen, span=chosen.span)
        if isinstance(expression, Traversal):
            return evaluator._reference_source(expression, source)
        if source.steps and isinstance(expression, ObjectExpr | TupleExpr):
            return evaluator._element_source(expression, source)
        return None

    def _reference_source(self, traversal: Traversal, source: Source) -> Source | None:
        root, steps = traversal.root, traversal.steps
        if root in self.context.bindings:
            bound = self.context.sources.get(root)
            if bound is None or not steps or steps[0] not in ("value", "key"):
                return None
            if steps[0] == "key":
                return bound._replace(steps=bound.steps) if bound.expression else bound
            return bound._replace(steps=(*bound.steps, *steps[1:], *source.steps))
        if not steps or not isinstance(steps[0], str):
            return None
        written = self.scope.source_of(root, steps[0], self)
        if written is None:
            return None
        return written._replace(steps=(*written.steps, *steps[1:], *source.steps))

    def _element_source(self, expression: ObjectExpr | TupleExpr, source: Source) -> Source | None:
        step, rest = source.steps[0], source.steps[1:]
        if step is None:
            return None  # any element: none in particular
        key = step if isinstance(step, str | int) else self.value(step)
        if isinstance(expression, TupleExpr):
            if (
                isinstance(key, int)
                and not isinstance(key, bool)
                and 0 <= key < len(expression.items)
            ):
                item = expression.items[key]
                return source._replace(expression=item, span=item.span, steps=rest)
            return None
        for item_key, item_value in reversed(expression.items):  # the last of a name wins
            if _key_text(self.value(item_key)) == _key_text(key):
                return source._replace(expression=item_value, span=item_value.span, steps=rest)
        return None


_HANDLERS: Final[dict[type, Callable[[Evaluator, Expression], Result]]] = {
    Literal: Evaluator._literal,  # type: ignore[dict-item]
    Template: Evaluator._template,  # type: ignore[dict-item]
    TupleExpr: Evaluator._tuple,  # type: ignore[dict-item]
    ObjectExpr: Evaluator._object,  # type: ignore[dict-item]
    Traversal: Evaluator._traversal,  # type: ignore[dict-item]
    Access: Evaluator._access,  # type: ignore[dict-item]
    Splat: Evaluator._splat,  # type: ignore[dict-item]
    Conditional: Evaluator._conditional,  # type: ignore[dict-item]
    Operation: Evaluator._operation,  # type: ignore[dict-item]
    ForExpr: Evaluator._for,  # type: ignore[dict-item]
    FunctionCall: Evaluator._call,  # type: ignore[dict-item]
    Given: Evaluator._given,  # type: ignore[dict-item]
    Opaque: Evaluator._opaque,  # type: ignore[dict-item]
}


# --------------------------------------------------------------------------- value semantics


def index(value: Result, key: Result) -> Result:
    """``value[key]`` (or ``value.key``) with Terraform's conversions and errors."""
    if isinstance(value, _Error) or isinstance(key, _Error):
        return ERROR
    if isinstance(value, Unknown) or isinstance(key, Unknown):
        return UNKNOWN
    if isinstance(value, dict):
        text = _key_text(key)
        if not isinstance(text, str) or text not in value:
            return ERROR
        return value[text]
    if isinstance(value, tuple):
        number = _to_number(key)
        if not isinstance(number, int | float) or not float(number).is_integer():
            return ERROR
        position = int(number)
        return value[position] if 0 <= position < len(value) else ERROR
    return ERROR


def same(left: Value, right: Value) -> bool:
    """Terraform's equality of two known values (types must agree; 1 == 1.0)."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return left == right
    if isinstance(left, tuple) and isinstance(right, tuple):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same(left[k], right[k]) for k in left)
    return type(left) is type(right) and left == right


def _key_text(value: Result) -> str | Unknown | _Error:
    if isinstance(value, _Error | Unknown | str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        text = to_template_text(value)
        return text if isinstance(text, str) else ERROR
    return ERROR


def _to_bool(value: Result) -> bool | Unknown | _Error:
    if isinstance(value, bool | Unknown | _Error):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    return ERROR


def _to_number(value: Result) -> int | float | Unknown | _Error:
    if isinstance(value, bool):
        return ERROR
    if isinstance(value, int | float | Unknown | _Error):
        return value
    if isinstance(value, str):
        number = _parse_number(value)
        return number if isinstance(number, int | float | Unknown) else ERROR
    return ERROR


def _unary(operator: str, operand: Result) -> Result:
    if operator == "!":
        value = _to_bool(operand)
        return value if isinstance(value, Unknown | _Error) else not value
    number = _to_number(operand)
    return number if isinstance(number, Unknown | _Error) else -number


def _binary(operator: str, left: Result, right: Result) -> Result:
    if isinstance(left, _Error) or isinstance(right, _Error):
        return ERROR
    if operator in ("==", "!="):
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return UNKNOWN
        equal = same(left, right)
        return equal if operator == "==" else not equal
    a, b = _to_number(left), _to_number(right)
    if isinstance(a, _Error) or isinstance(b, _Error):
        return ERROR
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return UNKNOWN
    return _arithmetic(operator, a, b)


def _arithmetic(operator: str, a: int | float, b: int | float) -> Result:
    if operator == "<":
        return a < b
    if operator == ">":
        return a > b
    if operator == "<=":
        return a <= b
    if operator == ">=":
        return a >= b
    return _arithmetic_of(operator, a, b)


def _common(values: tuple[Result, Result]) -> tuple[Value, Value] | _Error | None:
    """Both values converted to the type they share: ERROR when there is none, None when it
    cannot be known (an unknown or failed value). A null converts to anything and leaves the
    other as it is."""
    first, second = values
    if isinstance(first, _Error | Unknown) or isinstance(second, _Error | Unknown):
        return None
    if first is None or second is None:
        return first, second
    converted = _unified([first, second])
    if isinstance(converted, _Error):
        return ERROR
    if not isinstance(converted, tuple) or len(converted) != 2:
        return None
    return converted[0], converted[1]


# The built-in functions are imported when first needed: they take a while to import, and
# many configurations call none.


def _call_function(name: str, args: list[Result]) -> Result:
    from euno_lint.terraform.functions import call

    return call(name, args)


def _parse_number(text: str) -> Result:
    from euno_lint.terraform.functions import parse_number

    return parse_number(text)


def _arithmetic_of(operator: str, a: int | float, b: int | float) -> Result:
    from euno_lint.terraform.functions import arithmetic

    return arithmetic(operator, a, b)


def _unified(values: list[Value]) -> tuple[Value, ...] | Result:
    from euno_lint.terraform.functions import unified

    return unified(values)


def _positive(expression: Expression) -> Expression:
    """The condition without its outer negation (``!x`` -> ``x``, ``a != b`` -> ``a == b``)."""
    while isinstance(expression, Opaque) and expression.kind == "parenthesized":
        expression = expression.children[0]
    if isinstance(expression, Operation):
        if expression.operator == "!" and len(expression.operands) == 1:
            return _positive(expression.operands[0])
        if expression.operator == "!=":
            return Operation("==", expression.operands, expression.span)
    return expression


def _pairs(collection: Value) -> list[tuple[Value, Value]] | None:
    """What a ``for`` expression iterates: (index, element) or (key, value) in key order."""
    if isinstance(collection, tuple):
        return [(position, item) for position, item in enumerate(collection)]
    if isinstance(collection, dict):
        return [(key, collection[key]) for key in sorted(collection)]
    return None


def _object_of(keys: list[str], items: list[Value], *, grouping: bool) -> Result:
    result: dict[str, Value] = {}
    for key, item in zip(keys, items, strict=True):
        if grouping:
            existing = result.get(key, ())
            assert isinstance(existing, tuple)
            result[key] = (*existing, item)
        elif key in result:
            return ERROR  # a duplicate key without "...": Terraform rejects it
        else:
            result[key] = item
    return result
