"""Lint paths: discover files, lint each directory, run the run-wide steps, build the report.

The run reads every file once and hands the directories that mention euno to be linted
(`pool`), then builds what needs every directory's outcome: run-wide rules, suppressions,
superseded findings, fingerprints. The result is sorted, so output never depends on scheduling.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from euno_lint.config import Settings, rule_set
from euno_lint.engine.baseline import with_fingerprint
from euno_lint.engine.jobs import JobPlanner, callers_of, mentions_euno_anywhere
from euno_lint.engine.module import (
    DirectorySources,
    Job,
    ModuleOutcome,
    RunSettings,
    lint_unparsed,
)
from euno_lint.engine.nested import RUN, Configurations
from euno_lint.engine.options import LintOptions, UsageError
from euno_lint.engine.pool import ModuleLinter
from euno_lint.engine.redact import Redactor
from euno_lint.engine.stamp import Stamper, shown_path
from euno_lint.engine.superseded import without_superseded
from euno_lint.engine.suppress import BadDirective, Directive, SuppressionPolicy
from euno_lint.engine.suppress import apply as apply_suppressions
from euno_lint.findings import Finding, NotAnalysed, Place, Report, Violation
from euno_lint.paths import absolute, display_path, relative_inside
from euno_lint.rules.base import RunRule
from euno_lint.rules.ruleset import RuleSet
from euno_lint.terraform.discover import (
    DirectoryFiles,
    Discovery,
    InvalidPatternError,
    PathNotFoundError,
    discover,
    exclusion_filter,
    repository_root,
)
from euno_lint.terraform.loader import load_var_file

if TYPE_CHECKING:
    from euno_lint.terraform.plan import Plan
from euno_lint.terraform.profile import AUTO, BUNDLED, Profile, ProfileError, bundled, from_file
from euno_lint.terraform.scope import TfvarsAssignment
from euno_lint.terraform.source import SourceError, decode, read_bytes
from euno_lint.terraform.values import Value


def lint_paths(paths: Sequence[str], options: LintOptions | None = None) -> Report:
    """Lint files and directories; the main entry point of the library."""
    options = options or LintOptions()
    settings, cwd = options.settings, options.cwd
    rules = rule_set(settings)
    given = paths or ["."]
    try:
        discovery = discover(
            given,
            respect_gitignore=settings.respect_gitignore,
            is_excluded=exclusion_filter(settings.exclude, options.base_of("exclude")),
            cwd=cwd,
            virtual=frozenset(options.sources),
        )
    except (PathNotFoundError, InvalidPatternError) as error:
        raise UsageError(str(error)) from None
    var_files, secret_values = _read_var_files(
        settings.var_files, options.base_of("var_files"), cwd
    )
    plan, plan_text = _read_plan(options.plan, cwd) if options.plan else (None, "")
    if plan is not None:
        secret_values |= frozenset(
            s for name in plan.sensitive_variables for s in _strings_in(plan.variables.get(name))
        )
    configurations = Configurations(options, rules)
    discovery = discovery._replace(
        directories=configurations.without_excluded(discovery.directories)
    )
    profiles: dict[str, Profile] = {}  # schema files by path: nested configurations share them

    def settings_for(settings: Settings, rules: RuleSet, bases: Mapping[str, str]) -> RunSettings:
        provider_schema = bases.get("provider_schema", cwd)
        return RunSettings(
            rules,
            var_files,
            cwd,
            settings.parse_timeout or None,
            settings.analysis_timeout or None,
            _profile(settings.provider_schema, provider_schema, cwd, profiles),
            secret_values,
            plan,
        )

    run_settings = settings_for(settings, rules, options.bases)
    trees = _scanned_trees(given, cwd)
    if plan is not None and not any(_has_configuration(d) for d in discovery.directories):
        from euno_lint.engine.planned import lint_plan  # only ever needed with --plan

        outcomes = [lint_plan(plan, plan_text, run_settings)]
    else:
        workers = settings.jobs or os.cpu_count() or 1
        callers = _callers(discovery, settings, options, rules)
        directories = [*discovery.directories, *configurations.without_excluded(callers)]
        keyed = {RUN: run_settings}
        for key in {configurations.key_of(d.directory) for d in directories} - {RUN}:
            found = configurations.settings(key)
            keyed[key] = settings_for(found.settings, configurations.rules(key), found.bases)
        outcomes = _lint_all(
            directories, trees, keyed, configurations.key_of, workers, options.sources
        )

    # Findings built after the modules were linted may quote any of them: redact with all.
    secrets = {secret for outcome in outcomes for secret in outcome.secrets}
    masked = frozenset(line for outcome in outcomes for line in outcome.masked_lines)
    stamper = Stamper(rules, cwd, {}, Redactor(secrets | secret_values), masked)
    findings = list(dict.fromkeys(f for outcome in outcomes for f in outcome.findings))
    asked = {p for d in discovery.directories for p in d.reported}
    asked |= {p for outcome in outcomes for p in outcome.files}
    findings.extend(_run_wide(outcomes, rules, stamper, asked))
    for unreadable, reason in discovery.unreadable:
        findings.append(stamper.file_problem(unreadable, SourceError(reason)))
    findings = without_superseded(findings, rules)
    if configurations.nested:
        findings = configurations.judged(findings)
    directives = list(dict.fromkeys(d for outcome in outcomes for d in outcome.directives))
    findings = _suppressed(findings, directives, rules, options, stamper)
    # Files linted only for what given files cause report nothing of their own.
    reported = {shown_path(p, cwd) for d in discovery.directories for p in d.reported}
    reported |= {shown_path(p, cwd) for outcome in outcomes for p in outcome.files}
    context = {p for outcome in outcomes for p in outcome.context} - reported
    findings = [
        f
        for f in findings
        if f.path not in context or any(place.path in reported for place in f.related)
    ]
    root = options.root or repository_root(cwd) or cwd
    stamped = [with_fingerprint(f, root, cwd) for f in findings]
    shown_paths = (shown_path(p, cwd) for d in discovery.directories for p in d.reported)
    gaps = sorted({gap for outcome in outcomes for gap in outcome.gaps})
    return Report(
        tuple(sorted(stamped, key=lambda f: f.sort_key)),
        len(
            {p for d in discovery.directories for p in d.reported}
            | {p for outcome in outcomes for p in outcome.files}
        ),
        sum(outcome.resources for outcome in outcomes),
        paths=tuple(sorted(set(shown_paths))),
        enabled=tuple(rule.code for rule in rules.rules),
        severities=dict(rules.severities),
        schemas=tuple(sorted({name for outcome in outcomes for name in outcome.schemas})),
        not_analysed=tuple(
            NotAnalysed(
                shown_path(g.file, cwd),
                g.span.line,
                g.span.column,
                stamper.redact(g.subject),
                stamper.redact(g.reason),
            )
            for g in gaps
        ),
    )


def _read_plan(path: str, cwd: str) -> tuple[Plan, str]:
    from euno_lint.terraform.plan import PlanError, read_plan  # only ever needed with --plan

    full = os.path.join(cwd, path)
    try:
        plan = read_plan(full)
    except PlanError as error:
        raise UsageError(f"cannot use --plan {display_path(full, cwd)}: {error}") from None
    content = read_bytes(full)
    text = decode(content) if isinstance(content, bytes) else ""
    return plan, text if isinstance(text, str) else ""


def _has_configuration(directory: DirectoryFiles) -> bool:
    return any(path.endswith((".tf", ".tf.json")) for path in directory.files)


def _callers(
    discovery: Discovery, settings: Settings, options: LintOptions, rules: RuleSet
) -> list[DirectoryFiles]:
    """For files given by name: the directories of their repository that call their directories
    as local modules (the root modules that evaluate them), to lint with them. A quick scan of
    the repository's bytes, not a lint. When a run-wide rule compares the whole run (EUNO501's
    ``scope = "run"``), every directory of the repository that mentions euno is linted with
    them, so that the comparison sees what a full run sees."""
    given = {d.directory for d in discovery.directories if d.given}
    if not given:
        return []
    tops = {repository_root(directory) for directory in given} - {None}
    seen = {d.directory for d in discovery.directories}
    whole = any(rule.compares_run for rule in rules.of_kind(RunRule))
    key = (
        frozenset(given),
        frozenset(seen),
        settings.respect_gitignore,
        tuple(settings.exclude),
        whole,
    )
    if options.callers is not None and key in options.callers:
        return options.callers[key]
    repository = discover(
        sorted(top for top in tops if top is not None),
        respect_gitignore=settings.respect_gitignore,
        is_excluded=exclusion_filter(settings.exclude, options.base_of("exclude")),
        cwd=options.cwd,
    ).directories
    others = [d for d in repository if d.directory not in seen]
    if whole:
        wanted = [d for d in others if mentions_euno_anywhere(_read(d, options.sources))]
    else:
        wanted = callers_of(given, others)
    found = [DirectoryFiles(d.directory, d.files, frozenset(), given=True) for d in wanted]
    if options.callers is not None:
        options.callers[key] = found
    return found


def _scanned_trees(paths: Sequence[str], cwd: str) -> list[str]:
    """The trees local modules may be read from: the git work tree around each scanned path,
    else the path itself (its directory for a file)."""
    trees = []
    for given in paths:
        path = os.path.normpath(os.path.join(cwd, given))
        directory = path if os.path.isdir(path) else os.path.dirname(path)
        trees.append(repository_root(directory) or directory)
    return trees


def _lint_all(
    discovered: Sequence[DirectoryFiles],
    trees: Sequence[str],
    keyed: Mapping[str, RunSettings],
    key_of: Callable[[str], str],
    workers: int,
    sources: Mapping[str, bytes | SourceError],
) -> list[ModuleOutcome]:
    """Lint every directory: each root module with the local modules it calls (in workers when
    it pays), the rest for text rules only. Directories are read one by one, and what is surely
    a root's job goes to the workers at once, so that reading overlaps with parsing. A
    directory that looked called but that no configuration called is then linted as a root
    module of its own."""
    planner = JobPlanner(trees)
    linter = ModuleLinter(keyed, workers)
    roots: list[str] = []
    for directory in discovered:
        job = planner.add(_read(directory, sources))
        if job is not None:
            linter.add(job, key_of(job.root))
            roots.append(job.root)
    jobs = planner.plan()
    for job in jobs.jobs:
        linter.add(job, key_of(job.root))
        roots.append(job.root)
    # The workers parse while this process lints the rest for the text rules.
    outcomes = [lint_unparsed(d, keyed[key_of(d.directory)]) for d in jobs.unparsed]
    linted = [
        outcome
        for root, outcome in zip(roots, linter.results(), strict=True)
        if root not in jobs.dropped
    ]
    outcomes.extend(linted)
    covered = {directory for outcome in linted for directory in outcome.linted}
    missed = [d for d in jobs.called if d.directory not in covered]
    if missed:
        retry = ModuleLinter(keyed, 1)
        for uncalled in missed:
            if mentions_euno_anywhere(uncalled):
                retry.add(Job((uncalled,)), key_of(uncalled.directory))
            else:
                outcomes.append(lint_unparsed(uncalled, keyed[key_of(uncalled.directory)]))
        outcomes.extend(retry.results())
    return outcomes


def _profile(setting: str, base: str, cwd: str, loaded: dict[str, Profile]) -> Profile | None:
    """The profile every resource is checked against, or None to choose per resource. A
    schema file is read once per run (`loaded`), however many configurations name it."""
    if setting == AUTO:
        return None
    if setting in BUNDLED:
        return bundled(setting)
    path = os.path.normpath(os.path.join(base, setting))
    if path not in loaded:
        try:
            loaded[path] = from_file(path, display_path(path, cwd))
        except ProfileError as error:
            raise UsageError(f"provider-schema: {error}") from None
    return loaded[path]


def _read(
    directory: DirectoryFiles, sources: Mapping[str, bytes | SourceError]
) -> DirectorySources:
    """A directory's files, each from `sources` when there (a buffer from stdin), else disk."""
    contents = tuple(
        (path, sources[path] if path in sources else read_bytes(path)) for path in directory.files
    )
    if directory.given:  # every file is linted, for what the given ones cause
        return DirectorySources(
            directory.directory, contents, frozenset(directory.files), directory.reported
        )
    return DirectorySources(directory.directory, contents, directory.reported)


def _read_var_files(
    paths: Sequence[str], base: str, cwd: str
) -> tuple[list[TfvarsAssignment], frozenset[str]]:
    """The assignments of the var-files, in order, and the string values every output must
    hide: those of var-files outside the repository (CI secrets, usually), which any module
    could otherwise quote. A var-file inside the repository is committed content; it is read
    without following a link out of the repository."""
    assignments: list[TfvarsAssignment] = []
    secrets: set[str] = set()
    repository = repository_root(cwd) or cwd
    for path in paths:
        full = os.path.normpath(os.path.join(base, path))
        inside = relative_inside(full, repository) is not None
        if inside and relative_inside(os.path.realpath(full), os.path.realpath(repository)) is None:
            shown = display_path(full, cwd)
            raise UsageError(
                f"cannot use --var-file {shown}: a symbolic link that leads outside the repository"
            )
        loaded = load_var_file(full, follow_link=not inside)
        if isinstance(loaded, SourceError):
            shown = display_path(full, cwd)
            if (loaded.line, loaded.column) != (1, 1):
                shown += f":{loaded.line}:{loaded.column}"
            raise UsageError(f"cannot use --var-file {shown}: {loaded.message}")
        assignments.extend(loaded)
        if not inside:
            secrets.update(s for a in loaded for s in _strings_in(a.value))
    return assignments, frozenset(secrets)


def _strings_in(value: Value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings_in(item)


def _run_wide(
    outcomes: Iterable[ModuleOutcome], rules: RuleSet, stamper: Stamper, reported: set[str]
) -> Iterator[Finding]:
    """Findings of the run-wide rules about a reported file, or related to one (`reported`:
    absolute paths)."""
    named = sorted(
        (n for o in outcomes for n in o.named), key=lambda n: (n.file, n.span.line, n.span.column)
    )
    for rule in rules.of_kind(RunRule):
        for resource, violation in rule.check(named):
            related = {place.file for place in violation.related}
            if resource.reported or related & reported:
                file = absolute(resource.file, stamper.cwd)
                at = Violation(
                    violation.message,
                    Place(file, resource.span),
                    violation.identity,
                    violation.related,
                )
                yield stamper.finding(
                    rule,
                    at,
                    file,
                    address=resource.address,
                    schema=resource.schema,
                    excerpt=resource.excerpt,
                )


def _suppressed(
    findings: list[Finding],
    directives: Sequence[Directive | BadDirective],
    rules: RuleSet,
    options: LintOptions,
    stamper: Stamper,
) -> list[Finding]:
    if not directives:
        return findings
    policy = SuppressionPolicy(
        allowed=options.settings.allow_inline_suppressions,
        reason_required=options.settings.required_suppression_reason,
        enabled_codes=frozenset(rule.code for rule in rules.rules),
    )
    outcome = apply_suppressions(findings, directives, policy)
    for rule, directive, message in outcome.problems:
        if not rules.is_enabled(rule.code):
            continue
        file = absolute(directive.path, stamper.cwd)
        violation = Violation(message, Place(file, directive.span), f"suppression:{message}")
        outcome.findings.append(stamper.finding(rule, violation, file, excerpt=directive.excerpt))
    # A reason is free text next to the code: it may quote anything, a token included.
    return [
        dataclasses.replace(f, suppression_reason=stamper.redact(f.suppression_reason))
        if f.suppression_reason
        else f
        for f in outcome.findings
    ]
