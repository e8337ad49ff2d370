"""Lint a plan without its configuration: every planned euno instance, located in the plan file.

When the configuration is at hand, a plan only supplies instances and values to the usual
source run (`instances`). Without it, each planned instance becomes a resource whose
arguments are the plan's values (given, not written: never a hard-coded literal), and every
finding points at the instance's entry in the plan file. The plan's strings are hidden in
excerpts: a plan holds sensitive values in clear.
"""

from __future__ import annotations

from collections.abc import Mapping

from euno_lint.engine.group import group
from euno_lint.engine.instances import Instances
from euno_lint.engine.module import (
    ModuleOutcome,
    RunSettings,
    named_resource,
    raw_violations,
    stamp_grouped,
)
from euno_lint.engine.redact import Redactor, configuration_secrets
from euno_lint.engine.stamp import Stamper
from euno_lint.findings import Span
from euno_lint.hcl import Attribute, Block, Body, Given
from euno_lint.terraform.evaluate import Evaluator
from euno_lint.terraform.plan import Path as PlanPath
from euno_lint.terraform.plan import Plan, PlannedResource
from euno_lint.terraform.profile import BlockSchema, Profile, bundled, by_arguments
from euno_lint.terraform.resource import Module, Resource
from euno_lint.terraform.schema import validate
from euno_lint.terraform.scope import Scope
from euno_lint.terraform.values import Value


def lint_plan(plan: Plan, text: str, settings: RunSettings) -> ModuleOutcome:
    """The findings of every euno instance of a plan, at its entry in the plan file."""
    scope = Scope(plan.file)
    resources = [_resource(entry, scope, settings.profile) for entry in plan.resources.values()]
    module = Module(scope, tuple(resources), (), ())
    instances = Instances((module,), ())
    secrets = configuration_secrets(instances.modules, {})
    masked = frozenset((plan.file, line) for line in range(1, text.count("\n") + 2))
    redactor = Redactor(secrets.values | settings.secrets)
    stamper = Stamper(settings.rules, settings.cwd, {plan.file: text}, redactor, masked)
    raw = list(raw_violations(instances, settings.rules, stamper))
    findings = tuple(dict.fromkeys(stamp_grouped(stamper, item) for item in group(raw, resources)))
    named = tuple(
        named_resource(resource, plan.file, "euno", stamper, reported=True)
        for resource in resources
        if isinstance(resource.value("name"), str)
    )
    return ModuleOutcome(
        findings,
        len(resources),
        named,
        (),
        redactor.secrets,
        frozenset(r.profile.name for r in resources),
        masked_lines=masked,
    )


def _resource(entry: PlannedResource, scope: Scope, given: Profile | None) -> Resource:
    profile = given or bundled(by_arguments(entry.type, _paths(entry.values)))
    schema = profile.schema_of(entry.type)
    body = _body(entry.values, schema, entry.span, entry.spans, ())
    block = Block("resource", (entry.type, entry.name), body, entry.span, entry.span)
    validated = validate(block, entry.type, profile, Evaluator(scope), entry.values)
    base = entry.address.rsplit("[", 1)[0] if entry.key is not None else entry.address
    return Resource(
        entry.address,
        entry.type,
        block,
        scope.directory,
        profile,
        validated,
        scope,
        static_address=base,
    )


def _paths(values: Mapping[str, Value], prefix: str = "") -> list[str]:
    found: list[str] = []
    for name, value in values.items():
        if value is None:
            continue
        found.append(prefix + name)
        nested = value if isinstance(value, dict) else None
        if isinstance(value, tuple) and value and isinstance(value[0], dict):
            nested = value[0]
        if nested is not None:
            found.extend(_paths(nested, f"{prefix}{name}."))
    return found


def _body(
    values: Mapping[str, Value],
    schema: BlockSchema | None,
    fallback: Span,
    spans: Mapping[PlanPath, Span],
    path: PlanPath,
) -> Body:
    """The arguments and blocks the plan's values stand for, each at its place in the plan
    (nulls are unset arguments; read-only ones are the provider's, not the configuration's)."""
    attributes: list[Attribute] = []
    blocks: list[Block] = []
    for name, value in values.items():
        here = (*path, name)
        span = spans.get(here, fallback)
        block_type = schema.blocks.get(name) if schema is not None else None
        if block_type is not None:
            items: list[tuple[PlanPath, Value]] = []
            if isinstance(value, dict):
                items = [(here, value)]
            elif isinstance(value, tuple):
                items = [((*here, position), item) for position, item in enumerate(value)]
            for item_path, item in items:
                if isinstance(item, dict):
                    item_span = spans.get(item_path, span)
                    body = _body(item, block_type.block, item_span, spans, item_path)
                    header = Span(span.line, span.column, span.line, span.column + len(name) + 2)
                    blocks.append(Block(name, (), body, header, item_span))
            continue
        spec = schema.attributes.get(name) if schema is not None else None
        if value is None or (spec is not None and spec.read_only):
            continue
        name_span = Span(span.line, span.column, span.line, span.column + len(name) + 2)
        attributes.append(Attribute(name, name_span, Given(value, span), span))
    return Body(tuple(attributes), tuple(blocks))
