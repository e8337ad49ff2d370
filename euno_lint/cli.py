"""The command line: options, wiring and exit codes; nothing else.

Exit codes: 0 when no finding reaches the ``--fail-on`` threshold, 1 when one does, 2 when
euno-lint could not run (bad usage, an unusable configuration or input, an internal error),
with one line on stderr and no traceback unless ``--debug``. The options of settings are built
from their declaration (`euno_lint.config.Settings`); the others belong to the invocation.

Never silently green: a given path under which no Terraform file was linted, and a given file
that is not one, is a warning on stderr ("no Terraform files"), or exit 2 with
``--require-files``; a file that is not Terraform is not linted and not counted.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import traceback
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TextIO

import annotated_types
import click
from pydantic.fields import FieldInfo

from euno_lint import __version__
from euno_lint.config import Flag, Settings, command_line_settings
from euno_lint.findings import Severity
from euno_lint.reporters import REPORTERS, RenderOptions

if TYPE_CHECKING:
    from euno_lint.engine import DirectorySettings
    from euno_lint.findings import Report
    from euno_lint.terraform.source import SourceError

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

_FAIL_ON = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "note": Severity.NOTE,
    "never": None,
}
STDIN = "-"
TERRAFORM_SUFFIXES = ".tf, .tf.json, .tfvars or .tfvars.json"
# Formats without room for --statistics: the table goes to stderr instead.
_STATISTICS_ON_STDERR = ("sarif", "junit")
_ACTION = "euno-lint.action"


class _RunError(Exception):
    """euno-lint cannot run; the message is the one line the user sees."""


class _Invocation(NamedTuple):
    """The options that belong to this invocation, not to the settings."""

    paths: tuple[str, ...]
    output_format: str
    output: str | None
    no_source: bool
    config: str | None
    isolated: bool
    exit_zero: bool
    show_settings: bool
    baseline: str | None
    write_baseline: str | None
    sarif_category: str | None
    plan: str | None
    debug: bool
    color: str = "auto"
    statistics: bool = False
    stdin_filename: str | None = None
    require_files: bool = False
    fix: bool = False
    diff: bool = False
    unsafe_fixes: bool = False


def _eager(action: str) -> Callable[[click.Context, click.Parameter, object], None]:
    """Remember --list-rules or --explain; `command` does it once every option is known
    (--color may come after them)."""

    def callback(ctx: click.Context, _param: click.Parameter, value: object) -> None:
        if value:
            ctx.meta.setdefault(_ACTION, (action, value))

    return callback


def _setting_option(name: str, flag: Flag) -> Callable[[Callable[..., int]], Callable[..., int]]:
    """The click option of a setting, derived from its declaration in `Settings`."""
    info = Settings.model_fields[name]
    annotation = info.annotation
    default = info.get_default(call_default_factory=True)
    text = (info.description or "").rstrip(".")
    if default not in (None, []):
        described = _describe_default(default)
        text = (
            f"{text[:-1]}; default: {described})"
            if text.endswith(")")
            else (f"{text} (default: {described})")
        )
    declarations = [flag.name]
    if annotation is bool:
        declarations = [f"{flag.name}/--no-{flag.name.removeprefix('--')}"]
    if flag.short:
        declarations.append(flag.short)
    kind: click.ParamType[Any] | None = None
    if typing.get_origin(annotation) is Literal:
        kind = click.Choice(list(typing.get_args(annotation)))
    elif _is(annotation, int):
        kind = click.IntRange(min=_lower_bound(info))
    elif _is(annotation, float):
        kind = click.FloatRange(min=_lower_bound(info))
    return click.option(
        *declarations,
        name,
        type=kind,
        multiple=_is(annotation, list),
        default=None,
        metavar=flag.metavar,
        help=text + ".",
    )


def _is(annotation: object, kind: type) -> bool:
    """Whether the annotation is `kind`, `kind | None`, or a generic of `kind` (list[str])."""
    union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    candidates = typing.get_args(annotation) if union else (annotation,)
    return any(c is kind or typing.get_origin(c) is kind for c in candidates)


def _lower_bound(info: FieldInfo) -> Any:
    return next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None)


def _describe_default(default: object) -> str:
    if isinstance(default, bool):
        return "yes" if default else "no"
    if isinstance(default, float):
        return f"{default:g}"
    return str(default)


def _setting_options(function: Callable[..., int]) -> Callable[..., int]:
    """An option for every setting that has a command-line flag, in declaration order."""
    for name, flag in reversed(list(command_line_settings())):
        function = _setting_option(name, flag)(function)
    return function


def _setting_values(arguments: Mapping[str, Any]) -> dict[str, Any]:
    """The settings given on the command line (None: not given), split at commas."""
    values: dict[str, Any] = {}
    for name, flag in command_line_settings():
        value = arguments[name]
        if value == ():
            value = None  # a repeatable option that was not given
        elif isinstance(value, tuple):
            parts = [p for v in value for p in (v.split(",") if flag.comma_separated else [v])]
            value = [p.strip() for p in parts if p.strip()]
        values[name] = value
    return values


@click.command(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    help="Lint Terraform configurations of the Euno provider (euno_* resources).\n\n"
    "PATHS are directories (walked recursively) and files; the default is the current "
    "directory.",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=str, readable=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(REPORTERS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("-o", "--output", metavar="FILE", help="Write the report to FILE instead of stdout.")
@click.option("--no-source", is_flag=True, help="Do not show source lines under findings.")
@click.option(
    "--statistics",
    is_flag=True,
    help="Also show how many findings each rule reported (count, code, name), most frequent "
    "first: after the findings in text and github, as summary.statistics in json, on stderr "
    "for sarif and junit.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text report (and --explain). auto: on a terminal or when FORCE_COLOR is "
    "set, not when NO_COLOR is set.",
)
@click.option("--config", metavar="FILE", help="Use this configuration file.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@_setting_options
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--require-files",
    is_flag=True,
    help="Exit 2 when a path holds no Terraform file or a given file is not one "
    f"({TERRAFORM_SUFFIXES}), instead of a warning.",
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="Lint what stdin holds as if it were the file NAME (the other files of its "
    "directory are read from disk); give - as the path, or no path.",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Apply safe fixes to the files in place, then report what remains (with - as the "
    "path: print the fixed buffer on stdout, the report on stderr or in --output).",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Print the fixes as a unified diff (patch -p1 from the project root applies it) "
    "instead of applying them; exit 1 when there would be changes.",
)
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --diff, also apply fixes that may change meaning (a guessed "
    "spelling, a valid cron rewritten).",
)
@click.option(
    "--baseline", metavar="FILE", help="Report only findings not recorded in this baseline."
)
@click.option(
    "--write-baseline", metavar="FILE", help="Record the current findings as a baseline and exit."
)
@click.option(
    "--plan",
    metavar="FILE",
    help="Lint a plan in JSON (terraform show -json PLANFILE > FILE): its instances and values, "
    "located in the configuration in PATHS when it is there, else in the plan.",
)
@click.option(
    "--sarif-category",
    metavar="NAME",
    help="Set SARIF automationDetails.id (otherwise upload-sarif's category input applies).",
)
@click.option(
    "--show-settings", is_flag=True, help="Print the effective settings and where each came from."
)
@click.option(
    "--list-rules",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_eager("list"),
    help="List every rule (code, name, severity, summary) and exit.",
)
@click.option(
    "--explain",
    metavar="RULE",
    is_eager=True,
    expose_value=False,
    callback=_eager("explain"),
    help="Print the reference page of a rule (code or name) and exit.",
)
@click.option(
    "--lsp",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_eager("lsp"),
    help="Run the language server (LSP over stdin and stdout; needs euno-lint[lsp]).",
)
@click.option("--debug", is_flag=True, help="Show a traceback when euno-lint fails.")
@click.version_option(
    __version__, "--version", prog_name="euno-lint", message="%(prog)s %(version)s"
)
def command(**arguments: Any) -> int:
    action = click.get_current_context().meta.get(_ACTION)
    if action is not None:
        kind, value = action
        if kind == "list":
            _list_rules()
        elif kind == "lsp":
            _language_server()
        else:
            _explain(value, arguments["color"])
        return EXIT_CLEAN
    settings = _setting_values(arguments)
    invocation = _Invocation(**{k: v for k, v in arguments.items() if k not in settings})
    return _run(invocation, settings)


def _start_directory(paths: Sequence[str], cwd: str) -> str:
    """Where the configuration of a run is looked for: the directory of the first path."""
    for path in paths:
        if path == "-":
            continue
        full = os.path.normpath(os.path.join(cwd, path))
        return full if os.path.isdir(full) else os.path.dirname(full)
    return cwd


def _run(invocation: _Invocation, given: Mapping[str, Any]) -> int:
    from euno_lint.config import ConfigError, command_line, resolve, rule_set, show
    from euno_lint.engine import LintOptions, UsageError, baseline, lint_paths
    from euno_lint.terraform.discover import repository_root

    cwd = os.getcwd()
    paths = _paths(invocation)
    name = invocation.stdin_filename
    if name is not None and os.path.isdir(os.path.join(cwd, name)):
        # Linting the directory instead would report other files for the buffer.
        raise _RunError(
            f"--stdin-filename {name}: is a directory; name the file the buffer on stdin is "
            f"({os.path.join(name, 'main.tf')}, say)"
        )
    # The configuration and the project root come from the linted files, not from where
    # euno-lint runs: a tree is linted the same way from anywhere.
    start = _start_directory(paths, cwd)
    try:
        resolved = resolve(
            cwd,
            command_line(given),
            config=invocation.config,
            isolated=invocation.isolated,
            start=start,
        )
        settings = resolved.settings
    except ConfigError as error:
        raise _RunError(str(error)) from None
    if invocation.show_settings:
        _write(show(resolved, rule_set(settings)), invocation.output)
        return EXIT_CLEAN
    _check_fix_options(invocation)
    linted, problems = _terraform_paths(paths, cwd, invocation.stdin_filename)
    _check_required(problems, invocation)
    sources = _read_stdin(linted[0], cwd) if invocation.stdin_filename and linted else {}
    # One base for fingerprints, baselines, SARIF and GitHub paths: the linted tree's.
    root = repository_root(start) or repository_root(cwd) or cwd
    options = LintOptions(
        settings,
        cwd=cwd,
        root=root,
        bases=resolved.bases,
        plan=invocation.plan,
        sources=sources,
        configuration=None
        if invocation.config or invocation.isolated
        else _nested_configurations(cwd, command_line(given), start),
    )
    fixed: bytes | None = None
    try:
        if linted:
            report = lint_paths(linted, options)
        else:  # only files that are not Terraform were given: nothing to lint, nor to count
            rules = rule_set(settings)
            report = _empty_report(tuple(r.code for r in rules.rules), rules.severities)
        if invocation.plan is None or invocation.paths:  # a plan alone needs no configuration
            problems += _empty_directories(linted, report, cwd)
        _check_required(problems, invocation)
        for problem in problems:
            _warn(problem)
        if invocation.write_baseline:
            count = baseline.write(invocation.write_baseline, report, __version__, root, cwd)
            click.echo(
                f"wrote {count} finding{'s' if count != 1 else ''} to {invocation.write_baseline}"
            )
            return EXIT_CLEAN
        known = baseline.load(invocation.baseline) if invocation.baseline else None
        if known is not None:
            report = baseline.apply(report, known)
        if (invocation.fix or invocation.diff) and linted:

            def relint(changed: Mapping[str, bytes]) -> Report:
                again = dataclasses.replace(options, sources={**sources, **changed})
                found = lint_paths(linted, again)
                return baseline.apply(found, known) if known is not None else found

            report, fixed = _fix(report, relint, invocation, linted, cwd, root, sources)
            if invocation.diff:
                return _exit_after_diff(report, fixed, invocation)
    except (UsageError, baseline.BaselineError, ConfigError) as error:
        raise _RunError(str(error)) from None
    if fixed is not None and invocation.stdin_filename:
        # stdout holds the fixed buffer: the report goes to --output, or to stderr.
        _write_bytes(fixed)
        if invocation.output is None:
            sys.stderr.write(REPORTERS[invocation.output_format](report, _plain(cwd, root)))
            return _exit_code(report, invocation, settings)
    output_format = invocation.output_format
    to_stdout = invocation.output is None
    render_options = RenderOptions(
        color=output_format == "text"
        and (invocation.color == "always" or (to_stdout and _wants_color(invocation.color))),
        show_source=not invocation.no_source,
        version=__version__,
        cwd=cwd,
        root=root,
        sarif_category=invocation.sarif_category,
        statistics=invocation.statistics,
    )
    if output_format == "sarif":
        from euno_lint.reporters.sarif import render_checked

        text, limits = render_checked(report, render_options)
        _write(text, invocation.output)  # written anyway: the limits are GitHub's, not SARIF's
        for limit in limits:
            _warn(f"{invocation.output or 'stdout'}: {limit}")
    else:
        _write(REPORTERS[output_format](report, render_options), invocation.output)
    if invocation.statistics and output_format in _STATISTICS_ON_STDERR:
        from euno_lint.reporters.text import statistics

        sys.stderr.writelines(line + "\n" for line in statistics(report))
    if invocation.output is not None:
        from euno_lint.reporters import printable
        from euno_lint.reporters.text import summary

        # The report went to a file: the log (a CI job's, say) still says what was found.
        where = printable(invocation.output)
        sys.stderr.write(
            f"euno-lint: {summary(report)}; {invocation.output_format} report: {where}\n"
        )
    return _exit_code(report, invocation, settings)


def _exit_code(report: Report, invocation: _Invocation, settings: Settings) -> int:
    if invocation.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if report.fails(_FAIL_ON[settings.fail_on]) else EXIT_CLEAN


def _plain(cwd: str, root: str) -> RenderOptions:
    return RenderOptions(color=False, show_source=True, version=__version__, cwd=cwd, root=root)


def _check_fix_options(invocation: _Invocation) -> None:
    """--fix, --diff and --unsafe-fixes go together only in ways that mean something."""
    fixing = invocation.fix or invocation.diff
    if invocation.unsafe_fixes and not fixing:
        raise click.UsageError("--unsafe-fixes needs --fix or --diff")
    if not fixing:
        return
    option = "--diff" if invocation.diff else "--fix"
    if invocation.write_baseline:
        raise click.UsageError(f"{option} and --write-baseline do not go together")
    if invocation.plan:
        raise click.UsageError(f"{option} fixes configuration files: --plan does not apply")
    if invocation.diff and (invocation.output_format != "text" or invocation.output):
        raise click.UsageError("--diff prints a diff on stdout: --format and --output do not apply")


def _fix(
    report: Report,
    relint: Callable[[Mapping[str, bytes]], Report],
    invocation: _Invocation,
    linted: Sequence[str],
    cwd: str,
    root: str,
    sources: Mapping[str, bytes | SourceError],
) -> tuple[Report, bytes | None]:
    """Fix in rounds (see `euno_lint.engine.fix`): the report of what remains, counting the
    fixes applied, and with stdin the fixed buffer. Files are written only with --fix."""
    from euno_lint.engine.fix import MAX_ROUNDS, Fixer, fix_rounds

    virtual = {p: c for p, c in sources.items() if isinstance(c, bytes)}
    trees = [os.path.normpath(os.path.join(cwd, p)) for p in linted if not virtual]
    fixer = Fixer(trees, cwd, virtual)
    report, stopped = fix_rounds(report, relint, fixer, unsafe=invocation.unsafe_fixes)
    if stopped:
        _warn(f"stopped after {MAX_ROUNDS} rounds of fixes: some fixes were not applied")
    for problem in sorted(set(fixer.problems.values())):
        _warn(problem)
    if invocation.diff:
        return dataclasses.replace(report, fixed=len(fixer.applied)), fixer.diff(root)
    written = fixer.write()
    for problem in written.problems:
        _warn(problem)
    if written.problems:  # what is on disk is not what was linted last: lint it again
        report = relint({p: d for p, d in fixer.changed().items() if p in virtual})
    count = fixer.fixes_in([*written.files, *virtual])
    buffer = None
    for path, content in virtual.items():
        buffer = fixer.current.get(path, content)
    return dataclasses.replace(report, fixed=count), buffer


def _exit_after_diff(report: Report, diff: bytes | None, invocation: _Invocation) -> int:
    """Print the diff; a line on stderr says how many fixes it holds and what remains."""
    from euno_lint.reporters.text import summary

    _write_bytes(diff or b"")
    count = report.fixed
    remaining = len(report.active())
    sys.stderr.write(
        f"euno-lint: would apply {count} fix{'es' if count != 1 else ''}; "
        f"{remaining} finding{'s' if remaining != 1 else ''} would remain "
        f"({summary(dataclasses.replace(report, fixed=0))})\n"
    )
    if invocation.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if diff else EXIT_CLEAN


def _paths(invocation: _Invocation) -> list[str]:
    """The paths to lint (the current directory when none is given); ``-`` (stdin) becomes
    its --stdin-filename."""
    paths = list(invocation.paths)
    name = invocation.stdin_filename
    if STDIN not in paths and name is None:
        return paths or ["."]
    if name is None:
        raise click.UsageError("- reads a file from stdin: name it with --stdin-filename NAME")
    if paths not in ([], [STDIN]):
        raise click.UsageError(
            "--stdin-filename lints stdin alone: give - as the only path (or no path)"
        )
    if not name.strip() or name == STDIN:
        raise click.UsageError("--stdin-filename needs a file name (main.tf, infra/main.tf)")
    return [name]


def _terraform_paths(
    paths: Sequence[str], cwd: str, stdin_name: str | None
) -> tuple[list[str], list[str]]:
    """The paths to lint, and why the others are not: a given file (or stdin's name) that is
    not a Terraform file. A path that does not exist is left for the engine to report."""
    from euno_lint.terraform.discover import file_kind

    linted: list[str] = []
    problems: list[str] = []
    for path in paths:
        full = os.path.join(cwd, path)
        is_file = path == stdin_name or (os.path.lexists(full) and not os.path.isdir(full))
        if is_file and file_kind(os.path.basename(os.path.normpath(full))) is None:
            problems.append(f"no Terraform files in {path}: not a {TERRAFORM_SUFFIXES} file")
        else:
            linted.append(path)
    return linted, problems


def _empty_directories(paths: Sequence[str], report: Report, cwd: str) -> list[str]:
    """A line for each given directory under which nothing was linted or found unreadable."""
    from euno_lint.paths import absolute, relative_inside

    directories = [
        (path, os.path.normpath(os.path.join(cwd, path)))
        for path in paths
        if os.path.isdir(os.path.join(cwd, path))
    ]
    if not directories:
        return []
    seen = (*report.paths, *(f.path for f in report.findings))  # shown paths
    return [
        f"no Terraform files in {path}"
        for path, full in directories
        if not any(relative_inside(absolute(found, cwd), full) is not None for found in seen)
    ]


def _check_required(problems: Sequence[str], invocation: _Invocation) -> None:
    if problems and invocation.require_files:
        raise _RunError("; ".join(problems) + " (--require-files)")


def _empty_report(enabled: tuple[str, ...], severities: Mapping[str, Severity]) -> Report:
    from euno_lint.findings import Report

    return Report((), 0, 0, enabled=enabled, severities=dict(severities))


def _read_stdin(name: str, cwd: str) -> dict[str, bytes | SourceError]:
    """The buffer on stdin, as the content of the file `name`: bounded like a file on disk
    (a larger one is the same EUNO001)."""
    from euno_lint.terraform.source import MAX_FILE_BYTES, in_memory

    if sys.stdin is None:
        raise _RunError("--stdin-filename: there is no stdin to read")
    binary = getattr(sys.stdin, "buffer", None)  # a replaced sys.stdin may be text only
    try:
        data = (
            binary.read(MAX_FILE_BYTES + 1)
            if binary is not None
            else sys.stdin.read(MAX_FILE_BYTES + 1).encode("utf-8", "surrogateescape")
        )
    except OSError as error:
        raise _RunError(f"cannot read stdin: {error.strerror or error}") from None
    return {os.path.normpath(os.path.join(cwd, name)): in_memory(data)}


def _nested_configurations(
    cwd: str, cli_layer: Settings, start: str
) -> Callable[[str], DirectorySettings | None]:
    """The configuration of each linted directory, when it is not the run's: the nearest
    configuration file above it, under the command line (like ruff's hierarchical
    configuration)."""
    from euno_lint.config import NearestConfig, resolve
    from euno_lint.engine import DirectorySettings

    nearest = NearestConfig()
    run_config = nearest.above(start)
    resolved: dict[str, DirectorySettings] = {}

    def configuration(directory: str) -> DirectorySettings | None:
        path = nearest.above(directory)
        if path is None or path == run_config:
            return None
        if path not in resolved:
            layers = resolve(cwd, cli_layer, config=path)
            resolved[path] = DirectorySettings(path, layers.settings, layers.bases)
        return resolved[path]

    return configuration


def _list_rules() -> None:
    from euno_lint.rules import ALL_RULES

    rows = [(r.code, r.name, str(r.severity), r.summary) for r in ALL_RULES]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for code, name, severity, summary in rows:
        line = f"{code:<{widths[0]}}  {name:<{widths[1]}}  {severity:<{widths[2]}}  {summary}"
        click.echo(line)


def _language_server() -> None:
    from euno_lint import lsp

    if not lsp.available():
        raise _RunError(f"--lsp needs pygls: {lsp.INSTALL_HINT}")
    from euno_lint.lsp.server import serve

    serve()


def _explain(wanted: object, color: str) -> None:
    from euno_lint.engine.examples import lint_example
    from euno_lint.rules import ALL_RULES, find_rule
    from euno_lint.rules.reference import page
    from euno_lint.suggest import did_you_mean

    rule = find_rule(str(wanted))
    if rule is None:
        names = [r.code for r in ALL_RULES] + [r.name for r in ALL_RULES]
        raise _RunError(f'unknown rule "{wanted}"{did_you_mean(str(wanted), names)}')
    markdown = page(rule, example_output=lint_example(rule.example))
    if _wants_color(color):
        from rich.console import Console
        from rich.markdown import Markdown

        # Decided here (--color, NO_COLOR, FORCE_COLOR): rich must not second-guess it.
        Console(force_terminal=True, no_color=False).print(Markdown(markdown))
    else:
        click.echo(markdown, nl=False)


def _wants_color(choice: str, stream: TextIO | None = None) -> bool:
    """Whether to colour what goes to `stream` (stdout): --color always or never decides;
    auto: never with NO_COLOR, always with FORCE_COLOR (any value but empty, as
    no-color.org and force-color.org say), else on a terminal that is not dumb."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = stream or sys.stdout
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def _warn(message: str) -> None:
    from euno_lint.reporters import printable
    from euno_lint.rules.tokens import scrub

    sys.stderr.write(f"euno-lint: warning: {printable(scrub(message))}\n")


def _write_bytes(data: bytes) -> None:
    """Bytes on stdout as they are (a diff or a fixed buffer keeps its encoding and CRs)."""
    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)  # a replaced sys.stdout may be text only
    if binary is not None:
        binary.write(data)
    else:
        sys.stdout.write(data.decode("utf-8", "surrogateescape"))
    sys.stdout.flush()


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from euno_lint.engine.output import WriteError, write_text

    try:
        write_text(output, text)
    except WriteError as error:
        raise _RunError(str(error)) from None


def main(argv: Sequence[str] | None = None) -> None:
    """Run euno-lint and exit with its exit code."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        code = command.main(args=argv, prog_name="euno-lint", standalone_mode=False)
    except click.UsageError as error:
        _fail(f"{error.format_message()} (see euno-lint --help)")
    except click.ClickException as error:
        _fail(error.format_message())
    except _RunError as error:
        _fail(str(error))
    except click.Abort:
        _fail("interrupted")
    except KeyboardInterrupt:
        sys.stderr.write("euno-lint: interrupted\n")
        raise SystemExit(130) from None
    except BrokenPipeError:
        raise SystemExit(EXIT_ERROR) from None
    except SystemExit:
        raise
    except BaseException as error:  # the last line of defence: exit 2, not a traceback wall
        # Exception, and BaseExceptions that are not ours to let through: a CPU limit's
        # CpuTimeExceeded that escaped its block must not exit 1 ("findings") with a traceback.
        if debug:
            sys.stderr.write(_debug_traceback(error))
        _fail(f"internal error ({type(error).__name__}); run with --debug for details")
    raise SystemExit(code if isinstance(code, int) else EXIT_CLEAN)


def _debug_traceback(error: BaseException) -> str:
    """Where euno-lint failed, without exception messages: they may quote the user's files."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    lines: list[str] = []
    for exception in reversed(chain):
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_tb(exception.__traceback__))
        kind = type(exception)
        lines.append(
            f"{kind.__module__}.{kind.__qualname__} (message withheld: it may quote files)\n"
        )
    return "".join(lines)


def _fail(message: str) -> None:
    from euno_lint.reporters import printable
    from euno_lint.rules.tokens import scrub

    # Messages can quote configuration values and paths, which the repository provides.
    sys.stderr.write(f"euno-lint: error: {printable(scrub(message))}\n")
    raise SystemExit(EXIT_ERROR)
