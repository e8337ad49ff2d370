"""Lint paths: discover files, lint each directory, run the run-wide steps, build the report.

The run reads every file once and hands the directories that mention euno to be linted
(`pool`), then builds what needs every directory's outcome: run-wide rules, suppressions,
superseded findings, fingerprints. The result is sorted, so output never depends on scheduling.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence

from euno_lint.config import rule_set
from euno_lint.engine.baseline import with_fingerprint
from euno_lint.engine.module import (
    DirectorySources,
    ModuleOutcome,
    RunSettings,
    lint_unparsed,
)
from euno_lint.engine.options import LintOptions, UsageError
from euno_lint.engine.pool import ModuleLinter
from euno_lint.engine.redact import Redactor
from euno_lint.engine.stamp import Stamper
from euno_lint.engine.superseded import without_superseded
from euno_lint.engine.suppress import BadDirective, Directive, SuppressionPolicy
from euno_lint.engine.suppress import apply as apply_suppressions
from euno_lint.findings import Finding, Place, Report, Violation
from euno_lint.paths import absolute, display_path
from euno_lint.rules.base import RunRule
from euno_lint.rules.ruleset import RuleSet
from euno_lint.terraform.discover import (
    DirectoryFiles,
    InvalidPatternError,
    PathNotFoundError,
    discover,
    exclusion_filter,
    repository_root,
)
from euno_lint.terraform.loader import load_var_file, mentions_euno
from euno_lint.terraform.profile import AUTO, BUNDLED, Profile, ProfileError, bundled, from_file
from euno_lint.terraform.source import SourceError, read_bytes
from euno_lint.terraform.values import Value


def lint_paths(paths: Sequence[str], options: LintOptions | None = None) -> Report:
    """Lint files and directories; the main entry point of the library."""
    options = options or LintOptions()
    settings, cwd = options.settings, options.cwd
    rules = rule_set(settings)
    try:
        discovery = discover(
            paths or ["."],
            respect_gitignore=settings.respect_gitignore,
            is_excluded=exclusion_filter(settings.exclude, options.base_of("exclude")),
            cwd=cwd,
        )
    except (PathNotFoundError, InvalidPatternError) as error:
        raise UsageError(str(error)) from None
    var_file_values = _read_var_files(settings.var_files, options.base_of("var_files"), cwd)
    run_settings = RunSettings(
        rules,
        var_file_values,
        cwd,
        settings.parse_timeout or None,
        settings.analysis_timeout or None,
        _profile(settings.provider_schema, options.base_of("provider_schema"), cwd),
    )
    linter = ModuleLinter(run_settings, settings.jobs or os.cpu_count() or 1)
    outcomes: list[ModuleOutcome] = []
    files = 0
    for directory in discovery.directories:
        files += len(directory.reported)
        job = _read(directory)
        if any(path.endswith(".tf") and mentions_euno(content) for path, content in job.contents):
            linter.add(job)
        else:
            outcomes.append(lint_unparsed(job, rules, cwd))
    outcomes.extend(linter.results())

    # Findings built after the modules were linted may quote any of them: redact with all.
    secrets = {secret for outcome in outcomes for secret in outcome.secrets}
    stamper = Stamper(rules, cwd, {}, Redactor(secrets))
    findings = [f for outcome in outcomes for f in outcome.findings]
    findings.extend(_run_wide(outcomes, rules, stamper))
    for unreadable, reason in discovery.unreadable:
        findings.append(stamper.file_problem(unreadable, SourceError(reason)))
    findings = without_superseded(findings, rules)
    directives = [d for outcome in outcomes for d in outcome.directives]
    findings = _suppressed(findings, directives, rules, options, stamper)
    root = options.root or repository_root(cwd) or cwd
    stamped = [with_fingerprint(f, root, cwd) for f in findings]
    shown_paths = (
        stamper.redact(display_path(p, cwd)) for d in discovery.directories for p in d.reported
    )
    return Report(
        tuple(sorted(stamped, key=lambda f: f.sort_key)),
        files,
        sum(outcome.resources for outcome in outcomes),
        paths=tuple(sorted(shown_paths)),
        enabled=tuple(rule.code for rule in rules.rules),
        severities=dict(rules.severities),
        schemas=tuple(sorted({name for outcome in outcomes for name in outcome.schemas})),
    )


def _profile(setting: str, base: str, cwd: str) -> Profile | None:
    """The profile every resource is checked against, or None to choose per resource."""
    if setting == AUTO:
        return None
    if setting in BUNDLED:
        return bundled(setting)
    path = os.path.join(base, setting)
    try:
        return from_file(path, display_path(path, cwd))
    except ProfileError as error:
        raise UsageError(f"provider-schema: {error}") from None


def _read(directory: DirectoryFiles) -> DirectorySources:
    contents = tuple((path, read_bytes(path)) for path in directory.files)
    return DirectorySources(directory.directory, contents, directory.reported)


def _read_var_files(paths: Sequence[str], base: str, cwd: str) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for path in paths:
        full = os.path.join(base, path)
        loaded = load_var_file(full)
        if isinstance(loaded, SourceError):
            shown = display_path(full, cwd)
            if (loaded.line, loaded.column) != (1, 1):
                shown += f":{loaded.line}:{loaded.column}"
            raise UsageError(f"cannot use --var-file {shown}: {loaded.message}")
        values.update(loaded)
    return values


def _run_wide(
    outcomes: Iterable[ModuleOutcome], rules: RuleSet, stamper: Stamper
) -> Iterator[Finding]:
    named = sorted(
        (n for o in outcomes for n in o.named), key=lambda n: (n.file, n.span.line, n.span.column)
    )
    for rule in rules.of_kind(RunRule):
        for resource, violation in rule.check(named):
            if resource.reported:
                file = absolute(resource.file, stamper.cwd)
                at = Violation(violation.message, Place(file, resource.span), violation.identity)
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
    return outcome.findings
