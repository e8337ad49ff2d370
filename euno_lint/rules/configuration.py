"""Configuration rules: declared variables, and real IDs in the configuration block."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from euno_lint.findings import Place, Severity, Violation
from euno_lint.hcl import Attribute, Body
from euno_lint.rules.base import ResourceRule
from euno_lint.rules.examples import CLEAN_EXAMPLE, integration
from euno_lint.rules.fixes import replace_string
from euno_lint.terraform.flow import references
from euno_lint.terraform.profile import BlockSchema
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


# Placeholders: the shapes documentation and templates use for "put your value here".
_PLACEHOLDER = re.compile(
    r"""
    your[-_\s].+                          # your-project-id, your_namespace, your project id
    | <.*> | \[.*\] | \{.*\}              # <namespace>, [project id], {{workspace_id}}
    | (?:change|replace|fill)[-_\s]?me     # changeme, CHANGE_ME, replace-me, fillme
      (?:[^a-z].*)?                       # ... changeme123, change-me-later (not "changement")
    | (?:todo|fixme|tbd|tbc|placeholder)  # TODO, TODO: fill in, FIXME(alice), tbd
      (?:[\s:(!.].*)?                     # ... but not todo-list-analytics
    | x{3,}.*                             # xxxx-xxxx, XXXXXXXX-XXXX-...
    | n/a | null | nil | none | undefined | \?+ | \.{3,} | …
    """,
    re.IGNORECASE | re.VERBOSE,
)
_UUID_SHAPE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# UUIDs that appear in documentation, never as a real ID (besides 0000... and ffff...).
_EXAMPLE_UUIDS = frozenset(
    {
        "123e4567-e89b-12d3-a456-426614174000",  # RFC 4122 and countless tutorials
        "123e4567-e89b-12d3-a456-426655440000",
        "12345678-1234-1234-1234-123456789012",
        "12345678-1234-5678-1234-567812345678",
    }
)
# Words a placeholder is made of ("example-project-id", "insert your workspace name here"):
# a value made only of these, one of them a marker, names no real thing.
_FILLER_WORDS = frozenset(
    {
        *("a", "an", "the", "my", "your", "our", "this", "of", "with", "goes", "here", "in"),
        *("example", "sample", "dummy", "fake", "placeholder", "insert", "enter", "fill"),
        *("put", "add", "replace", "me", "real", "actual", "valid", "hex", "euno"),
        *("project", "namespace", "workspace", "revision", "id", "ids", "uuid", "name", "value"),
    }
)
_MARKER_WORDS = frozenset(
    {"your", "my", "example", "sample", "dummy", "fake", "placeholder", "insert", "enter", "here"}
)
_WORD_SEPARATORS = re.compile(r"[-_\s:./]+")


def placeholder_kind(argument: str, value: str) -> str | None:
    """Why `value` of `argument` (``project_id``) is a placeholder ("the nil UUID",
    "a placeholder"), or None when it may be a real value."""
    text = value.strip()
    lowered = text.lower()
    if not text:
        return None  # empty: EUNO409
    if _UUID_SHAPE.fullmatch(lowered):
        digits = set(lowered.replace("-", ""))
        if digits == {"0"}:
            return "the nil UUID, a placeholder"
        if len(digits) == 1 or lowered in _EXAMPLE_UUIDS:
            return "an example UUID, a placeholder"
        return None
    if _PLACEHOLDER.fullmatch(text):
        return "a placeholder"
    words = [w for w in _WORD_SEPARATORS.split(lowered) if w]
    if words == argument.split("_"):
        return "the argument's own name, a placeholder"
    if words and set(words) <= _FILLER_WORDS and set(words) & _MARKER_WORDS:
        return "a placeholder"
    return None


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
Values copied from documentation or a template (`your-project-id`, `<namespace>`, `changeme`,
`TODO: fill in`, the nil UUID) pass Terraform's type checks and fail only when Euno tries to
crawl. Checked: `project_id`, `namespace_id` and `revision_id` under the documented schema;
`workspace_id` and `workspace_name` under the provider's code (`euno-0.1`). Matched
case-insensitively: `your-...`, `your_...` and `your ...`; `<...>`, `[...]` and `{...}`;
`changeme`, `change-me`, `replace_me`, `fill-me` and the like; `TODO`, `FIXME`, `TBD` and
`placeholder`, alone or followed by a note (`TODO: fill in`; not `todo-list`); `xxx...`;
`n/a`, `null`, `none`, `undefined`, `???`, `...`; the nil UUID
`00000000-0000-0000-0000-000000000000` and other UUIDs of one repeated digit or known from
documentation (`123e4567-e89b-12d3-a456-426614174000`); the argument's own name
(`project_id = "project-id"`); and phrases made only of words such as `example`, `sample`,
`insert`, `your`, `project`, `id` (`example`, `example-project-id`, `insert your workspace id
here`). Real IDs (a random UUID) and names (`analytics`, `yourself`) are not reported. An
empty or blank value is EUNO409.
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
            name = path.rsplit(".", 1)[1]
            kind = placeholder_kind(name, value)
            if kind is not None:
                yield Violation(f'{name} "{value}" is {kind}: set the real value', path)


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
    autofix = (
        "safe: the URL written in the attribute becomes the ID the message gives, when the "
        "URL holds exactly one UUID or (for project_id) a /projects/ segment"
    )

    def check(self, resource: Resource) -> Iterator[Violation]:
        for path, value in _ids(resource, _ID_PATHS):
            if "://" not in value and not value.lower().startswith("app.hex.tech"):
                continue
            name = path.rsplit(".", 1)[1]
            found = _PROJECTS_SEGMENT.search(value) or _UUID.search(value)
            hint = f': use "{found.group(found.lastindex or 0)}"' if found else ": use the ID alone"
            correction = None
            if found is not None:
                meant = found.group(found.lastindex or 0)
                uuids = _UUID.findall(value)
                if uuids == [meant] or (name == "project_id" and found.re is _PROJECTS_SEGMENT):
                    correction = replace_string(resource, path, meant, f'write the ID "{meant}"')
            yield Violation(f"{name} holds a URL, not an ID{hint}", path, correction=correction)


# Required strings whose value another rule judges, empty included.
_JUDGED_ELSEWHERE = frozenset(
    {
        "schedule.frequency",  # EUNO201
        "schedule.time_zone",  # EUNO209
        "invalidation_strategy.revision_id",  # EUNO301
    }
)


def _required_strings(schema: BlockSchema, prefix: str = "") -> Iterator[str]:
    """The paths of the required, non-sensitive string arguments of a schema (nested blocks
    that appear once included); sensitive ones are EUNO401's."""
    for name, attribute in schema.attributes.items():
        path = prefix + name
        string = attribute.type == "string" and not attribute.sensitive
        if string and attribute.required and path not in _JUDGED_ELSEWHERE:
            yield path
    for name, block_type in schema.blocks.items():
        if block_type.nesting in ("single", "group"):
            yield from _required_strings(block_type.block, f"{prefix}{name}.")


class EmptyRequiredValue(ResourceRule):
    code = "EUNO409"
    name = "empty-required-value"
    severity = Severity.ERROR
    summary = "A required string argument (name, project_id, workspace_id...) is empty or blank"
    tags = _CONFIG_TAGS
    why = """
A required argument set to `""` or to spaces satisfies Terraform, which only checks that it is
there, and the provider sends it as it is: the integration is created without a name, or
crawls no project, and fails only when Euno runs it. Every required string argument of the
resource's schema is checked: `name`, `project_id` and `namespace_id` under the documented
schema; under the provider's code (`euno-0.1`) `name`, `workspace_id`, Snowflake's `host` and
`user`, dbt Core's `build_target`, and the provider block's `server_url`. Values from
variables, tfvars and locals are checked when statically known. Reported by other rules
instead: sensitive arguments such as `api_token` (EUNO401), `frequency` (EUNO201),
`time_zone` (EUNO209) and the documented `revision_id` (EUNO301).
"""
    example = integration(
        configuration=(
            "    api_token    = var.hex_api_token\n"
            '    project_id   = ""\n'
            '    namespace_id = "analytics"\n'
        )
    )
    fix = CLEAN_EXAMPLE

    def check(self, resource: Resource) -> Iterator[Violation]:
        schema = resource.profile.schema_of(resource.kind)
        if schema is None:
            return
        for path in _required_strings(schema):
            value = resource.value(path)
            if not isinstance(value, str) or value.strip():
                continue
            name = path.rsplit(".", 1)[-1]
            blank = "an empty string" if not value else "blank (only whitespace)"
            yield Violation(f"{name} is {blank}: it is required, set the real value", path)
