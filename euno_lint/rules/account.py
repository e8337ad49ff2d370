"""Rules across resources: names unique in the Euno account, and importable IDs."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from euno_lint.findings import Place, Severity, Violation
from euno_lint.rules.base import ModuleRule, NamedResource, RunRule
from euno_lint.rules.examples import CLEAN_EXAMPLE, integration
from euno_lint.terraform.resource import Module
from euno_lint.terraform.values import Unknown, describe, format_number

_TAGS = ("account",)
_INTEGRATION_ID = re.compile(r"[0-9]+")


class DuplicateIntegrationName(RunRule):
    code = "EUNO501"
    name = "duplicate-integration-name"
    severity = Severity.ERROR
    summary = "Two integrations in the run have the same name"
    tags = _TAGS
    why = """
Integration names must be unique within the Euno account: the second `terraform apply` of a
duplicate name fails, often in another team's pipeline. All resources linted in one run are
compared (across directories), by their statically known `name`. Every occurrence after the
first (ordered by path and line) is reported, naming the first.
"""
    example = CLEAN_EXAMPLE + "\n" + integration(label="sales_copy", variables="")
    fix = (
        CLEAN_EXAMPLE
        + "\n"
        + integration(label="sales_copy", variables="", top='  name = "sales-analytics-eu"\n')
    )

    def check(
        self, resources: Sequence[NamedResource]
    ) -> Iterator[tuple[NamedResource, Violation]]:
        first_by_name: dict[str, NamedResource] = {}
        for resource in resources:
            first = first_by_name.setdefault(resource.name, resource)
            if first is resource:
                continue
            yield (
                resource,
                Violation(
                    f'name "{resource.name}" is already used by {first.address} '
                    f"({first.file}:{first.span.line}): "
                    "integration names must be unique in the account",
                    subject="name",
                ),
            )


class InvalidImportId(ModuleRule):
    code = "EUNO503"
    name = "invalid-import-id"
    severity = Severity.ERROR
    summary = "An import block's id is not a numeric integration ID"
    tags = _TAGS
    why = """
An `import` block adopting an existing integration (`to = euno_hex_integration.x`) needs the
integration's ID, a base-10 integer such as `"4211"`. A name, a URL or a UUID makes
`terraform plan` fail.
"""
    example = (
        CLEAN_EXAMPLE
        + '\nimport {\n  to = euno_hex_integration.sales\n  id = "sales-analytics"\n}\n'
    )
    fix = CLEAN_EXAMPLE + '\nimport {\n  to = euno_hex_integration.sales\n  id = "4211"\n}\n'

    def check(self, module: Module) -> Iterator[Violation]:
        for imported in module.imports:
            attribute = imported.block.body.attribute("id")
            if attribute is None:
                continue
            value = module.scope.evaluate(attribute.value)
            if isinstance(value, Unknown):
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                text: str | None = format_number(value)
            else:
                text = value if isinstance(value, str) else None
            if text is None or not _INTEGRATION_ID.fullmatch(text):
                yield Violation(
                    f"import id {describe(value)} is not an integration ID: use the numeric ID "
                    'of the integration, such as "4211"',
                    Place(imported.file, attribute.span),
                    subject=f"import[{imported.target}].id",
                )
