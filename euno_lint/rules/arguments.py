"""Argument rules: what the resource's provider schema (its profile) requires and allows.

The schema validation (`euno_lint.terraform.schema`) finds the problems once; each rule here
reports the problems of its kind, so that every kind has its own code, page and suppression
name. Every message names the profile checked against.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from euno_lint.findings import Correction, Edit, Place, Severity, Span, Violation
from euno_lint.hcl import Attribute, Block
from euno_lint.rules.base import ResourceRule
from euno_lint.rules.examples import CLEAN_EXAMPLE, code_integration, integration
from euno_lint.rules.fixes import aligned_group, remove_attribute
from euno_lint.terraform.resource import Resource
from euno_lint.terraform.schema import ProblemKind


class _SchemaProblemRule(ResourceRule):
    kind: ClassVar[ProblemKind]

    def check(self, resource: Resource) -> Iterator[Violation]:
        for problem in resource.problems:
            if problem.kind != self.kind:
                continue
            place = Place(resource.file_for(problem.subject), problem.span)
            attribute = resource.attribute(problem.subject) if self.kind == "type" else None
            if attribute is not None and attribute.span == problem.span:
                # About a value: located by its path, so that where it was written is found.
                yield Violation(problem.message, problem.subject)
            else:
                yield Violation(problem.message, place, problem.subject)


_MEANT = re.compile(r'; did you mean "([A-Za-z_][A-Za-z0-9_]*)"\?')


def _written(resource: Resource, path: str) -> tuple[Attribute, Block] | None:
    """The attribute at `path` and the block holding it, when both are written in the
    resource's own ``.tf`` file (not through an override file or a dynamic block)."""
    if not resource.file.endswith(".tf") or resource.file_for(path) != resource.file:
        return None
    parent, _, name = path.rpartition(".")
    block = resource.find(parent) if parent else resource.block
    if not isinstance(block, Block) or block.type == "dynamic" or block.type == "content":
        return None
    attribute = block.body.attribute(name)
    return (attribute, block) if attribute is not None else None


def _attribute_names(resource: Resource, parent: str) -> frozenset[str]:
    """The argument names the schema allows in the block at `parent` ("" for the resource)."""
    schema = resource.profile.schema_of(resource.kind)
    for name in parent.split(".") if parent else ():
        if schema is None or name not in schema.blocks:
            return frozenset()
        schema = schema.blocks[name].block
    return frozenset(schema.attributes) if schema is not None else frozenset()


class MissingRequiredArgument(_SchemaProblemRule):
    code = "EUNO101"
    name = "missing-required-argument"
    severity = Severity.ERROR
    summary = "A required argument or block is absent"
    kind = "missing"
    why = """
`terraform plan` fails when a required argument or block is missing, or set to `null`. What
is required comes from the resource's profile (see "Which schema?" in the README): under the
documented schema of `euno_hex_integration`, `name`, the blocks `schedule`,
`invalidation_strategy` and `configuration`, and inside them `frequency`, `ttl_days`,
`api_token`, `project_id` and `namespace_id` (a missing `revision_id` has its own rule,
EUNO301); under the provider's code (`euno-0.1`), `name`, `schedule.time_zone`,
`invalidation_strategy.ttl_days`, the `configuration` arguments of each resource type, and the
provider block's `server_url`, `api_key` and `account_id`. The code's blocks are optional in
its schema, but the provider rejects a resource without them, so their absence is reported
too. Arguments are required only inside blocks that are present. Each missing item is one
finding, reported at the header of the block that should hold it. A `dynamic` block counts as
present.
"""
    example = integration(
        configuration='    api_token    = var.hex_api_token\n    namespace_id = "analytics"\n'
    )
    fix = CLEAN_EXAMPLE


class UnknownArgument(_SchemaProblemRule):
    code = "EUNO102"
    name = "unknown-argument"
    severity = Severity.ERROR
    summary = "An argument or block is not in the schema"
    kind = "unknown"
    why = """
An argument or block the provider does not know makes `terraform plan` fail, and a misspelt
optional argument (`exclude_deleted_notebook`) would otherwise be silently meaningless. The
message suggests the closest valid name of the same schema. Writing a block as an argument
(`schedule = {...}`) or an argument as a block is reported here too, and so is an `euno_*`
resource type the provider does not have. Terraform's meta-arguments (`count`, `for_each`,
`provider`, `depends_on`, `lifecycle`, `provisioner`, `connection`; `alias` and `version` in
the provider block) are always allowed. Arguments the documentation describes but the provider
does not implement are EUNO106 instead.
"""
    example = integration(schedule='    frequency = "daily"\n    repeat_every = 2\n')
    fix = CLEAN_EXAMPLE
    autofix = (
        "unsafe: an argument whose name is a near miss of exactly one the block does not "
        'set yet is renamed to it (the message\'s "did you mean")'
    )

    def check(self, resource: Resource) -> Iterator[Violation]:
        for violation in super().check(resource):
            yield violation._replace(correction=self._rename(resource, violation))

    @staticmethod
    def _rename(resource: Resource, violation: Violation) -> Correction | None:
        meant = _MEANT.search(violation.message)
        written = _written(resource, violation.identity)
        if meant is None or written is None:
            return None
        attribute, block = written
        name = meant.group(1)
        if name not in _attribute_names(resource, violation.identity.rpartition(".")[0]):
            return None  # the near miss is a block's name: not a rename
        body = block.body
        if body.attribute(name) is not None or body.blocks_of(name):
            return None
        group = aligned_group(attribute, body)
        width = max(len(a.name) for a in group)
        others = [len(a.name) for a in group if a is not attribute]
        if max([len(name), *others]) != width or attribute.span.line != attribute.span.end_line:
            return None  # the group's alignment would change: terraform fmt would disagree
        value = attribute.value.span
        if value.line != attribute.name_span.line:
            return None
        span = Span(attribute.name_span.line, attribute.name_span.column, value.line, value.column)
        padded = f"{name.ljust(width) if len(group) > 1 else name} = "
        return Correction(f'rename "{attribute.name}" to "{name}"', (Edit(span, padded),), False)


class InvalidArgumentType(_SchemaProblemRule):
    code = "EUNO103"
    name = "invalid-argument-type"
    severity = Severity.ERROR
    summary = "A value cannot be converted to the argument's type"
    kind = "type"
    why = """
Terraform converts values to the schema's types where it can: `"7"` is a fine number, `"true"`
a fine bool, and numbers and bools are fine strings. What it cannot convert (`"seven"` for a
number, `"yes"` for a bool, a string for a list, a list for a string) fails the plan. The
provider's code takes whole numbers only for `ttl_days`, `revision_id`, `repeat_period` and
`account_id`: `2.5` passes Terraform's own check and fails in the provider. Values that are
only known at apply time are never judged. A value with a type problem is not judged again by
other rules.
"""
    example = integration(invalidation='    revision_id = "2024-06"\n    ttl_days    = "seven"\n')
    fix = CLEAN_EXAMPLE


class DuplicateBlock(_SchemaProblemRule):
    code = "EUNO104"
    name = "duplicate-block"
    severity = Severity.ERROR
    summary = "A block (or argument) that may appear once appears again"
    kind = "duplicate"
    why = """
`schedule`, `invalidation_strategy` and `configuration` (and every other single block) may each
appear once; Terraform rejects a second one, and an argument set twice in the same block.
Every later occurrence is reported, naming the line of the first, which is the one the other
rules check.
"""
    example = integration(
        schedule='    frequency = "daily"\n  }\n\n  schedule {\n    frequency = "hourly"\n'
    )
    fix = CLEAN_EXAMPLE


class ComputedAttribute(_SchemaProblemRule):
    code = "EUNO105"
    name = "computed-attribute"
    severity = Severity.ERROR
    summary = "A read-only attribute (id, created_at, trigger_url...) is set"
    kind = "computed"
    why = """
`id`, `created_at` and `last_updated_at` (and, in the provider's code, `trigger_secret` and
`trigger_url`) are computed by the provider after `terraform apply`. Setting them in
configuration is an error: to adopt an existing integration, use an `import` block with its ID
instead.
"""
    example = integration(top='  name = "sales-analytics"\n  id   = "4211"\n')
    fix = CLEAN_EXAMPLE
    autofix = (
        "safe: the attribute's lines are removed, when it has them to itself and the "
        "attributes aligned with it do not depend on its length"
    )

    def check(self, resource: Resource) -> Iterator[Violation]:
        for violation in super().check(resource):
            written = _written(resource, violation.identity)
            correction = None
            if written is not None:
                attribute, block = written
                correction = remove_attribute(attribute, block, f'remove "{attribute.name}"')
            yield violation._replace(correction=correction)


class DocumentedNotImplemented(_SchemaProblemRule):
    code = "EUNO106"
    name = "documented-not-implemented"
    severity = Severity.ERROR
    summary = "An argument the provider's documentation describes but its code does not have"
    kind = "drift"
    dialects = frozenset({"code"})
    why = """
The provider's documentation pages describe arguments that no released version implements:
`frequency` and `cron_expression` in `schedule`, `project_id`, `namespace_id` and
`exclude_deleted_notebooks` in the Hex `configuration`, `endpoint`, `timeout` and `retry_max`
in the provider block, and more for Fivetran and Snowflake. Configurations copied from the
docs fail with "Unsupported argument"; the provider's own author rewrote a test config for
this reason. Under the provider's code (`euno-0.1`), each such argument is reported with what
to write instead (`repeat_period`, or `repeat_on` with `repeat_time`; `workspace_id`;
`server_url`), rather than as an unknown argument (EUNO102).
"""
    example = code_integration(schedule='    time_zone = "UTC"\n    frequency = "daily"\n')
    fix = code_integration(schedule='    time_zone     = "UTC"\n    repeat_period = 24\n')
