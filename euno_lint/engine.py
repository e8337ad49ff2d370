"""Lint paths: discover files, load modules, run the rules, stamp findings, build the report.

`lint_module` is pure (plain data in, findings out) so that modules can be linted in worker
processes; `lint_paths` reads every file once, sends the modules that mention euno to be
linted, runs the run-wide rules and sorts the result, so output never depends on scheduling.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

from euno_lint.baseline import fingerprint, root_relative
from euno_lint.discover import ModuleFiles, PathNotFoundError, discover, repository_root
from euno_lint.findings import Finding, Report
from euno_lint.hcl import HclSyntaxError, SyntaxTree, parse
from euno_lint.loader import (
    LoadedModule,
    load_module,
    load_var_file,
    mentions_euno,
)
from euno_lint.redact import Redactor, module_secrets
from euno_lint.registry import RuleSet
from euno_lint.resource import Module, Resource
from euno_lint.rule import ModuleRule, NamedResource, ResourceRule, RunRule, TextRule
from euno_lint.rules import ALL_RULES
from euno_lint.rules.builtin import InvalidSuppression, UnusedSuppression
from euno_lint.schema import RESOURCE_TYPE, validate
from euno_lint.source import SourceError, decode, read_bytes
from euno_lint.stamp import Stamper, display_path, make_finding
from euno_lint.suppress import (
    KEYWORD,
    BadDirective,
    Directive,
    RuleNames,
    SuppressionPolicy,
    directives_in,
)
from euno_lint.suppress import apply as apply_suppressions
from euno_lint.values import Value

if TYPE_CHECKING:  # worker processes are only started (and multiprocessing imported) when needed
    from concurrent.futures import Future, ProcessPoolExecutor


class UsageError(Exception):
    """The run cannot start (a path that does not exist, an unreadable --var-file)."""


@dataclass(frozen=True, slots=True)
class LintOptions:
    """What a run needs besides the paths."""

    rules: RuleSet = field(default_factory=RuleSet.default)
    var_files: tuple[str, ...] = ()
    respect_gitignore: bool = True
    exclude: tuple[str, ...] = ()
    exclude_base: str | None = None
    suppressions: SuppressionPolicy = field(default_factory=SuppressionPolicy)
    jobs: int = 1
    parse_timeout: float | None = 10.0
    cwd: str = field(default_factory=os.getcwd)
    root: str | None = None


class ModuleSettings(NamedTuple):
    """What every module of a run is linted with (sent once to each worker process)."""

    rules: RuleSet
    var_file_values: Mapping[str, Value]
    cwd: str
    parse_timeout: float | None = None


class ModuleJob(NamedTuple):
    """One module to lint: its files' bytes (or read errors) and which files to report."""

    directory: str
    contents: tuple[tuple[str, bytes | SourceError], ...]
    reported: frozenset[str]


class ModuleResult(NamedTuple):
    """What linting one module produced."""

    findings: tuple[Finding, ...]
    resources: int
    named: tuple[NamedResource, ...] = ()
    directives: tuple[Directive | BadDirective, ...] = ()


def lint_paths(paths: Sequence[str], options: LintOptions | None = None) -> Report:
    """Lint files and directories; the main entry point of the library."""
    options = options or LintOptions()
    try:
        discovery = discover(
            paths or ["."],
            respect_gitignore=options.respect_gitignore,
            is_excluded=_exclusion(options.exclude, options.exclude_base or options.cwd),
            cwd=options.cwd,
        )
    except PathNotFoundError as error:
        raise UsageError(str(error)) from None
    var_file_values = _read_var_files(options.var_files, options.cwd)
    results: list[ModuleResult] = []
    settings = ModuleSettings(options.rules, var_file_values, options.cwd, options.parse_timeout)
    linter = _ModuleLinter(settings, max(options.jobs, 1))
    files = 0
    for module in discovery.modules:
        files += len(module.reported)
        job = _read_module(module)
        if any(path.endswith(".tf") and mentions_euno(content) for path, content in job.contents):
            linter.add(job)
        else:
            results.append(_lint_unparsed(job, options))
    results.extend(linter.results())
    findings = [f for result in results for f in result.findings]
    findings.extend(_run_wide(results, options))
    for directory, reason in discovery.unreadable_dirs:
        problem = SourceError(f"cannot read directory: {reason}")
        findings.append(
            Stamper(options.rules, options.cwd, {}, Redactor()).file_problem(directory, problem)
        )
    findings = _without_superseded(findings, options.rules)
    findings = _suppressed(findings, [d for r in results for d in r.directives], options)
    root = options.root or repository_root(options.cwd) or options.cwd
    stamped = [_with_fingerprint(f, root, options.cwd) for f in findings]
    resources = sum(r.resources for r in results)
    paths = tuple(
        sorted(display_path(p, options.cwd) for m in discovery.modules for p in m.reported)
    )
    ordered = tuple(sorted(stamped, key=lambda f: f.sort_key))
    return Report(ordered, files, resources, paths=paths)


def _exclusion(patterns: Sequence[str], base: str) -> Callable[[str, bool], bool] | None:
    if not patterns:
        return None
    from pathspec import GitIgnoreSpec

    try:
        spec = GitIgnoreSpec.from_lines(patterns)
    except ValueError as error:
        raise UsageError(f"invalid exclude pattern: {error}") from None

    def is_excluded(path: str, is_dir: bool) -> bool:
        relative = os.path.relpath(path, base)
        if relative.startswith(os.pardir):
            return False
        relative = relative.replace(os.sep, "/")
        return bool(spec.match_file(relative + "/" if is_dir else relative))

    return is_excluded


def _suppressed(
    findings: list[Finding],
    directives: Sequence[Directive | BadDirective],
    options: LintOptions,
) -> list[Finding]:
    if not directives:
        return findings
    rules = options.rules
    policy = options.suppressions._replace(enabled_codes=frozenset(r.code for r in rules.rules))
    outcome = apply_suppressions(findings, directives, policy)
    kinds = {InvalidSuppression.code: InvalidSuppression, UnusedSuppression.code: UnusedSuppression}
    redact = Redactor()
    for code, directive, message in outcome.problems:
        rule = kinds[code]
        if not rules.is_enabled(code):
            continue
        excerpt = redact(directive.excerpt) if directive.excerpt is not None else None
        outcome.findings.append(
            make_finding(
                rule,
                rules,
                directive.path,
                directive.span,
                redact(message),
                subject=f"suppression:{message}",
                excerpt=excerpt,
            )
        )
    return outcome.findings


def _with_fingerprint(finding: Finding, root: str, cwd: str) -> Finding:
    path = root_relative(finding.path, root, cwd)
    return replace(
        finding, fingerprint=fingerprint(finding.code, path, finding.resource, finding.subject)
    )


def _read_var_files(paths: Sequence[str], cwd: str) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for path in paths:
        loaded = load_var_file(os.path.join(cwd, path))
        if isinstance(loaded, SourceError):
            shown = display_path(os.path.join(cwd, path), cwd)
            if (loaded.line, loaded.column) != (1, 1):
                shown += f":{loaded.line}:{loaded.column}"
            raise UsageError(f"cannot use --var-file {shown}: {loaded.message}")
        values.update(loaded)
    return values


# Below this much configuration to parse, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 96 * 1024


def _size(job: ModuleJob) -> int:
    return sum(len(content) for _, content in job.contents if isinstance(content, bytes))


# Modules go to a worker in batches of about this much: fewer round trips between processes.
BATCH_BYTES = 48 * 1024


class _ModuleLinter:
    """Lints modules as they are read: in-process, or in worker processes once there is enough.

    Work goes to the workers as soon as a batch is read, so that reading the rest of the tree
    overlaps with parsing. Results come back in the order the modules were added.
    """

    def __init__(self, settings: ModuleSettings, workers: int) -> None:
        self.settings = settings
        self.workers = workers
        self.pending: list[ModuleJob] = []
        self.pending_size = 0
        self.size = 0
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future[list[ModuleResult]]] = []

    def add(self, job: ModuleJob) -> None:
        size = _size(job)
        self.size += size
        self.pending.append(job)
        self.pending_size += size
        if self.pool is None and self.workers > 1 and self.size >= PARALLEL_MIN_BYTES:
            self.pool = self._start_pool()
        if self.pool is not None and self.pending_size >= BATCH_BYTES:
            self._submit()

    def results(self) -> list[ModuleResult]:
        if self.pool is None:
            return [lint_module(job, self.settings) for job in self.pending]
        self._submit()
        with self.pool:
            return [result for future in self.futures for result in future.result()]

    def _submit(self) -> None:
        assert self.pool is not None
        if self.pending:
            self.futures.append(self.pool.submit(_lint_in_worker, tuple(self.pending)))
        self.pending, self.pending_size = [], 0

    def _start_pool(self) -> ProcessPoolExecutor:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from euno_lint.hcl import warm_up

        warm_up()  # forked workers inherit the loaded grammar instead of each loading it
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        return ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_start_worker, initargs=(self.settings,)
        )


_worker_settings: ModuleSettings | None = None


def _start_worker(settings: ModuleSettings) -> None:
    global _worker_settings
    _worker_settings = settings


def _lint_in_worker(jobs: tuple[ModuleJob, ...]) -> list[ModuleResult]:
    assert _worker_settings is not None
    return [lint_module(job, _worker_settings) for job in jobs]


def _read_module(module: ModuleFiles) -> ModuleJob:
    contents = tuple((path, read_bytes(path)) for path in module.files)
    return ModuleJob(module.directory, contents, module.reported)


def lint_module(job: ModuleJob, settings: ModuleSettings) -> ModuleResult:
    """Lint one module: parse what matters, validate resources, run every rule."""
    rules, cwd = settings.rules, settings.cwd
    contents = dict(job.contents)
    loaded = load_module(
        job.directory, contents, settings.var_file_values, settings.parse_timeout
    ) or LoadedModule.empty(job.directory)
    context = loaded.context
    resources = tuple(
        Resource(
            f"{RESOURCE_TYPE}.{block.labels[1]}",
            block,
            path,
            validate(block, context.evaluate),
            context,
        )
        for path, block in loaded.resources
    )
    module = Module(context, resources, tuple(loaded.imports), tuple(loaded.files))
    texts = dict(loaded.texts)
    stamper = Stamper(settings.rules, settings.cwd, texts, Redactor(module_secrets(module, texts)))

    problems = {p: c for p, c in contents.items() if isinstance(c, SourceError)} | loaded.errors
    found = [stamper.file_problem(path, problem) for path, problem in sorted(problems.items())]
    for resource in resources:
        for rule in rules.of_kind(ResourceRule):
            found.extend(
                stamper.finding(rule, v, resource.file, resource) for v in rule.check(resource)
            )
    for module_rule in rules.of_kind(ModuleRule):
        found.extend(
            stamper.finding(module_rule, v, job.directory) for v in module_rule.check(module)
        )
    for path, content in sorted(contents.items()):
        if path in job.reported and path not in problems:
            found.extend(_text_findings(stamper, rules, path, content, texts))

    reported = frozenset(display_path(p, cwd) for p in job.reported)
    directives = _directives(loaded.trees, loaded.texts, job.reported, cwd)
    named = tuple(
        _named(resource, stamper, reported)
        for resource in resources
        if isinstance(resource.model.name, str)
    )
    kept = tuple(f for f in found if f.path in reported)
    return ModuleResult(kept, len(resources), named, directives)


_RULE_NAMES = RuleNames(
    frozenset(rule.code for rule in ALL_RULES), {rule.name: rule.code for rule in ALL_RULES}
)


def _directives(
    trees: Mapping[str, SyntaxTree], texts: Mapping[str, str], reported: frozenset[str], cwd: str
) -> tuple[Directive | BadDirective, ...]:
    found: list[Directive | BadDirective] = []
    for path, tree in sorted(trees.items()):
        if path in reported and tree.comments:
            lines = texts[path].split("\n")
            shown = display_path(path, cwd)
            found.extend(directives_in(shown, tree.comments, tree.body, lines, _RULE_NAMES))
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


def _lint_unparsed(job: ModuleJob, options: LintOptions) -> ModuleResult:
    """A module without euno resources: only unreadable files and text rules concern us."""
    texts: dict[str, str] = {}
    stamper = Stamper(options.rules, options.cwd, texts, Redactor())
    found: list[Finding] = []
    trees: dict[str, SyntaxTree] = {}
    for path, content in job.contents:
        if path not in job.reported:
            continue
        if isinstance(content, SourceError):
            found.append(stamper.file_problem(path, content))
            continue
        text_findings = list(_text_findings(stamper, options.rules, path, content, texts))
        found.extend(text_findings)
        if text_findings and KEYWORD.encode() in content:
            # Parsed only to read its suppression comments; its syntax is not ours to judge.
            with suppress(HclSyntaxError):
                trees[path] = parse(texts[path])
    directives = _directives(trees, texts, job.reported, options.cwd)
    return ModuleResult(tuple(found), 0, (), directives)


def _named(resource: Resource, stamper: Stamper, reported: frozenset[str]) -> NamedResource:
    name_attribute = resource.attribute("name")
    span = name_attribute.span if name_attribute else resource.block.header
    assert isinstance(resource.model.name, str)
    path = display_path(resource.file, stamper.cwd)
    return NamedResource(
        path, span, resource.address, resource.model.name, reported=path in reported,
        excerpt=stamper.excerpt(resource.file, span.line),
    )  # fmt: skip


def _run_wide(results: Iterable[ModuleResult], options: LintOptions) -> Iterator[Finding]:
    named = sorted(
        (n for r in results for n in r.named), key=lambda n: (n.file, n.span.line, n.span.column)
    )
    for rule in options.rules.of_kind(RunRule):
        for resource, violation in rule.check(named):
            if resource.reported:
                yield make_finding(
                    rule, options.rules, resource.file, resource.span, violation.message,
                    resource=resource.address, subject=violation.identity,
                    excerpt=resource.excerpt,
                )  # fmt: skip


def _without_superseded(findings: list[Finding], rules: RuleSet) -> list[Finding]:
    """Drop findings that a superseding rule already reports on the same lines."""
    superseded_by = {rule.code: rule.superseded_by for rule in rules.rules if rule.superseded_by}
    if not superseded_by:
        return findings
    covered: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for finding in findings:
        places = [(finding.path, finding.line, finding.end_line)]
        places += [(r.path, r.line, r.end_line) for r in finding.related]
        for path, first, last in places:
            covered.setdefault((path, finding.code), []).append((first, last))

    def is_superseded(finding: Finding) -> bool:
        return any(
            first <= finding.end_line and finding.line <= last
            for code in superseded_by.get(finding.code, ())
            for first, last in covered.get((finding.path, code), ())
        )

    return [f for f in findings if not is_superseded(f)]
