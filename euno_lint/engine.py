"""Lint paths: discover files, load modules, run the rules, stamp findings, build the report.

`lint_module` is pure (plain data in, findings out) so that modules can be linted in worker
processes; `lint_paths` reads every file once, sends the modules that mention euno to be
linted, runs the run-wide rules and sorts the result, so output never depends on scheduling.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from euno_lint.context import ModuleContext
from euno_lint.discover import ModuleFiles, PathNotFoundError, discover
from euno_lint.findings import Finding, Place, Report, Violation
from euno_lint.loader import load_module, load_var_file, mentions_euno
from euno_lint.redact import Redactor, mask_strings, module_secrets
from euno_lint.registry import RuleSet
from euno_lint.resource import Module, Resource
from euno_lint.rule import ModuleRule, NamedResource, ResourceRule, Rule, RunRule, TextRule
from euno_lint.rules.builtin import ParseError
from euno_lint.schema import RESOURCE_TYPE, validate
from euno_lint.source import SourceError, decode, read_bytes
from euno_lint.values import Value


class UsageError(Exception):
    """The run cannot start (a path that does not exist, an unreadable --var-file)."""


@dataclass(frozen=True, slots=True)
class LintOptions:
    """What a run needs besides the paths."""

    rules: RuleSet = field(default_factory=RuleSet.default)
    var_files: tuple[str, ...] = ()
    respect_gitignore: bool = True
    jobs: int = 1
    cwd: str = field(default_factory=os.getcwd)


@dataclass(frozen=True, slots=True)
class ModuleJob:
    """One module to lint: its files' bytes (or read errors) and which files to report."""

    directory: str
    contents: tuple[tuple[str, bytes | SourceError], ...]
    reported: frozenset[str]


@dataclass(frozen=True, slots=True)
class ModuleResult:
    """What linting one module produced."""

    findings: tuple[Finding, ...]
    resources: int
    named: tuple[NamedResource, ...]


def display_path(path: str, cwd: str) -> str:
    """A path as we print it: relative to the working directory when inside it, POSIX style."""
    relative = os.path.relpath(path, cwd)
    shown = path if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative
    return shown.replace(os.sep, "/")


def lint_paths(paths: Sequence[str], options: LintOptions | None = None) -> Report:
    """Lint files and directories; the main entry point of the library."""
    options = options or LintOptions()
    try:
        discovery = discover(
            paths or ["."], respect_gitignore=options.respect_gitignore, cwd=options.cwd
        )
    except PathNotFoundError as error:
        raise UsageError(str(error)) from None
    var_file_values = _read_var_files(options.var_files, options.cwd)
    findings: list[Finding] = []
    jobs: list[ModuleJob] = []
    files = 0
    for module in discovery.modules:
        files += len(module.reported)
        job = _read_module(module)
        if any(_mentions_euno(path, content) for path, content in job.contents):
            jobs.append(job)
        else:
            findings.extend(_lint_unparsed(job, options))
    results = list(_run_jobs(jobs, options, var_file_values))
    for result in results:
        findings.extend(result.findings)
    findings.extend(_run_wide(results, options))
    for directory, reason in discovery.unreadable_dirs:
        findings.append(
            _file_problem(options, directory, SourceError(f"cannot read directory: {reason}"))
        )
    ordered = tuple(sorted(findings, key=lambda f: f.sort_key))
    return Report(ordered, files, sum(r.resources for r in results))


def _read_var_files(paths: Sequence[str], cwd: str) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for path in paths:
        loaded = load_var_file(os.path.join(cwd, path))
        if isinstance(loaded, SourceError):
            where = (
                f"{path}:{loaded.line}:{loaded.column}"
                if loaded.line > 1 or loaded.column > 1
                else path
            )
            raise UsageError(f"cannot use --var-file {where}: {loaded.message}")
        values.update(loaded)
    return values


def _read_module(module: ModuleFiles) -> ModuleJob:
    return ModuleJob(
        module.directory, tuple((path, read_bytes(path)) for path in module.files), module.reported
    )


def _mentions_euno(path: str, content: bytes | SourceError) -> bool:
    return path.endswith(".tf") and mentions_euno(content)


def _run_jobs(
    jobs: Sequence[ModuleJob], options: LintOptions, var_file_values: Mapping[str, Value]
) -> Iterator[ModuleResult]:
    for job in jobs:
        yield lint_module(job, options.rules, var_file_values, options.cwd)


def lint_module(
    job: ModuleJob, rules: RuleSet, var_file_values: Mapping[str, Value], cwd: str
) -> ModuleResult:
    """Lint one module: parse what matters, validate resources, run every rule."""
    contents = dict(job.contents)
    loaded = load_module(job.directory, contents, var_file_values)
    texts = dict(loaded.texts) if loaded else {}
    context = loaded.context if loaded else ModuleContext(job.directory)
    resources = tuple(
        Resource(
            f"{RESOURCE_TYPE}.{block.labels[1]}",
            block,
            path,
            validate(block, context.evaluate),
            context,
        )
        for path, block in (loaded.resources if loaded else [])
    )
    module = Module(
        context,
        resources,
        tuple(loaded.imports if loaded else ()),
        tuple(loaded.files if loaded else ()),
    )
    stamper = _Stamper(rules, cwd, texts, Redactor(module_secrets(module, texts)))

    found: list[Finding] = []
    problems: dict[str, SourceError] = {
        p: c for p, c in contents.items() if isinstance(c, SourceError)
    }
    problems.update(loaded.errors if loaded else {})
    for path, problem in sorted(problems.items()):
        found.append(stamper.file_problem(path, problem))
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
    named = tuple(
        _named(resource, cwd) for resource in resources if isinstance(resource.model.name, str)
    )
    return ModuleResult(
        tuple(f for f in found if f.path in stamper.reported_paths(job.reported)),
        len(resources),
        tuple(n for n in named if n.file in stamper.reported_paths(job.reported)),
    )


def _text_findings(
    stamper: _Stamper,
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


def _lint_unparsed(job: ModuleJob, options: LintOptions) -> Iterator[Finding]:
    """A module without euno resources: only unreadable files and text rules concern us."""
    texts: dict[str, str] = {}
    stamper = _Stamper(options.rules, options.cwd, texts, Redactor())
    for path, content in job.contents:
        if path not in job.reported:
            continue
        if isinstance(content, SourceError):
            yield stamper.file_problem(path, content)
        else:
            yield from _text_findings(stamper, options.rules, path, content, texts)


def _file_problem(options: LintOptions, path: str, problem: SourceError) -> Finding:
    return _Stamper(options.rules, options.cwd, {}, Redactor()).file_problem(path, problem)


def _named(resource: Resource, cwd: str) -> NamedResource:
    name_attribute = resource.attribute("name")
    span = name_attribute.span if name_attribute else resource.block.header
    assert isinstance(resource.model.name, str)
    return NamedResource(
        display_path(resource.file, cwd),
        span.line,
        span.column,
        span.end_line,
        span.end_column,
        resource.address,
        resource.model.name,
    )


def _run_wide(results: Iterable[ModuleResult], options: LintOptions) -> Iterator[Finding]:
    named = sorted((n for r in results for n in r.named), key=lambda n: (n.file, n.line, n.column))
    for rule in options.rules.of_kind(RunRule):
        for resource, violation in rule.check(named):
            yield Finding(
                resource.file,
                resource.line,
                resource.column,
                resource.end_line,
                resource.end_column,
                rule.code,
                rule.name,
                options.rules.severity_of(rule),
                violation.message,
                resource.address,
                violation.identity,
            )


class _Stamper:
    """Turns violations into findings: location, code, severity, excerpt, redaction."""

    def __init__(
        self,
        rules: RuleSet,
        cwd: str,
        texts: Mapping[str, str],
        redact: Redactor,
    ) -> None:
        self.rules = rules
        self.cwd = cwd
        self.texts = texts
        self.redact = redact
        self._lines: dict[str, list[str]] = {}
        self._reported: dict[frozenset[str], frozenset[str]] = {}

    def reported_paths(self, reported: frozenset[str]) -> frozenset[str]:
        if reported not in self._reported:
            self._reported[reported] = frozenset(display_path(p, self.cwd) for p in reported)
        return self._reported[reported]

    def finding(
        self, rule: Rule, violation: Violation, default_file: str, resource: Resource | None = None
    ) -> Finding:
        if isinstance(violation.at, Place):
            file = violation.at.file or default_file
            span = violation.at.span
        else:
            assert resource is not None, f"{rule.code} gave a path without a resource"
            file, span = resource.file, resource.span_of(violation.at)
        return Finding(
            path=display_path(file, self.cwd),
            line=span.line,
            column=span.column,
            end_line=span.end_line,
            end_column=span.end_column,
            code=rule.code,
            name=rule.name,
            severity=self.rules.severity_of(rule),
            message=self.redact(violation.message),
            resource=resource.address if resource is not None else None,
            subject=violation.identity,
            excerpt=self._excerpt(file, span.line, masked=False),
        )

    def file_problem(self, path: str, problem: SourceError) -> Finding:
        end_column = problem.column + 1
        finding = Finding(
            path=display_path(path, self.cwd),
            line=problem.line,
            column=problem.column,
            end_line=problem.line,
            end_column=end_column,
            code=ParseError.code,
            name=ParseError.name,
            severity=self.rules.severity_of(ParseError),
            message=problem.message,
            excerpt=self._excerpt(path, problem.line, masked=True),
        )
        return finding

    def _excerpt(self, file: str, line: int, *, masked: bool) -> str | None:
        if file not in self._lines:
            text = self.texts.get(file)
            if text is None:
                return None
            self._lines[file] = text.split("\n")
        lines = self._lines[file]
        if not 1 <= line <= len(lines):
            return None
        shown = lines[line - 1]
        return self.redact(mask_strings(shown) if masked else shown)
