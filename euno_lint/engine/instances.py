"""Every resource instance of a configuration, validated, as the rules see them.

For each module instance and each ``euno_*`` resource block in it: the block's instances
(``count``/``for_each``), each in the variants its unknown conditions need, each validated
against the profile chosen for the block. What could not be expanded is a `Gap`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from euno_lint.hcl import Block, Body, Literal
from euno_lint.terraform.configuration import Configuration, Gap, ModuleInstance
from euno_lint.terraform.evaluate import Context, Evaluator
from euno_lint.terraform.instances import Assumptions, Expansion, Variant, expand, variants
from euno_lint.terraform.loader import Declared, ParsedModule
from euno_lint.terraform.profile import PROVIDER, Profile, bundled, by_arguments, pinned_profile
from euno_lint.terraform.resource import Module, Resource
from euno_lint.terraform.schema import validate
from euno_lint.terraform.values import UNKNOWN

if TYPE_CHECKING:  # a plan is only read with --plan
    from euno_lint.terraform.plan import Plan, PlannedResource


class Instances(NamedTuple):
    """The modules (one per module instance) with their resources, and what was not analysed."""

    modules: tuple[Module, ...]
    gaps: tuple[Gap, ...]

    def resources(self) -> Iterator[Resource]:
        """Every resource instance (and provider block) of every module instance."""
        for module in self.modules:
            yield from module.resources


class _ProfileChooser:
    """The profile of each resource: the one given, else by the module's pin, else by the
    arguments the resource uses."""

    def __init__(self, given: Profile | None, parsed: ParsedModule) -> None:
        self.given = given
        self.pinned = pinned_profile(parsed.pins) if given is None else None

    def profile(self, kind: str, block: Block) -> Profile:
        if self.given is not None:
            return self.given
        return bundled(self.pinned or by_arguments(kind, _argument_paths(block.body)))


def _argument_paths(body: Body, prefix: str = "") -> Iterator[str]:
    for attribute in body.attributes:
        yield prefix + attribute.name
    for block in body.blocks:
        name = block.labels[0] if block.type == "dynamic" and block.labels else block.type
        yield prefix + name
        yield from _argument_paths(block.body, f"{prefix}{name}.")


def provider_address(instance: ModuleInstance, block: Block) -> str:
    """``provider.euno`` or ``provider.euno.<alias>``, inside the module instance."""
    alias = block.body.attribute("alias")
    name = alias.value.value if alias and isinstance(alias.value, Literal) else None
    local = f"provider.euno.{name}" if isinstance(name, str) else "provider.euno"
    return f"{instance.address}.{local}" if instance.address else local


def configuration_instances(
    configuration: Configuration, given: Profile | None, plan: Plan | None = None
) -> Instances:
    """Every resource instance of the configuration, validated (against a plan's instances
    and values when one is given: the plan is the truth about what exists and holds what)."""
    modules: list[Module] = []
    gaps: list[Gap] = list(configuration.gaps)
    for instance in configuration.instances:
        chooser = _ProfileChooser(given, instance.parsed)
        resources: list[Resource] = []
        for declared in instance.parsed.resources:
            resources.extend(_resource_instances(instance, declared, chooser, gaps, plan))
        for declared in instance.parsed.providers:
            profile = chooser.profile(PROVIDER, declared.block)
            address = provider_address(instance, declared.block)
            resources.extend(
                _validated(
                    instance,
                    declared,
                    PROVIDER,
                    profile,
                    address,
                    address,
                    Context(),
                    gaps,
                    instance.assumed,
                )
            )
        modules.append(
            Module(
                instance.scope,
                tuple(resources),
                tuple(instance.parsed.imports),
                tuple(instance.parsed.files),
            )
        )
    return Instances(tuple(modules), tuple(gaps))


def _resource_instances(
    instance: ModuleInstance,
    declared: Declared,
    chooser: _ProfileChooser,
    gaps: list[Gap],
    plan: Plan | None,
) -> Iterator[Resource]:
    block = declared.block
    kind = block.labels[0]
    profile = chooser.profile(kind, block)
    base = instance.resource_address(block)
    expansions = list(
        variants(
            instance.scope,
            Context(),
            lambda evaluator: expand(block, declared.file, base, evaluator),
            instance.assumed,
        )
    )
    if plan is not None:
        planned = plan.instances_of(instance.address, kind, block.labels[1])
        yield from _planned_instances(instance, declared, kind, profile, base, planned, expansions)
        return
    for expansion in expansions:
        if expansion.undecided:
            _gap(gaps, declared, base, "count or for_each depends on too many unknown conditions")
        if expansion.result.unknown:
            _gap(gaps, declared, base, expansion.result.unknown)
        for expanded in expansion.result.instances:
            yield from _validated(
                instance,
                declared,
                kind,
                profile,
                expanded.address,
                base,
                expanded.context,
                gaps,
                expansion.assumed,
            )


def _planned_instances(
    instance: ModuleInstance,
    declared: Declared,
    kind: str,
    profile: Profile,
    base: str,
    planned: list[PlannedResource],
    expansions: list[Variant[Expansion]],
) -> Iterator[Resource]:
    """The instances the plan has, each with the plan's values; the context of the same
    instance as expanded here when there is one (each.value for messages and origins)."""
    contexts = {
        i.address: i.context for expansion in expansions for i in expansion.result.instances
    }
    for entry in planned:
        context = contexts.get(entry.address)
        if context is None:
            if isinstance(entry.key, int):
                context = Context().bind({"count": {"index": entry.key}})
            elif isinstance(entry.key, str):
                context = Context().bind({"each": {"key": entry.key, "value": UNKNOWN}})
            else:
                context = Context()
        evaluator = Evaluator(instance.scope, context)
        schema = validate(declared.block, kind, profile, evaluator, entry.values)
        yield Resource(
            entry.address,
            kind,
            declared.block,
            declared.file,
            profile,
            schema,
            instance.scope,
            context,
            declared.overrides,
            (),
            base,
        )


def _validated(
    instance: ModuleInstance,
    declared: Declared,
    kind: str,
    profile: Profile,
    address: str,
    base: str,
    context: Context,
    gaps: list[Gap],
    assumed: Assumptions,
) -> Iterator[Resource]:
    block = declared.block
    checked = variants(
        instance.scope,
        context,
        lambda evaluator: validate(block, kind, profile, evaluator),
        assumed,
    )
    for variant in checked:
        if variant.undecided:
            _gap(gaps, declared, base, "its values depend on too many unknown conditions")
        for subject, _span in variant.result.unexpanded:
            _gap(gaps, declared, base, f'dynamic "{subject}" is over a value not known statically')
        assumptions = {condition.key: value for condition, value in variant.assumed}
        yield Resource(
            address,
            kind,
            block,
            declared.file,
            profile,
            variant.result,
            instance.scope,
            context.assuming(assumptions) if assumptions else context,
            declared.overrides,
            variant.assumed,
            base,
        )


def _gap(gaps: list[Gap], declared: Declared, address: str, reason: str) -> None:
    gap = Gap(declared.file, declared.block.header, address, reason)
    if gap not in gaps:
        gaps.append(gap)
