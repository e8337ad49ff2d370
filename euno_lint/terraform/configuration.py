"""A configuration: a root module and the module instances its local ``module`` calls create.

Terraform builds a tree from the root module: each ``module "x" { source = "./child" }`` is one
instance per element of its ``count``/``for_each`` (``module.x[0]``, ``module.x["a"]``), whose
variables take the call's arguments. Local sources (``./``, ``../``) are followed within the
directories given (`sources`); registry, git and other remote sources are not fetched, and
those calls are `Gap`s: counted and shown as not analysed, never silently skipped.

Each instance knows which of the root's provider configurations its ``euno`` provider is
(through the calls' ``providers`` maps), because integration names are unique per account.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Final, NamedTuple

from euno_lint.findings import Span
from euno_lint.hcl import Block, Literal, ObjectExpr, Traversal
from euno_lint.terraform.evaluate import Context
from euno_lint.terraform.instances import Assumptions, expand, variants
from euno_lint.terraform.loader import Declared, ParsedModule, load_module
from euno_lint.terraform.scope import Caller, Scope, TfvarsAssignment
from euno_lint.terraform.source import SourceError

MAX_MODULE_DEPTH: Final = 16
MAX_MODULE_INSTANCES: Final = 1000
DEFAULT_PROVIDER: Final = "euno"

Contents = Mapping[str, bytes | SourceError]


class Gap(NamedTuple):
    """Something that could not be fully analysed: where, what (an address), and why."""

    file: str
    span: Span
    subject: str
    reason: str


class ModuleInstance(NamedTuple):
    """One instance of a module: its address (``""`` for the root), what was parsed of its
    directory, its scope, the root provider configuration each of its provider names means,
    and the assumptions under which it exists (a ``count = cond ? 1 : 0`` call)."""

    address: str
    parsed: ParsedModule
    scope: Scope
    providers: Mapping[str, str]
    assumed: Assumptions = ()

    def resource_address(self, block: Block) -> str:
        """The address of a resource block of this module instance (without instance key)."""
        local = ".".join(block.labels)
        return f"{self.address}.{local}" if self.address else local

    def account(self, block: Block) -> str:
        """The root provider configuration a resource uses (``euno`` or ``euno.<alias>``)."""
        reference = block.body.attribute("provider")
        name = DEFAULT_PROVIDER
        if reference is not None and isinstance(reference.value, Traversal):
            name = provider_name(reference.value)
        return self.providers.get(name, name)


class Configuration(NamedTuple):
    """The module instances of a root module, the directories loaded, and what was not analysed."""

    root: str
    instances: tuple[ModuleInstance, ...]
    modules: Mapping[str, ParsedModule]
    gaps: tuple[Gap, ...]


def provider_name(reference: Traversal) -> str:
    """``euno`` or ``euno.alias`` from a provider reference."""
    steps = [s for s in reference.steps if isinstance(s, str)]
    return ".".join([reference.root, *steps[:1]])


def build(
    root: str,
    sources: Mapping[str, Contents],
    var_files: Sequence[TfvarsAssignment],
    parse_timeout: float | None,
    planned: Mapping[str, TfvarsAssignment] | None = None,
) -> Configuration | None:
    """The configuration rooted at `root`; None when no module in it holds an euno resource.

    `sources` holds the files of the root and of every local module directory it may call;
    `planned` a plan's values of the root variables.
    """
    builder = _Builder(sources, parse_timeout)
    parsed = load_module(root, sources[root], var_files, parse_timeout, full=len(sources) > 1)
    if parsed is None:
        return None
    builder.modules[root] = parsed
    parsed.scope.planned = planned or {}
    root_instance = ModuleInstance("", parsed, parsed.scope, _root_providers(parsed))
    builder.add(root_instance, (root,))
    if not any(i.parsed.resources or i.parsed.imports for i in builder.instances) and not any(
        m.errors for m in builder.modules.values()
    ):
        return None
    return Configuration(root, tuple(builder.instances), builder.modules, tuple(builder.gaps))


def _root_providers(parsed: ParsedModule) -> dict[str, str]:
    names = {DEFAULT_PROVIDER: DEFAULT_PROVIDER}
    for declared in parsed.providers:
        alias = declared.block.body.attribute("alias")
        if (
            alias is not None
            and isinstance(alias.value, Literal)
            and isinstance(alias.value.value, str)
        ):
            name = f"{DEFAULT_PROVIDER}.{alias.value.value}"
            names[name] = name
    return names


class _Builder:
    def __init__(self, sources: Mapping[str, Contents], parse_timeout: float | None) -> None:
        self.sources = sources
        self.parse_timeout = parse_timeout
        self.modules: dict[str, ParsedModule] = {}
        self.instances: list[ModuleInstance] = []
        self.gaps: list[Gap] = []

    def add(self, instance: ModuleInstance, chain: tuple[str, ...]) -> None:
        self.instances.append(instance)
        for call in instance.parsed.module_calls:
            self._call(instance, call, chain)

    def _call(self, caller: ModuleInstance, call: Declared, chain: tuple[str, ...]) -> None:
        name = call.block.labels[0]
        address = f"{caller.address}.module.{name}" if caller.address else f"module.{name}"
        directory = self._directory(call, caller, address, chain)
        if directory is None:
            return
        child = self._load(directory)
        if child is None:
            self._gap(
                call, address, "its source directory has no configuration euno-lint could read"
            )
            return
        expansions = list(
            variants(
                caller.scope,
                Context(),
                lambda evaluator: expand(call.block, call.file, address, evaluator),
                caller.assumed,
            )
        )
        for assumed, expansion, undecided in expansions:
            if undecided:
                self._gap(call, address, "count or for_each depends on too many unknown conditions")
            if expansion.unknown:
                self._gap(call, address, expansion.unknown)
            for instance in expansion.instances:
                if len(self.instances) >= MAX_MODULE_INSTANCES:
                    self._gap(call, address, f"more than {MAX_MODULE_INSTANCES} module instances")
                    return
                scope = Scope(
                    directory,
                    variables=child.scope.variables,
                    locals=child.scope.locals,
                    module=instance.address,
                    caller=Caller(call.block, call.file, caller.scope, instance.context),
                    limits=caller.scope.limits,
                )
                providers = _passed_providers(call.block, caller.providers)
                self.add(
                    ModuleInstance(instance.address, child, scope, providers, assumed),
                    (*chain, directory),
                )

    def _directory(
        self, call: Declared, caller: ModuleInstance, address: str, chain: tuple[str, ...]
    ) -> str | None:
        source = call.block.body.attribute("source")
        text = (
            source.value.value if source is not None and isinstance(source.value, Literal) else None
        )
        if not isinstance(text, str):
            self._gap(call, address, "its source is not a literal string")
            return None
        if not text.startswith(("./", "../")) and text not in (".", ".."):
            self._gap(
                call, address, f'its source "{text}" is not local (remote modules are not fetched)'
            )
            return None
        directory = os.path.normpath(os.path.join(caller.parsed.directory, text))
        if directory in chain:
            self._gap(call, address, "it calls a module that is already calling it (a cycle)")
            return None
        if len(chain) >= MAX_MODULE_DEPTH:
            self._gap(call, address, f"modules are nested more than {MAX_MODULE_DEPTH} deep")
            return None
        if directory not in self.sources:
            self._gap(call, address, f'its source "{text}" is outside the scanned tree or missing')
            return None
        return directory

    def _load(self, directory: str) -> ParsedModule | None:
        if directory not in self.modules:
            parsed = load_module(
                directory, self.sources[directory], (), self.parse_timeout, root=False, full=True
            )
            if parsed is None or not (parsed.files or parsed.errors):
                return None
            self.modules[directory] = parsed
        return self.modules[directory]

    def _gap(self, call: Declared, address: str, reason: str) -> None:
        gap = Gap(call.file, call.block.header, address, reason)
        if gap not in self.gaps:
            self.gaps.append(gap)


def _passed_providers(block: Block, parent: Mapping[str, str]) -> dict[str, str]:
    """What the child's provider names mean: the call's ``providers`` map, else the parent's
    default ``euno`` (Terraform passes default providers implicitly)."""
    providers = block.body.attribute("providers")
    if providers is None or not isinstance(providers.value, ObjectExpr):
        return {DEFAULT_PROVIDER: parent.get(DEFAULT_PROVIDER, DEFAULT_PROVIDER)}
    passed: dict[str, str] = {}
    for key, value in providers.value.items:
        if isinstance(key, Literal) and isinstance(key.value, str):
            child_name = key.value
        elif isinstance(key, Traversal):
            child_name = provider_name(key)
        else:
            continue
        if isinstance(value, Traversal):
            parent_name = provider_name(value)
            passed[child_name] = parent.get(parent_name, parent_name)
    return passed
