"""Rules across resources: names unique in the Euno account, and importable IDs."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from euno_lint.findings import Place, Severity, Violation
from euno_lint.rules.base import ModuleRule, NamedResource, RunRule
from euno_lint.rules.examples import CLEAN_EXAMPLE, integration
from euno_lint.terraform.resource import Module
from euno_lint.terraform.values import Unknown, describe, format_number

_TAGS = ("account",)
_INTEGRATION_ID = re.compile(r"[0-9]+")


class _DuplicateNameOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    scope: Literal["account", "run"] = Field(
        "account",
        description=(
            '"account": compare names within one root module and one provider configuration; '
            '"run": compare every integration of the run (one Euno account for everything)'
        ),
    )


class DuplicateIntegrationName(RunRule):
    code = "EUNO501"
    name = "duplicate-integration-name"
    severity = Severity.ERROR
    summary = "Two integrations of one account have the same name"
    tags = _TAGS
    Options = _DuplicateNameOptions
    options: _DuplicateNameOptions
    why = """
Integration names must be unique within the Euno account: the second `terraform apply` of a
duplicate name fails, often in another team's pipeline. Terraform cannot see accounts;
euno-lint takes one root module (a directory no other linted directory calls as a module,
such as `envs/prod`) with one provider configuration (`provider "euno"` or an alias) as one
account, and compares the statically known `name` of every integration instance in it,
across all its module instances. Separate root modules, and different provider aliases, are
separate accounts. A `count` or `for_each` whose `name` does not vary is a duplicate; two
resources that exist under mutually exclusive conditions (`count = var.env == "prod" ? 1 : 0`
and its negation) are not. Teams with one account for everything set `scope = "run"` to
compare every integration of the run. Every occurrence after the first (ordered by path and
line) is reported, naming the first.
"""
    example = CLEAN_EXAMPLE + "\n" + integration(label="sales_copy", variables="")
    fix = (
        CLEAN_EXAMPLE
        + "\n"
        + integration(label="sales_copy", variables="", top='  name = "sales-analytics-eu"\n')
    )

    @property
    def compares_run(self) -> bool:
        return self.options.scope == "run"

    def check(
        self, resources: Sequence[NamedResource]
    ) -> Iterator[tuple[NamedResource, Violation]]:
        by_name: dict[tuple[str, str, str], list[NamedResource]] = {}
        reported: set[tuple[object, str]] = set()
        for resource in resources:
            account = ("", "") if self.options.scope == "run" else (resource.root, resource.account)
            earlier = by_name.setdefault((*account, resource.name), [])
            first = next((e for e in earlier if _coexist(e, resource)), None)
            earlier.append(resource)
            if first is None:
                continue
            if first.reported and not resource.reported:
                # Only the first is in the files asked about: report the pair there.
                first, resource = resource, first
            same_block = (
                first.block is not None
                and first.block == resource.block
                and first.static_address == resource.static_address
            )
            # Root modules may hold the same address: an address names a resource in its root.
            key = (
                (resource.block, first.address) if same_block else (resource.root, resource.address)
            )
            if key in reported:
                continue
            reported.add(key)
            if same_block:
                message = (
                    f'name "{resource.name}" is the same for every instance of '
                    f"{resource.static_address} ({first.address} and {resource.address}): "
                    "integration names must be unique in the account; make the name vary "
                    "with count.index or each.key"
                )
            else:
                where = first.origin or f"{first.file}:{first.span.line}"
                mine = f" (from {resource.origin})" if resource.origin else ""
                message = (
                    f'name "{resource.name}" of {resource.address}{mine} is already used by '
                    f"{first.address} ({where}): integration names must be unique in the account"
                )
            # Where both names are, and where they are written: a pair is about all of them.
            places = (*first.places, *resource.places[1:])
            yield resource, Violation(message, subject="name", related=places)


def _coexist(left: NamedResource, right: NamedResource) -> bool:
    """Whether both can exist together: no condition is assumed true for one, false for the
    other (``count = var.env == "prod" ? 1 : 0`` and its negation never coexist)."""
    assumed = dict(left.conditions)
    return not any(assumed.get(key, value) != value for key, value in right.conditions)


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
