"""Secret rules: the API token, the variables and tfvars that feed it, and leaked tokens.

The token rules follow the value of ``api_token`` through locals, string templates and
variables. No message ever contains a token's value: at most its ``hxtw_…`` prefix.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from euno_lint.findings import Place, Severity, Span, Violation
from euno_lint.hcl import Attribute, Expression
from euno_lint.rules.base import ModuleRule, ResourceRule, TextRule
from euno_lint.rules.examples import CLEAN_EXAMPLE, integration
from euno_lint.rules.tokens import HEX_TOKEN, TOKEN_PATH, redacted
from euno_lint.terraform.resource import Module, Resource
from euno_lint.terraform.scope import Variable, references

_SECRET_TAGS = ("security", "secrets")

_TOKEN_VARIABLE_WITHOUT_SENSITIVE = 'variable "hex_api_token" {\n  type = string\n}\n'


def _token_attribute(resource: Resource) -> Attribute | None:
    return resource.attribute(TOKEN_PATH)


def token_variables(module: Module) -> Iterator[tuple[Resource, Variable]]:
    """Each (resource, declared variable) pair where the variable feeds the resource's token."""
    for resource in module.resources:
        token = _token_attribute(resource)
        if token is None:
            continue
        for name in module.scope.variables_feeding(token.value):
            variable = module.scope.variables.get(name)
            if variable is not None:
                yield resource, variable


def _first_per_variable(module: Module) -> dict[str, tuple[Resource, Variable]]:
    found: dict[str, tuple[Resource, Variable]] = {}
    for resource, variable in token_variables(module):
        found.setdefault(variable.name, (resource, variable))
    return found


class HardcodedApiToken(ResourceRule):
    code = "EUNO401"
    name = "hardcoded-api-token"
    severity = Severity.ERROR
    summary = "The api_token is a literal string in the configuration"
    tags = _SECRET_TAGS
    security_severity = "9.0"
    why = """
A token written in the configuration, directly or through a `local` or a string template, is
committed to version control, where everyone with read access (and every fork and backup)
has it. Read it from a variable marked `sensitive = true` and fill that variable from a
secret store or the CI environment (`TF_VAR_hex_api_token`). Revoke a token that was
committed.
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
        token = _token_attribute(resource)
        if token is None:
            return
        value = resource.scope.evaluate_literal(token.value)
        if not isinstance(value, str):
            return
        via = _via_locals(token.value)
        written = tuple(
            dict.fromkeys(
                Place(file, literal.span)
                for file, literal in resource.scope.literal_sources(token.value, resource.file)
                if literal.span != token.value.span
            )
        )
        if value == "":
            yield Violation(f"api_token is an empty string{via}", TOKEN_PATH, related=written)
        else:
            yield Violation(
                f'api_token is a hard-coded string ("{redacted(value)}"){via}: read it from a '
                "variable marked sensitive = true and revoke the committed token",
                TOKEN_PATH,
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
    summary = "A variable feeding api_token is not marked sensitive"
    tags = _SECRET_TAGS
    security_severity = "7.0"
    why = """
Terraform prints variable values in plan output, CI logs and error messages unless the
variable is declared with `sensitive = true`. Every variable whose value reaches `api_token`
(directly, through a local or a template) must be sensitive. One finding per variable, at its
declaration.
"""
    example = _TOKEN_VARIABLE_WITHOUT_SENSITIVE + "\n" + integration(variables="")
    fix = CLEAN_EXAMPLE

    def check(self, module: Module) -> Iterator[Violation]:
        for resource, variable in _first_per_variable(module).values():
            sensitive = variable.sensitive
            value = module.scope.evaluate_literal(sensitive.value) if sensitive else False
            if value is True or value == "true":
                continue
            if sensitive is not None and not isinstance(value, bool | str):
                continue  # not statically known
            yield Violation(
                f'variable "{variable.name}" feeds api_token of {resource.address} but is not '
                "marked sensitive = true: Terraform would print the token in plan output",
                Place(variable.file, variable.block.header),
                subject=f"variable.{variable.name}",
            )


class SecretVariableDefault(ModuleRule):
    code = "EUNO404"
    name = "secret-variable-default"
    severity = Severity.ERROR
    summary = "The variable feeding api_token has a literal default"
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
        for _resource, variable in _first_per_variable(module).values():
            default = variable.default
            if default is None:
                continue
            value = module.scope.evaluate_literal(default.value)
            if isinstance(value, str) and value:
                yield Violation(
                    f'variable "{variable.name}" feeds api_token and has a default value '
                    f'("{redacted(value)}"): remove it and pass the token at plan time',
                    Place(variable.file, default.span),
                    subject=f"variable.{variable.name}.default",
                )


class SecretInTfvars(ModuleRule):
    code = "EUNO405"
    name = "secret-in-tfvars"
    severity = Severity.ERROR
    summary = "A tfvars file of the module assigns a literal token"
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
                yield Violation(
                    f'{file_name} assigns a token to "{assignment.name}" '
                    f'("{redacted(assignment.value)}"), which feeds api_token: keep tokens out of '
                    "committed files",
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
