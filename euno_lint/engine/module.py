"""Lint one directory: parse what matters, validate resources, run the rules, stamp findings.

`lint_module` is pure (plain data in, findings out) so that directories can be linted in worker
processes. A directory whose files never mention ``euno_`` goes through `lint_unparsed`
instead: only unreadable files and the text rules concern it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import suppress
from typing import NamedTuple

from euno_lint.engine.redact import Redactor, module_secrets
from euno_lint.engine.stamp import Stamper
from euno_lint.engine.suppress import RULE_NAMES, BadDirective, Directive, directives_in
from euno_lint.findings import SUPPRESSION_KEYWORD, Finding, Place, Span, Violation
from euno_lint.hcl import (
    Block,
    Body,
    CpuTimeExceeded,
    HclSyntaxError,
    Literal,
    SyntaxTree,
    cpu_limit,
    parse,
)
from euno_lint.paths import display_path
from euno_lint.rules.base import ModuleRule, NamedResource, ResourceRule, TextRule
from euno_lint.rules.builtin import AnalysisLimitExceeded
from euno_lint.rules.ruleset import RuleSet
from euno_lint.terraform.loader import ParsedModule, load_module
from euno_lint.terraform.profile import PROVIDER, Profile, bundled, by_arguments, pinned_profile
from euno_lint.terraform.resource import Module, Resource
from euno_lint.terraform.schema import validate
from euno_lint.terraform.source import SourceError, decode
from euno_lint.terraform.values import Value


class RunSettings(NamedTuple):
    """What every directory of a run is linted with (sent once to each worker process).

    Timeouts are seconds of CPU time; None means no limit. `profile` is the provider schema
    every resource is checked against, or None to choose one per module and resource.
    """

    rules: RuleSet
    var_file_values: Mapping[str, Value]
    cwd: str
    parse_timeout: float | None = None
    analysis_timeout: float | None = None
    profile: Profile | None = None


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


def _provider_address(block: Block) -> str:
    alias = block.body.attribute("alias")
    name = alias.value.value if alias and isinstance(alias.value, Literal) else None
    return f"provider.euno.{name}" if isinstance(name, str) else "provider.euno"


class DirectorySources(NamedTuple):
    """One directory to lint: its files' bytes (or read errors) and which files to report."""

    directory: str
    contents: tuple[tuple[str, bytes | SourceError], ...]
    reported: frozenset[str]


class ModuleOutcome(NamedTuple):
    """What linting one directory produced, and what the run-wide steps need of it.

    `secrets` are the module's secret values, so that findings built after the module was
    linted (run-wide rules, suppression problems) are redacted as well as its own.
    """

    findings: tuple[Finding, ...]
    resources: int
    named: tuple[NamedResource, ...] = ()
    directives: tuple[Directive | BadDirective, ...] = ()
    secrets: frozenset[str] = frozenset()
    schemas: frozenset[str] = frozenset()


def lint_module(job: DirectorySources, settings: RunSettings) -> ModuleOutcome:
    """Lint one directory that mentions euno, within its CPU budget.

    A directory over its budget, or nested too deeply for Python's stack, is one EUNO004
    finding at its first reported file: nothing else in it is reported.
    """
    try:
        with cpu_limit(settings.analysis_timeout) as limit:
            return _lint_module(job, settings)
    except CpuTimeExceeded as error:
        if limit is None or error.limit is not limit:
            raise
        reason = (
            f"needed more than {settings.analysis_timeout:g} s of CPU time (see analysis-timeout)"
        )
    except RecursionError:
        reason = "is nested too deeply to analyse"
    return _not_analysed(job, settings, reason)


def _not_analysed(job: DirectorySources, settings: RunSettings, reason: str) -> ModuleOutcome:
    first = min(job.reported)
    message = f"this directory was not analysed: it {reason}; nothing in it was checked"
    violation = Violation(message, Place(first, Span.point()), "analysis-limit")
    stamper = Stamper(settings.rules, settings.cwd, {}, Redactor())
    return ModuleOutcome((stamper.finding(AnalysisLimitExceeded, violation, first),), 0)


def _lint_module(job: DirectorySources, settings: RunSettings) -> ModuleOutcome:
    rules, cwd = settings.rules, settings.cwd
    contents = dict(job.contents)
    parsed = load_module(
        job.directory, contents, settings.var_file_values, settings.parse_timeout
    ) or ParsedModule.empty(job.directory)
    scope = parsed.scope
    chooser = _ProfileChooser(settings.profile, parsed)
    blocks = [
        (path, block, block.labels[0], ".".join(block.labels)) for path, block in parsed.resources
    ]
    blocks += [
        (path, block, PROVIDER, _provider_address(block)) for path, block in parsed.providers
    ]
    resources = []
    for path, block, kind, address in blocks:
        profile = chooser.profile(kind, block)
        schema = validate(block, kind, profile, scope.evaluate)
        resources.append(Resource(address, kind, block, path, profile, schema, scope))
    module = Module(scope, tuple(resources), tuple(parsed.imports), tuple(parsed.files))
    texts = dict(parsed.texts)
    secrets = module_secrets(module, texts)
    stamper = Stamper(rules, cwd, texts, Redactor(secrets.values), secrets.masked_lines)

    problems = {p: c for p, c in contents.items() if isinstance(c, SourceError)} | parsed.errors
    found = [stamper.file_problem(path, problem) for path, problem in sorted(problems.items())]
    for resource in resources:
        for rule in rules.of_kind(ResourceRule):
            if rule.applies_to(resource):
                found.extend(
                    stamper.finding(rule, v, resource.file, resource=resource)
                    for v in rule.check(resource)
                )
    for module_rule in rules.of_kind(ModuleRule):
        found.extend(
            stamper.finding(module_rule, v, job.directory) for v in module_rule.check(module)
        )
    for path, content in sorted(contents.items()):
        if path in job.reported and path not in problems:
            found.extend(_text_findings(stamper, rules, path, content, texts))
    for stop in scope.limits:
        message = f"not fully analysed: {stop.message}; values that depend on it are not checked"
        violation = Violation(message, Place(stop.file, stop.span), f"analysis-limit:{message}")
        found.append(stamper.finding(AnalysisLimitExceeded, violation, stop.file))

    reported = frozenset(display_path(p, cwd) for p in job.reported)
    directives = _directives(parsed.trees, parsed.texts, job.reported, cwd)
    named = tuple(
        _named(resource, stamper, reported)
        for resource in resources
        if resource.is_integration and isinstance(resource.value("name"), str)
    )
    kept = tuple(f for f in found if f.path in reported)
    integrations = sum(1 for r in resources if r.is_integration)
    schemas = frozenset(r.profile.name for r in resources)
    return ModuleOutcome(kept, integrations, named, directives, secrets.values, schemas)


def lint_unparsed(job: DirectorySources, rules: RuleSet, cwd: str) -> ModuleOutcome:
    """A directory without euno resources: only unreadable files and text rules concern us."""
    texts: dict[str, str] = {}
    stamper = Stamper(rules, cwd, texts, Redactor())
    found: list[Finding] = []
    trees: dict[str, SyntaxTree] = {}
    for path, content in job.contents:
        if path not in job.reported:
            continue
        if isinstance(content, SourceError):
            found.append(stamper.file_problem(path, content))
            continue
        text_findings = list(_text_findings(stamper, rules, path, content, texts))
        found.extend(text_findings)
        if text_findings and SUPPRESSION_KEYWORD.encode() in content:
            # Parsed only to read its suppression comments; its syntax is not ours to judge.
            with suppress(HclSyntaxError):
                trees[path] = parse(texts[path])
    directives = _directives(trees, texts, job.reported, cwd)
    return ModuleOutcome(tuple(found), 0, (), directives)


def _directives(
    trees: Mapping[str, SyntaxTree], texts: Mapping[str, str], reported: frozenset[str], cwd: str
) -> tuple[Directive | BadDirective, ...]:
    found: list[Directive | BadDirective] = []
    for path, tree in sorted(trees.items()):
        if path in reported and tree.comments:
            lines = texts[path].split("\n")
            shown = display_path(path, cwd)
            found.extend(directives_in(shown, tree.comments, tree.body, lines, RULE_NAMES))
    return tuple(found)


def _text_findings(
    stamper: Stamper,
    rules: RuleSet,
    path: str,
    content: bytes | SourceError,
    texts: dict[str, str],
) -> Iterator[Finding]:
    if not isinstance(content, bytes):
        return
    for rule in rules.of_kind(TextRule):
        if rule.marker not in content:
            continue
        if path not in texts:
            text = decode(content)
            if isinstance(text, SourceError):
                return
            texts[path] = text
        for violation in rule.check(texts[path]):
            yield stamper.finding(rule, violation, path)


def _named(resource: Resource, stamper: Stamper, reported: frozenset[str]) -> NamedResource:
    name_attribute = resource.attribute("name")
    span = name_attribute.span if name_attribute else resource.block.header
    name = resource.value("name")
    assert isinstance(name, str)
    path = display_path(resource.file, stamper.cwd)
    return NamedResource(
        path,
        span,
        resource.address,
        name,
        reported=path in reported,
        excerpt=stamper.excerpt(resource.file, span.line),
        schema=resource.profile.name,
    )
