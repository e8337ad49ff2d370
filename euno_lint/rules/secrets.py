"""Secret rules: sensitive arguments, the variables and tfvars that feed them, leaked tokens.

A sensitive argument is one the resource's schema marks sensitive (``api_token`` of Hex; under
the provider's code also ``api_key``/``api_secret`` of Fivetran, ``password``/``private_key``
of Snowflake, and the provider block's ``api_key``). The rules follow its value through
locals, string templates and variables. No message ever contains a secret's value: at most a
Hex token's ``hxtw_…`` prefix.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar, NamedTuple

from euno_lint.findings import Place, Severity, Span, Violation
from euno_lint.hcl import Attribute, Expression
from euno_lint.rules.base import ModuleRule, ResourceRule, TextRule
from euno_lint.rules.examples import CLEAN_EXAMPLE, integration
from euno_lint.rules.tokens import HEX_TOKEN, redacted, sensitive_paths
from euno_lint.terraform.resource import Module, Resource
from euno_lint.terraform.scope import Variable, references

_SECRET_TAGS = ("security", "secrets")

_TOKEN_VARIABLE_WITHOUT_SENSITIVE = 'variable "hex_api_token" {\n  type = string\n}\n'


def secret_attributes(resource: Resource) -> Iterator[tuple[str, Attribute]]:
    """The sensitive arguments a resource sets: (path, attribute)."""
    for path in sensitive_paths(resource):
        attribute = resource.attribute(path)
        if attribute is not None:
            yield path, attribute


class _Feeding(NamedTuple):
    """A declared variable whose value reaches a sensitive argument of a resource."""

    resource: Resource
    path: str
    variable: Variable

    @property
    def argument(self) -> str:
        """The argument's name, as messages show it."""
        return self.path.rsplit(".", 1)[-1]


def _feeding_variables(module: Module) -> Iterator[_Feeding]:
    for resource in module.resources:
        for path, attribute in secret_attributes(resource):
            for name in module.scope.variables_feeding(attribute.value):
                variable = module.scope.variables.get(name)
                if variable is not None:
                    yield _Feeding(resource, path, variable)


def _first_per_variable(module: Module) -> dict[str, _Feeding]:
    found: dict[str, _Feeding] = {}
    for feeding in _feeding_variables(module):
        found.setdefault(feeding.variable.name, feeding)
    return found


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
        value = resource.scope.evaluate_literal(attribute.value)
        if not isinstance(value, str):
            return
        name = path.rsplit(".", 1)[-1]
        via = _via_locals(attribute.value)
        written = tuple(
            dict.fromkeys(
                Place(file, literal.span)
                for file, literal in resource.scope.literal_sources(attribute.value, resource.file)
                if literal.span != attribute.value.span
            )
        )
        if value == "":
            yield Violation(f"{name} is an empty string{via}", path, related=written)
        else:
            secret = "token" if name.endswith("token") else "secret"
            yield Violation(
                f'{name} is a hard-coded string ("{redacted(value)}"){via}: read it from a '
                f"variable marked sensitive = true and revoke the committed {secret}",
                path,
                related=written,
            )


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
declaration.
"""
    example = _TOKEN_VARIABLE_WITHOUT_SENSITIVE + "\n" + integration(variables="")
    fix = CLEAN_EXAMPLE

    def check(self, module: Module) -> Iterator[Violation]:
        for feeding in _first_per_variable(module).values():
            variable = feeding.variable
            sensitive = variable.sensitive
            value = module.scope.evaluate_literal(sensitive.value) if sensitive else False
            if value is True or value == "true":
                continue
            if sensitive is not None and not isinstance(value, bool | str):
                continue  # not statically known
            yield Violation(
                f'variable "{variable.name}" feeds {feeding.argument} of '
                f"{feeding.resource.address} but is not marked sensitive = true: the plan "
                f"hides {feeding.argument} there, but not the variable's other uses (outputs, "
                "other resources, console, errors)",
                Place(variable.file, variable.block.header),
                subject=f"variable.{variable.name}",
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
            value = module.scope.evaluate_literal(default.value)
            if isinstance(value, str) and value:
                yield Violation(
                    f'variable "{variable.name}" feeds {feeding.argument} and has a default '
                    f'value ("{redacted(value)}"): remove it and pass the secret at plan time',
                    Place(variable.file, default.span),
                    subject=f"variable.{variable.name}.default",
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
        feeding = _first_per_variable(module)
        for assignment in module.scope.tfvars:
            if assignment.name not in feeding:
                continue
            if isinstance(assignment.value, str) and assignment.value:
                file_name = assignment.file.rsplit("/", 1)[-1]
                argument = feeding[assignment.name].argument
                secret = "token" if argument.endswith("token") else "secret"
                yield Violation(
                    f'{file_name} assigns a {secret} to "{assignment.name}" '
                    f'("{redacted(assignment.value)}"), which feeds {argument}: keep {secret}s out '
                    "of committed files",
                    Place(assignment.file, assignment.span),
                    subject=f"tfvars.{assignment.name}",
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
"""
    example = "# old token: hxtw_EXAMPLEonlyEXAMPLEonlyEXAMPLE0\n" + CLEAN_EXAMPLE
    fix = CLEAN_EXAMPLE

    def check(self, text: str) -> Iterator[Violation]:
        line, line_start, counted = 1, 0, 0  # counted incrementally: many matches stay linear
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
                subject=f"token:{line}",
            )
