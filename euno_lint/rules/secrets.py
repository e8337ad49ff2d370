"""Secret rules: sensitive arguments, the variables and tfvars that feed them, leaked tokens.

A sensitive argument is one the resource's schema marks sensitive (``api_token`` of Hex; under
the provider's code also ``api_key``/``api_secret`` of Fivetran, ``password``/``private_key``
of Snowflake, and the provider block's ``api_key``). The rules follow its value through
locals, string templates and variables. No message ever contains a secret's value: at most a
Hex token's ``hxtw_…`` prefix.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from typing import ClassVar, NamedTuple

from euno_lint.findings import Correction, Edit, Place, Severity, Span, Violation
from euno_lint.hcl import Attribute, Body, Expression, Literal, ObjectExpr, TupleExpr
from euno_lint.rules.base import ModuleRule, ResourceRule, TextRule
from euno_lint.rules.examples import CLEAN_EXAMPLE, integration
from euno_lint.rules.fixes import add_attribute
from euno_lint.rules.tokens import HEX_TOKEN, redacted, sensitive_paths
from euno_lint.terraform.flow import FeedingVariable, Step, WrittenLiteral, flows, references
from euno_lint.terraform.resource import Module, Resource
from euno_lint.terraform.scope import Scope, Variable
from euno_lint.terraform.values import Value

_SECRET_TAGS = ("security", "secrets")

_TOKEN_VARIABLE_WITHOUT_SENSITIVE = 'variable "hex_api_token" {\n  type = string\n}\n'


def secret_attributes(resource: Resource) -> Iterator[tuple[str, Attribute]]:
    """The sensitive arguments a resource sets: (path, attribute)."""
    for path in sensitive_paths(resource):
        attribute = resource.attribute(path)
        if attribute is not None:
            yield path, attribute


class _Feeding(NamedTuple):
    """A variable whose value (at `steps` inside it) reaches a sensitive argument."""

    resource: Resource
    path: str
    feeding: FeedingVariable
    # Every sensitive argument the variable (at these steps) feeds: related locations, so
    # that a change to any of them is known to cause the finding (given-files runs).
    uses: tuple[Place, ...] = ()

    @property
    def variable(self) -> Variable:
        """The variable."""
        return self.feeding.variable

    @property
    def argument(self) -> str:
        """The argument's name, as messages show it."""
        return self.path.rsplit(".", 1)[-1]


def _feeding_variables(module: Module) -> Iterator[_Feeding]:
    for resource in module.resources:
        for path, attribute in secret_attributes(resource):
            file = resource.file_for(path)
            for flow in flows(attribute.value, file, resource.scope, resource.context):
                if isinstance(flow, FeedingVariable):
                    yield _Feeding(resource, path, flow, (Place(file, attribute.span),))


def _first_per_variable(module: Module) -> dict[tuple[str, str, tuple[Step, ...]], _Feeding]:
    """The first use of each variable (at each path into it) by a sensitive argument, with
    the places of all its uses."""
    found: dict[tuple[str, str, tuple[Step, ...]], _Feeding] = {}
    for feeding in _feeding_variables(module):
        variable = feeding.variable
        key = (variable.file, variable.name, feeding.feeding.steps)
        first = found.get(key)
        if first is None:
            found[key] = feeding
        elif feeding.uses[0] not in first.uses:
            found[key] = first._replace(uses=first.uses + feeding.uses)
    return found


def _value_at(value: Value, steps: tuple[Step, ...]) -> Value:
    for step in steps:
        if isinstance(value, dict) and isinstance(step, str):
            value = value.get(step)
        elif isinstance(value, tuple) and isinstance(step, int) and 0 <= step < len(value):
            value = value[step]
        else:
            return None
    return value


def _path_text(steps: tuple[Step, ...]) -> str:
    return "".join(f".{s}" if isinstance(s, str) else f"[{s}]" for s in steps if s is not None)


def _declared_true(variable: Variable, scope: Scope, argument: str) -> bool | None:
    """Whether a variable declares `argument` (``sensitive``, ``ephemeral``) true: None when
    that is not statically known."""
    written = variable.block.body.attribute(argument)
    if written is None:
        return False
    value = scope.evaluate_literal(written.value)
    if isinstance(value, bool | str):
        return value is True or value == "true"
    return None


class HardcodedApiToken(ResourceRule):
    code = "EUNO401"
    name = "hardcoded-api-token"
    severity = Severity.ERROR
    summary = "A sensitive argument (api_token, api_key...) is a literal string"
    tags = _SECRET_TAGS
    security_severity = "9.0"
    why = """
A token, key or password written in the configuration, directly or through a `local` or a
string template, is committed to version control, where everyone with read access (and every
fork and backup) has it. Every argument the resource's schema marks sensitive is checked:
`api_token` of Hex, and under the provider's code (`euno-0.1`) also Fivetran's `api_key` and
`api_secret`, Snowflake's `password` and `private_key`, and the provider block's `api_key`.
Read the secret from a variable marked `sensitive = true` and fill that variable from a secret
store or the CI environment (`TF_VAR_hex_api_token`). Revoke a secret that was committed.
"""
    example = integration(
        configuration=(
            '    api_token    = "hxtw_EXAMPLEonlyEXAMPLEonlyEXAMPLE0"\n'
            '    project_id   = "0b7c6a52-1f1e-4c7e-9d3a-3f0e8f1e2a10"\n'
            '    namespace_id = "analytics"\n'
        ),
        variables="",
    )
    fix = CLEAN_EXAMPLE

    def check(self, resource: Resource) -> Iterator[Violation]:
        for path, attribute in secret_attributes(resource):
            yield from self._literal(resource, path, attribute)

    def _literal(self, resource: Resource, path: str, attribute: Attribute) -> Iterator[Violation]:
        value = resource.evaluate_literal(attribute.value)
        if not isinstance(value, str):
            return
        name = path.rsplit(".", 1)[-1]
        file = resource.file_for(path)
        literals = [
            flow
            for flow in flows(attribute.value, file, resource.scope, resource.context)
            if isinstance(flow, WrittenLiteral)
        ]
        crossings = {flow.crossing for flow in literals}
        at: str | Place = path
        via = _via_locals(attribute.value)
        if len(crossings) == 1 and None not in crossings:
            crossing = next(iter(crossings))
            assert crossing is not None
            at = crossing  # written at the module call: that is where to remove it
            via = " (passed in by the module call)"
        written = tuple(
            dict.fromkeys(
                Place(flow.file, flow.literal.span)
                for flow in literals
                if flow.literal.span != attribute.value.span
                and (not isinstance(at, Place) or not _within(flow.literal.span, at.span))
            )
        )
        if value == "":
            yield Violation(f"{name} is an empty string{via}", at, path, related=written)
        else:
            secret = "token" if name.endswith("token") else "secret"
            yield Violation(
                f'{name} is a hard-coded string ("{redacted(value)}"){via}: read it from a '
                f"variable marked sensitive = true and revoke the committed {secret}",
                at,
                path,
                related=written,
            )


def _within(inner: Span, outer: Span) -> bool:
    return (outer.line, outer.column) <= (inner.line, inner.column) and (
        inner.end_line,
        inner.end_column,
    ) <= (outer.end_line, outer.end_column)


def _member_span(expression: Expression, steps: tuple[Step, ...]) -> Span | None:
    """Where the member at `steps` of an object or tuple written literally is."""
    node = expression
    for step in steps:
        if isinstance(node, ObjectExpr) and isinstance(step, str):
            match = [v for k, v in node.items if isinstance(k, Literal) and k.value == step]
            if not match:
                return None
            node = match[-1]
        elif isinstance(node, TupleExpr) and isinstance(step, int) and step < len(node.items):
            node = node.items[step]
        else:
            return None
    return node.span if steps else None


def _via_locals(expression: Expression) -> str:
    names = sorted(
        {
            str(reference.steps[0])
            for reference in references(expression)
            if reference.root == "local" and reference.steps and isinstance(reference.steps[0], str)
        }
    )
    return f" (through {', '.join('local.' + n for n in names)})" if names else ""


class TokenVariableNotSensitive(ModuleRule):
    code = "EUNO402"
    name = "token-variable-not-sensitive"
    severity = Severity.ERROR
    summary = "A variable feeding a sensitive argument is not marked sensitive"
    tags = _SECRET_TAGS
    security_severity = "7.0"
    why = """
Terraform hides a sensitive argument (`api_token`) in the plan of the resource that has it, but
a variable holding the same secret is printed wherever else it is used unless it is declared
with `sensitive = true`: in outputs, in other resources' plans, in `terraform console`, in
error messages and CI logs. Every variable whose value reaches a sensitive argument (directly,
through a local or a template) must be sensitive. One finding per variable, at its
declaration. A variable declared `ephemeral = true` is not reported: Terraform keeps it out of
plans and state altogether. It is a problem of its own when it reaches a resource argument,
which cannot take an ephemeral value (EUNO410); the provider block can.
"""
    example = _TOKEN_VARIABLE_WITHOUT_SENSITIVE + "\n" + integration(variables="")
    fix = CLEAN_EXAMPLE
    autofix = (
        "safe: `sensitive = true` is added to the variable's declaration (aligned like the "
        "arguments around it), or `sensitive = false` becomes true; unsafe when an output of "
        "the module refers to the variable or to a local (Terraform then wants the output "
        "marked sensitive too)"
    )

    def check(self, module: Module) -> Iterator[Violation]:
        reported: set[tuple[str, str]] = set()
        for feeding in _first_per_variable(module).values():
            variable = feeding.variable
            if (variable.file, variable.name) in reported:
                continue
            reported.add((variable.file, variable.name))
            scope = feeding.feeding.scope
            if _declared_true(variable, scope, "sensitive") is not False:
                continue  # sensitive, or not statically known
            if _declared_true(variable, scope, "ephemeral") is not False:
                continue  # never in plan or state; a resource argument rejects it: EUNO410
            yield Violation(
                f'variable "{variable.name}" feeds {feeding.argument} of '
                f"{feeding.resource.address} but is not marked sensitive = true: the plan "
                f"hides {feeding.argument} there, but not the variable's other uses (outputs, "
                "other resources, console, errors)",
                Place(variable.file, variable.block.header),
                subject=f"variable.{variable.name}",
                related=feeding.uses,
                correction=_mark_sensitive(variable, module),
            )


def _mark_sensitive(variable: Variable, module: Module) -> Correction | None:
    """``sensitive = true`` in a variable's declaration, when written in a ``.tf`` file."""
    if not variable.file.endswith(".tf") or variable.overrides:
        return None
    safe = not any(_output_may_use(module, variable.name))
    written = variable.sensitive
    description = f'mark variable "{variable.name}" sensitive = true'
    if written is None:
        return add_attribute(variable.block, "sensitive", "true", description, safe=safe)
    if isinstance(written.value, Literal) and written.value.value is False:
        return Correction(description, (Edit(written.value.span, "true"),), safe)
    return None


def _output_may_use(module: Module, name: str) -> Iterator[bool]:
    for parsed in module.files:
        for block in parsed.body.blocks_of("output"):
            for attribute in block.body.attributes:
                for traversal in references(attribute.value):
                    steps = traversal.steps
                    yield traversal.root == "local" or (
                        traversal.root == "var" and bool(steps) and steps[0] == name
                    )


class SecretVariableDefault(ModuleRule):
    code = "EUNO404"
    name = "secret-variable-default"
    severity = Severity.ERROR
    summary = "A variable feeding a sensitive argument has a literal default"
    tags = _SECRET_TAGS
    security_severity = "9.0"
    why = """
A `default` on the token variable commits the token to the repository, exactly like writing it
in the resource, and `sensitive = true` does not help. Remove the default so that a missing
token fails loudly, and pass the value at plan time.
"""
    example = (
        'variable "hex_api_token" {\n'
        "  type      = string\n"
        "  sensitive = true\n"
        '  default   = "hxtw_EXAMPLEonlyEXAMPLEonlyEXAMPLE0"\n'
        "}\n\n" + integration(variables="")
    )
    fix = CLEAN_EXAMPLE

    def check(self, module: Module) -> Iterator[Violation]:
        for feeding in _first_per_variable(module).values():
            variable = feeding.variable
            default = variable.default
            if default is None:
                continue
            steps = feeding.feeding.steps
            scope = feeding.feeding.scope
            value = _value_at(scope.evaluate_literal(default.value), steps)
            if isinstance(value, str) and value:
                member = _member_span(default.value, steps) or default.span
                yield Violation(
                    f'variable "{variable.name}"{_path_text(steps)} feeds {feeding.argument} '
                    f'and has a default value ("{redacted(value)}"): remove it and pass the '
                    "secret at plan time",
                    Place(variable.file_of("default"), member),
                    subject=f"variable.{variable.name}.default{_path_text(steps)}",
                    related=feeding.uses,
                )


class SecretInTfvars(ModuleRule):
    code = "EUNO405"
    name = "secret-in-tfvars"
    severity = Severity.ERROR
    summary = "A tfvars file of the module assigns a literal secret"
    tags = _SECRET_TAGS
    security_severity = "9.0"
    why = """
A `.tfvars` or `.tfvars.json` file next to the configuration is usually committed with it.
A token assigned there is as exposed as one written in the resource. Keep tokens in a secret
store or the CI environment (`TF_VAR_hex_api_token`), or in a tfvars file that `.gitignore`
excludes (euno-lint does not read ignored files).
"""
    example: ClassVar[Mapping[str, str]] = {
        "main.tf": CLEAN_EXAMPLE,
        "terraform.tfvars": 'hex_api_token = "hxtw_EXAMPLEonlyEXAMPLEonlyEXAMPLE0"\n',
    }
    fix = CLEAN_EXAMPLE

    def check(self, module: Module) -> Iterator[Violation]:
        for feeding in _first_per_variable(module).values():
            scope, steps = feeding.feeding.scope, feeding.feeding.steps
            if scope.caller is not None:
                continue  # tfvars files set only a root module's variables
            for assignment in scope.tfvars:
                if assignment.name != feeding.variable.name:
                    continue
                value = _value_at(assignment.value, steps)
                if not isinstance(value, str) or not value:
                    continue
                file_name = assignment.file.rsplit("/", 1)[-1]
                argument = feeding.argument
                secret = "token" if argument.endswith("token") else "secret"
                member = (
                    _member_span(assignment.expression, steps)
                    if assignment.expression is not None and steps
                    else None
                )
                yield Violation(
                    f'{file_name} assigns a {secret} to "{assignment.name}{_path_text(steps)}" '
                    f'("{redacted(value)}"), which feeds {argument}: keep {secret}s out '
                    "of committed files",
                    Place(assignment.file, member or assignment.span),
                    subject=f"tfvars.{assignment.name}{_path_text(steps)}",
                    related=feeding.uses,
                )


class HexTokenLiteral(TextRule):
    code = "EUNO407"
    name = "hex-token-literal"
    severity = Severity.ERROR
    summary = "Text shaped like a Hex API token appears in a file"
    tags = _SECRET_TAGS
    security_severity = "9.0"
    superseded_by = ("EUNO401", "EUNO404", "EUNO405")
    marker = b"hxt"
    why = """
A Hex API token (`hxtp_` for personal tokens, `hxtw_` for workspace tokens, followed by 20 or
more letters and digits) anywhere in a `.tf` or `.tfvars` file, comments included, is a leaked
credential. This is a text scan: it applies to every file euno-lint reads, parsed or not,
except where EUNO401, EUNO404 or EUNO405 already report the same token. Revoke the token.
A finding's identity (its baseline entry, its code scanning alert) is a digest of the token,
never the token itself, so it survives lines added above it; another token is a new finding.
"""
    example = "# old token: hxtw_EXAMPLEonlyEXAMPLEonlyEXAMPLE0\n" + CLEAN_EXAMPLE
    fix = CLEAN_EXAMPLE

    def check(self, text: str) -> Iterator[Violation]:
        line, line_start, counted = 1, 0, 0  # counted incrementally: many matches stay linear
        occurrences: dict[str, int] = {}
        for match in HEX_TOKEN.finditer(text):
            newlines = text.count("\n", counted, match.start())
            if newlines:
                line += newlines
                line_start = text.rfind("\n", counted, match.start()) + 1
            counted = match.start()
            column = match.start() - line_start + 1
            kind = "personal" if match.group(0).startswith("hxtp_") else "workspace"
            yield Violation(
                f'a Hex {kind} API token ("{redacted(match.group(0))}") is written in this file: '
                "revoke it and load the token from a secret store",
                Place("", Span(line, column, line, column + len(match.group(0)))),
                subject=_token_identity(match.group(0), occurrences),
            )


def _token_identity(token: str, occurrences: dict[str, int]) -> str:
    """The identity of a token's finding, which survives edits around it: a digest of the
    token (the token itself never leaves: identities are written to baselines), numbered from
    its second occurrence in the file. Any other token is a new finding, as it should be."""
    digest = hashlib.sha256(b"euno-lint EUNO407\x00" + token.encode()).hexdigest()[:16]
    occurrences[digest] = count = occurrences.get(digest, 0) + 1
    return f"token:{digest}" + (f"#{count}" if count > 1 else "")


_META_ARGUMENTS = frozenset({"count", "for_each", "depends_on", "provider"})
# Blocks of a resource that are not its arguments (provisioners may use ephemeral values).
_META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection"})


def _arguments(body: Body, prefix: str = "") -> Iterator[tuple[str, Attribute]]:
    """The arguments written in a resource body, with their paths (a dynamic block's content
    stands for the block)."""
    for attribute in body.attributes:
        if prefix or attribute.name not in _META_ARGUMENTS:
            yield f"{prefix}{attribute.name}", attribute
    for block in body.blocks:
        if not prefix and block.type in _META_BLOCKS:
            continue
        if block.type == "dynamic" and block.labels:
            for content in block.body.blocks_of("content"):
                yield from _arguments(content.body, f"{prefix}{block.labels[0]}.")
        else:
            yield from _arguments(block.body, f"{prefix}{block.type}.")


class EphemeralVariableInResource(ResourceRule):
    code = "EUNO410"
    name = "ephemeral-variable-in-resource"
    severity = Severity.ERROR
    summary = "A variable marked ephemeral feeds a resource argument, which Terraform rejects"
    tags = ("secrets",)
    why = """
`ephemeral = true` (Terraform 1.10 and later) keeps a variable out of plans and state, which
makes it tempting for a token. But Terraform stores every resource argument in the state, so
it accepts an ephemeral value only in a write-only argument, and the Euno provider has none:
`terraform validate` fails with "Invalid use of ephemeral value" ("Ephemeral values are not
valid for "api_token", because it is not a write-only attribute and must be persisted to
state"). The provider block is not a resource: its `api_key` may come from an ephemeral
variable. Declare the token variable `sensitive = true` instead of `ephemeral = true`:
Terraform then hides it in plan output and logs (and the state holds it: keep the state in an
encrypted backend). Reported at every argument an ephemeral variable reaches, directly or
through locals, templates and function calls, naming the variable.
"""
    example = (
        'variable "hex_api_token" {\n'
        "  type      = string\n"
        "  ephemeral = true\n"
        "}\n\n" + integration(variables="")
    )
    fix = CLEAN_EXAMPLE

    def check(self, resource: Resource) -> Iterator[Violation]:
        if not resource.is_integration or not _may_be_ephemeral(resource.scope):
            return  # a provider block takes ephemeral values
        for path, attribute in _arguments(resource.block.body):
            file = resource.file_for(path)
            for variable in _ephemeral_variables(attribute, file, resource):
                sensitive = _declared_true(variable, resource.scope, "sensitive")
                fix = (
                    "remove ephemeral = true (sensitive = true already hides it in plans)"
                    if sensitive
                    else "declare the variable sensitive = true instead of ephemeral = true"
                )
                name = path.rsplit(".", 1)[-1]
                yield Violation(
                    f'{name} takes variable "{variable.name}", which is ephemeral: Terraform '
                    "rejects ephemeral values in resource arguments (only write-only arguments "
                    f"take them, and {name} of {resource.kind} is not one): {fix}",
                    Place(file, attribute.span),
                    subject=f"{path}:var.{variable.name}",
                    related=(Place(variable.file, variable.block.header),),
                )


def _may_be_ephemeral(scope: Scope) -> bool:
    """Whether a variable of the module instance, or of a module calling it, is written with
    ``ephemeral``: the flows are followed only then (most configurations have none)."""
    current: Scope | None = scope
    while current is not None:
        if any(v.block.body.attribute("ephemeral") for v in current.variables.values()):
            return True
        current = current.caller.scope if current.caller is not None else None
    return False


def _ephemeral_variables(attribute: Attribute, file: str, resource: Resource) -> list[Variable]:
    """The variables declared ephemeral whose value reaches the attribute: through locals,
    templates and module calls (`flows`), or named in it directly (a variable of this module
    that its caller sets)."""
    found: dict[tuple[str, str], Variable] = {}
    for flow in flows(attribute.value, file, resource.scope, resource.context):
        if isinstance(flow, FeedingVariable) and _declared_true(
            flow.variable, flow.scope, "ephemeral"
        ):
            found.setdefault((flow.variable.file, flow.variable.name), flow.variable)
    for reference in references(attribute.value):
        if reference.root != "var" or not reference.steps:
            continue
        variable = resource.scope.variables.get(str(reference.steps[0]))
        if variable is not None and _declared_true(variable, resource.scope, "ephemeral"):
            found.setdefault((variable.file, variable.name), variable)
    return list(found.values())
