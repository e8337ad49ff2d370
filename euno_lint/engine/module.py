"""Lint one configuration: a root module and the local modules it calls.

`lint_module` is pure (plain data in, findings out) so that configurations can be linted in
worker processes: build the module tree, expand every resource into its instances and
variants, validate them, run the rules, group what instances share, stamp findings. A
directory whose files never mention ``euno_`` goes through `lint_unparsed` instead: only
unreadable files and the text rules concern it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, NamedTuple

from euno_lint.engine.group import Grouped, Raw, group, placed
from euno_lint.engine.instances import Instances, configuration_instances
from euno_lint.engine.redact import Redactor, configuration_secrets, mask_strings
from euno_lint.engine.stamp import Stamper, shown_path
from euno_lint.engine.suppress import RULE_NAMES, BadDirective, Directive, directives_in
from euno_lint.findings import SUPPRESSION_KEYWORD, Finding, Place, Span, Violation
from euno_lint.hcl import CpuTimeExceeded, HclSyntaxError, SyntaxTree, cpu_limit, parse
from euno_lint.paths import display_path
from euno_lint.rules.base import ModuleRule, NamedResource, ResourceRule, TextRule
from euno_lint.rules.builtin import AnalysisLimitExceeded
from euno_lint.rules.ruleset import RuleSet
from euno_lint.terraform.configuration import Configuration, Gap, build
from euno_lint.terraform.profile import Profile
from euno_lint.terraform.resource import Resource
from euno_lint.terraform.scope import TfvarsAssignment
from euno_lint.terraform.source import SourceError, decode

if TYPE_CHECKING:  # a plan is only read with --plan
    from euno_lint.terraform.plan import Plan


class RunSettings(NamedTuple):
    """What every configuration of a run is linted with (sent once to each worker process).

    Timeouts are seconds of CPU time; None means no limit. `profile` is the provider schema
    every resource is checked against, or None to choose one per module and resource.
    `secrets` are values every output must hide (var-files from outside the repository).
    With a `plan`, the instances and values of resources are the plan's.
    """

    rules: RuleSet
    var_files: Sequence[TfvarsAssignment]
    cwd: str
    parse_timeout: float | None = None
    analysis_timeout: float | None = None
    profile: Profile | None = None
    secrets: frozenset[str] = frozenset()
    plan: Plan | None = None


class DirectorySources(NamedTuple):
    """One directory: its files' bytes (or read errors) and which files to report; `given`
    names the files given by name when only those were asked for (the others are linted for
    what the given ones cause, and reported only through them)."""

    directory: str
    contents: tuple[tuple[str, bytes | SourceError], ...]
    reported: frozenset[str]
    given: frozenset[str] | None = None


class Job(NamedTuple):
    """A root module and the directories of the local modules it may call (the root first)."""

    directories: tuple[DirectorySources, ...]

    @property
    def root(self) -> str:
        """The root module's directory."""
        return self.directories[0].directory

    @property
    def reported(self) -> frozenset[str]:
        """The files whose findings are reported."""
        return frozenset().union(*(d.reported for d in self.directories))

    @property
    def given(self) -> frozenset[str] | None:
        """The files given by name, when the job is about them (see `DirectorySources`)."""
        named = [d.given for d in self.directories if d.given is not None]
        return frozenset().union(*named) if named else None


class ModuleOutcome(NamedTuple):
    """What linting one configuration (or directory) produced, and what the run-wide steps
    need of it.

    `secrets` and `masked_lines` are the configuration's secret values and the lines that write
    them, so that findings built after it was linted (run-wide rules, suppression problems)
    are redacted and masked as well as its own. `linted` are the directories it covered.
    """

    findings: tuple[Finding, ...]
    resources: int
    named: tuple[NamedResource, ...] = ()
    directives: tuple[Directive | BadDirective, ...] = ()
    secrets: frozenset[str] = frozenset()
    schemas: frozenset[str] = frozenset()
    gaps: tuple[Gap, ...] = ()
    linted: frozenset[str] = frozenset()
    masked_lines: frozenset[tuple[str, int]] = frozenset()
    files: frozenset[str] = frozenset()  # the files reported on (called modules' included)
    # Files linted only for what given files cause (display paths): no finding is reported
    # there on its own account, a suppression problem included.
    context: frozenset[str] = frozenset()


def lint_module(job: Job, settings: RunSettings) -> ModuleOutcome:
    """Lint one configuration within its CPU budget.

    A configuration over its budget, or nested too deeply for Python's stack, is one EUNO004
    finding at its first reported file: nothing else in it is reported.
    """
    try:
        with cpu_limit(settings.analysis_timeout) as limit:
            return _lint_configuration(job, settings)
    except CpuTimeExceeded as error:
        if limit is None or error.limit is not limit:
            raise
        reason = (
            f"needed more than {settings.analysis_timeout:g} s of CPU time (see analysis-timeout)"
        )
    except RecursionError:
        reason = "is nested too deeply to analyse"
    return _not_analysed(job, settings, reason)


def _not_analysed(job: Job, settings: RunSettings, reason: str) -> ModuleOutcome:
    first = min(job.reported)
    message = f"this directory was not analysed: it {reason}; nothing in it was checked"
    violation = Violation(message, Place(first, Span.point()), "analysis-limit")
    stamper = Stamper(settings.rules, settings.cwd, {}, Redactor(settings.secrets))
    finding = stamper.finding(AnalysisLimitExceeded, violation, first)
    return ModuleOutcome((finding,), 0, linted=frozenset(d.directory for d in job.directories))


def _lint_configuration(job: Job, settings: RunSettings) -> ModuleOutcome:
    rules, cwd = settings.rules, settings.cwd
    sources = {d.directory: dict(d.contents) for d in job.directories}
    planned = _planned_variables(settings.plan)
    configuration = build(job.root, sources, settings.var_files, settings.parse_timeout, planned)
    if configuration is None:
        return _without_resources(job, settings)
    instances = configuration_instances(configuration, settings.profile, settings.plan)
    texts = {p: t for m in configuration.modules.values() for p, t in m.texts.items()}
    secrets = configuration_secrets(instances.modules, texts)
    redactor = Redactor(secrets.values | settings.secrets)
    contents = {p: c for d in job.directories for p, c in d.contents if isinstance(c, bytes)}
    stamper = Stamper(rules, cwd, texts, redactor, secrets.masked_lines, contents)

    reported = job.reported
    problems = _file_problems(configuration, sources)
    placed_findings = [(path, stamper.file_problem(path, p)) for path, p in problems.items()]
    resources = list(instances.resources())
    raw = list(raw_violations(instances, rules, stamper))
    for item in group(raw, resources):
        placed_findings.append((item.file, stamp_grouped(stamper, item)))
    for directory in job.directories:
        for path, content in directory.contents:
            if path in directory.reported and path not in problems:
                findings = _text_findings(stamper, rules, path, content, texts)
                placed_findings.extend((path, f) for f in findings)
    scope_limits = {limit for m in instances.modules for limit in m.scope.limits}
    for stop in sorted(scope_limits):
        message = f"not fully analysed: {stop.message}; values that depend on it are not checked"
        violation = Violation(message, Place(stop.file, stop.span), f"analysis-limit:{message}")
        placed_findings.append(
            (stop.file, stamper.finding(AnalysisLimitExceeded, violation, stop.file))
        )

    trees = {p: t for m in configuration.modules.values() for p, t in m.trees.items()}
    directives = _directives(trees, texts, job.reported, stamper)
    kept = tuple(dict.fromkeys(f for path, f in placed_findings if path in reported))
    given = job.given
    if given is not None:
        kept = _caused_by(kept, given, stamper.cwd)
        reported = given
    integrations = {(r.address, r.file, r.block.header) for r in resources if r.is_integration}
    return ModuleOutcome(
        kept,
        len(integrations),
        tuple(_named(configuration, resources, stamper, reported)),
        directives,
        redactor.secrets,
        frozenset(r.profile.name for r in resources),
        tuple(_shown_gaps(instances, reported)),
        frozenset(configuration.modules),
        secrets.masked_lines,
        frozenset(
            path
            for directory in job.directories
            if directory.directory in configuration.modules
            for path in directory.reported
            if given is None or path in given
        ),
        frozenset(shown_path(p, cwd) for p in job.reported - reported),
    )


def _caused_by(
    findings: tuple[Finding, ...], given: frozenset[str], cwd: str
) -> tuple[Finding, ...]:
    """The findings given files hold or cause: located in one, or pointing at one (a sibling's
    EUNO402 about the variable a given file's resource uses; a module's finding about the
    value a given file passes in)."""
    shown = {shown_path(p, cwd) for p in given}
    return tuple(
        f for f in findings if f.path in shown or any(place.path in shown for place in f.related)
    )


def _planned_variables(plan: Plan | None) -> dict[str, TfvarsAssignment]:
    if plan is None:
        return {}
    return {
        name: TfvarsAssignment(name, plan.file, Span.point(), value, auto_loaded=True)
        for name, value in plan.variables.items()
    }


def _without_resources(job: Job, settings: RunSettings) -> ModuleOutcome:
    """A configuration that turned out to hold no euno resource: like an unparsed directory."""
    outcome = lint_unparsed(job.directories[0], settings)
    return outcome._replace(linted=frozenset({job.root}))


def _file_problems(
    configuration: Configuration, sources: Mapping[str, Mapping[str, bytes | SourceError]]
) -> dict[str, SourceError]:
    problems: dict[str, SourceError] = {}
    for directory, parsed in configuration.modules.items():
        for path, content in sources.get(directory, {}).items():
            if isinstance(content, SourceError):
                problems[path] = content
        problems.update(parsed.errors)
    return dict(sorted(problems.items()))


def raw_violations(instances: Instances, rules: RuleSet, stamper: Stamper) -> Iterator[Raw]:
    resource_rules = rules.of_kind(ResourceRule)
    for module in instances.modules:
        for resource in module.resources:
            for rule in resource_rules:
                if rule.applies_to(resource):
                    for violation in rule.check(resource):
                        yield _resolved(
                            rule, _with_origin(violation, resource, stamper.cwd), resource
                        )
        for module_rule in rules.of_kind(ModuleRule):
            for violation in module_rule.check(module):
                at = violation.at
                file = at.file if isinstance(at, Place) and at.file else module.scope.directory
                span = at.span if isinstance(at, Place) else Span.point()
                yield Raw(module_rule, violation, file, span, None)


def _resolved(rule: ResourceRule, violation: Violation, resource: Resource) -> Raw:
    at = violation.at
    if isinstance(at, Place):
        return Raw(rule, violation, at.file or resource.file, at.span, resource)
    return Raw(rule, violation, resource.file_for(at), resource.span_of(at), resource)


def _with_origin(violation: Violation, resource: Resource, cwd: str) -> Violation:
    """A violation about a value written elsewhere says where: "(from FILE:LINE)"."""
    if not isinstance(violation.at, str) or not violation.at:
        return violation
    source = resource.origin(violation.at)
    if source is None:
        return violation
    where = f"{display_path(source.file, cwd)}:{source.span.line}"
    return violation._replace(
        message=f"{violation.message} (from {where})",
        related=(*violation.related, Place(source.file, source.span)),
    )


def stamp_grouped(stamper: Stamper, item: Grouped) -> Finding:
    violation = placed(item.violation, item.file, item.span)
    schema = item.resource.profile.name if item.resource is not None else None
    return stamper.finding(item.rule, violation, item.file, address=item.address, schema=schema)


def _shown_gaps(instances: Instances, reported: frozenset[str]) -> Iterator[Gap]:
    for gap in instances.gaps:
        if gap.file in reported:
            yield gap


def lint_unparsed(directory: DirectorySources, settings: RunSettings) -> ModuleOutcome:
    """A directory without euno resources: only unreadable files and text rules concern us.

    A file with a text finding and a suppression comment is parsed to read its comments,
    within the parse and analysis limits like any other.
    """
    texts: dict[str, str] = {}
    stamper = Stamper(settings.rules, settings.cwd, texts, Redactor(settings.secrets))
    found: list[Finding] = []
    to_parse: list[str] = []
    for path, content in directory.contents:
        if path not in directory.reported:
            continue
        if isinstance(content, SourceError):
            found.append(stamper.file_problem(path, content))
            continue
        text_findings = list(_text_findings(stamper, settings.rules, path, content, texts))
        found.extend(text_findings)
        if text_findings and SUPPRESSION_KEYWORD.encode() in content:
            to_parse.append(path)
    trees: dict[str, SyntaxTree] = {}
    if to_parse:
        try:
            with cpu_limit(settings.analysis_timeout) as limit:
                for path in to_parse:
                    # Parsed only to read its suppression comments; its syntax is not ours.
                    with suppress(HclSyntaxError):
                        trees[path] = parse(texts[path], timeout=settings.parse_timeout)
        except CpuTimeExceeded as error:
            if limit is None or error.limit is not limit:
                raise
            budget = f"{settings.analysis_timeout:g} s of CPU time (see analysis-timeout)"
            return _not_analysed(Job((directory,)), settings, f"needed more than {budget}")
        except RecursionError:
            return _not_analysed(Job((directory,)), settings, "is nested too deeply to analyse")
    directives = _directives(trees, texts, directory.reported, stamper)
    return ModuleOutcome(tuple(found), 0, (), directives, linted=frozenset({directory.directory}))


def _directives(
    trees: Mapping[str, SyntaxTree],
    texts: Mapping[str, str],
    reported: frozenset[str],
    stamper: Stamper,
) -> tuple[Directive | BadDirective, ...]:
    found: list[Directive | BadDirective] = []
    for path, tree in sorted(trees.items()):
        if path in reported and tree.comments:
            lines = texts[path].split("\n")
            for number in {line for file, line in stamper.masked_lines if file == path}:
                if number <= len(lines):
                    lines[number - 1] = mask_strings(lines[number - 1])
            shown = shown_path(path, stamper.cwd)
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


def _named(
    configuration: Configuration,
    resources: Sequence[Resource],
    stamper: Stamper,
    reported: frozenset[str],
) -> Iterator[NamedResource]:
    instances = {i.scope.module: i for i in configuration.instances}
    for resource in resources:
        if not resource.is_integration or not isinstance(resource.value("name"), str):
            continue
        instance = instances.get(resource.scope.module)
        account = instance.account(resource.block) if instance is not None else "euno"
        file = resource.file_for("name")
        yield named_resource(resource, configuration.root, account, stamper, file in reported)


def named_resource(
    resource: Resource, root: str, account: str, stamper: Stamper, reported: bool
) -> NamedResource:
    """What the run-wide rules know of an integration instance with a known name."""
    name = resource.value("name")
    assert isinstance(name, str)
    name_attribute = resource.attribute("name")
    span = name_attribute.span if name_attribute else resource.block.header
    file = resource.file_for("name")
    source = resource.origin("name")
    origin = f"{shown_path(source.file, stamper.cwd)}:{source.span.line}" if source else ""
    places = (Place(file, span), *((Place(source.file, source.span),) if source else ()))
    return NamedResource(
        shown_path(file, stamper.cwd),
        span,
        resource.address,
        name,
        reported=reported,
        excerpt=stamper.excerpt(file, span.line),
        schema=resource.profile.name,
        root=root,
        account=account,
        conditions=frozenset((c.key, v) for c, v in resource.assumed),
        block=(file, resource.block.header),
        static_address=resource.static_address,
        origin=origin,
        places=places,
    )
