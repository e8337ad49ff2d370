"""Configuration rules: declared variables, and real IDs in the configuration block."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from euno_lint.findings import Place, Severity, Violation
from euno_lint.hcl import Attribute, Body
from euno_lint.rules.base import ResourceRule
from euno_lint.rules.examples import CLEAN_EXAMPLE, integration
from euno_lint.terraform.flow import references
from euno_lint.terraform.resource import Resource

_CONFIG_TAGS = ("configuration",)


class UndeclaredVariable(ResourceRule):
    code = "EUNO403"
    name = "undeclared-variable"
    severity = Severity.ERROR
    summary = "A var.X used in the resource is not declared in the module"
    tags = _CONFIG_TAGS
    why = """
Every `var.X` must have a `variable "X"` block in the same module (directory), or
`terraform plan` fails. A misspelt variable name is the usual cause. Reported at the attribute
that uses it.
"""
    example = integration(
        configuration=(
            "    api_token    = var.hex_token\n"
            '    project_id   = "0b7c6a52-1f1e-4c7e-9d3a-3f0e8f1e2a10"\n'
            '    namespace_id = "analytics"\n'
        )
    )
    fix = CLEAN_EXAMPLE

    def check(self, resource: Resource) -> Iterator[Violation]:
        declared = resource.scope.variables
        seen: set[tuple[int, int, str]] = set()
        for path, attribute in _attributes(resource.block.body, ""):
            for reference in references(attribute.value):
                if reference.root != "var" or not reference.steps:
                    continue
                name = reference.steps[0]
                key = (attribute.span.line, attribute.span.column, str(name))
                if not isinstance(name, str) or name in declared or key in seen:
                    continue
                seen.add(key)
                yield Violation(
                    f'var.{name} is used but no variable "{name}" is declared in this module',
                    Place(resource.file, attribute.span),
                    subject=f"{path}:var.{name}",
                )


def _attributes(body: Body, prefix: str) -> Iterator[tuple[str, Attribute]]:
    for attribute in body.attributes:
        yield f"{prefix}{attribute.name}", attribute
    for block in body.blocks:
        label = f"{block.type}.{block.labels[0]}" if block.labels else block.type
        yield from _attributes(block.body, f"{prefix}{label}.")


_PLACEHOLDER = re.compile(
    r"your[-_].*|<.*>|change[-_]?me|replace[-_]?me|todo|fixme|tbd|placeholder|x{3,}.*",
    re.IGNORECASE,
)
# The IDs a Hex integration's configuration holds, in each dialect.
_ID_PATHS = {
    "documented": ("configuration.project_id", "configuration.namespace_id"),
    "code": ("configuration.workspace_id", "configuration.workspace_name"),
}
_PLACEHOLDER_PATHS = {
    "documented": (*_ID_PATHS["documented"], "invalidation_strategy.revision_id"),
    "code": _ID_PATHS["code"],
}


def _ids(resource: Resource, paths: Mapping[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """The Hex IDs a resource sets, as known strings: (path, value)."""
    if resource.kind != "euno_hex_integration":
        return []
    found = []
    for path in paths.get(resource.profile.dialect, ()):
        value = resource.value(path)
        if isinstance(value, str):
            found.append((path, value))
    return found


class PlaceholderValue(ResourceRule):
    code = "EUNO406"
    name = "placeholder-value"
    severity = Severity.ERROR
    summary = "A Hex ID (project_id, workspace_id...) is a documentation placeholder"
    tags = _CONFIG_TAGS
    superseded_by = ("EUNO408",)
    why = """
Values copied from documentation (`your-project-id`, `<namespace>`, `changeme`, `TODO`,
`xxxx`) pass Terraform's type checks and fail only when Euno tries to crawl. Checked:
`project_id`, `namespace_id` and `revision_id` under the documented schema; `workspace_id` and
`workspace_name` under the provider's code (`euno-0.1`). Matched case-insensitively:
`your-...`/`your_...`, `<...>`, `changeme`/`change-me`/`change_me`,
`replace-me`/`replace_me`/`replaceme`, `todo`, `fixme`, `tbd`, `placeholder`, `xxx...`.
"""
    example = integration(
        configuration=(
            "    api_token    = var.hex_api_token\n"
            '    project_id   = "your-project-id"\n'
            '    namespace_id = "analytics"\n'
        )
    )
    fix = CLEAN_EXAMPLE

    def check(self, resource: Resource) -> Iterator[Violation]:
        for path, value in _ids(resource, _PLACEHOLDER_PATHS):
            if _PLACEHOLDER.fullmatch(value.strip()):
                name = path.rsplit(".", 1)[1]
                yield Violation(f'{name} "{value}" is a placeholder: set the real value', path)


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_PROJECTS_SEGMENT = re.compile(r"/projects/([^/?#\s]+)")


class ProjectIdIsUrl(ResourceRule):
    code = "EUNO408"
    name = "project-id-is-url"
    severity = Severity.ERROR
    summary = "A Hex ID (project_id, workspace_id...) holds a URL instead of an ID"
    tags = _CONFIG_TAGS
    why = """
`project_id` and `namespace_id` (under the provider's code, `workspace_id` and
`workspace_name`) take IDs, not the link copied from the browser's address bar. A value
containing `://` or starting with `app.hex.tech` is reported; when the URL contains the ID
(`/projects/<id>`, or a UUID), the message gives it. `base_url` is a URL, and is not checked.
"""
    example = integration(
        configuration=(
            "    api_token    = var.hex_api_token\n"
            '    project_id   = "https://app.hex.tech/acme/projects/0b7c6a52-1f1e-4c7e-9d3a-3f0e8f1e2a10"\n'
            '    namespace_id = "analytics"\n'
        )
    )
    fix = CLEAN_EXAMPLE

    def check(self, resource: Resource) -> Iterator[Violation]:
        for path, value in _ids(resource, _ID_PATHS):
            if "://" not in value and not value.lower().startswith("app.hex.tech"):
                continue
            name = path.rsplit(".", 1)[1]
            found = _PROJECTS_SEGMENT.search(value) or _UUID.search(value)
            hint = f': use "{found.group(found.lastindex or 0)}"' if found else ": use the ID alone"
            yield Violation(f"{name} holds a URL, not an ID{hint}", path)
