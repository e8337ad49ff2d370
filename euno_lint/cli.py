"""The command line: options, wiring and exit codes; nothing else.

Exit codes: 0 when no finding reaches the ``--fail-on`` threshold, 1 when one does, 2 when
euno-lint could not run (bad usage, an unusable configuration or input, an internal error),
with one line on stderr and no traceback unless ``--debug``. The options of settings are built
from their declaration (`euno_lint.config.Settings`); the others belong to the invocation.
"""

from __future__ import annotations

import os
import sys
import traceback
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, NamedTuple

import annotated_types
import click
from pydantic.fields import FieldInfo

from euno_lint import __version__
from euno_lint.config import Flag, Settings, command_line_settings
from euno_lint.findings import Severity
from euno_lint.reporters import REPORTERS, RenderOptions

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

_FAIL_ON = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "note": Severity.NOTE,
    "never": None,
}


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


def _eager(action: str) -> Callable[[click.Context, click.Parameter, object], None]:
    def callback(ctx: click.Context, _param: click.Parameter, value: object) -> None:
        if value:
            (_list_rules if action == "list" else _explain)(ctx, value)

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
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
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
@click.option("--config", metavar="FILE", help="Use this configuration file.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@_setting_options
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
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
@click.option("--debug", is_flag=True, help="Show a traceback when euno-lint fails.")
@click.version_option(
    __version__, "--version", prog_name="euno-lint", message="%(prog)s %(version)s"
)
def command(**arguments: Any) -> int:
    settings = _setting_values(arguments)
    invocation = _Invocation(**{k: v for k, v in arguments.items() if k not in settings})
    return _run(invocation, settings)


def _run(invocation: _Invocation, given: Mapping[str, Any]) -> int:
    from euno_lint.config import ConfigError, command_line, resolve, rule_set, show
    from euno_lint.engine import LintOptions, UsageError, baseline, lint_paths
    from euno_lint.terraform.discover import repository_root

    cwd = os.getcwd()
    try:
        resolved = resolve(
            cwd, command_line(given), config=invocation.config, isolated=invocation.isolated
        )
        settings = resolved.settings
    except ConfigError as error:
        raise _RunError(str(error)) from None
    if invocation.show_settings:
        _write(show(resolved, rule_set(settings)), invocation.output)
        return EXIT_CLEAN
    root = repository_root(cwd) or cwd  # one base for fingerprints, baselines, SARIF, GitHub
    options = LintOptions(settings, cwd=cwd, root=root, bases=resolved.bases, plan=invocation.plan)
    try:
        report = lint_paths(list(invocation.paths), options)
        if invocation.write_baseline:
            count = baseline.write(invocation.write_baseline, report, __version__, root, cwd)
            click.echo(
                f"wrote {count} finding{'s' if count != 1 else ''} to {invocation.write_baseline}"
            )
            return EXIT_CLEAN
        if invocation.baseline:
            report = baseline.apply(report, baseline.load(invocation.baseline))
    except (UsageError, baseline.BaselineError) as error:
        raise _RunError(str(error)) from None
    render = REPORTERS[invocation.output_format]
    render_options = RenderOptions(
        color=invocation.output is None and invocation.output_format == "text" and _wants_color(),
        show_source=not invocation.no_source,
        version=__version__,
        cwd=cwd,
        root=root,
        sarif_category=invocation.sarif_category,
    )
    _write(render(report, render_options), invocation.output)
    if invocation.output is not None:
        from euno_lint.reporters import printable
        from euno_lint.reporters.text import summary

        # The report went to a file: the log (a CI job's, say) still says what was found.
        where = printable(invocation.output)
        sys.stderr.write(
            f"euno-lint: {summary(report)}; {invocation.output_format} report: {where}\n"
        )
    if invocation.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if report.fails(_FAIL_ON[settings.fail_on]) else EXIT_CLEAN


def _list_rules(ctx: click.Context, _value: object) -> None:
    from euno_lint.rules import ALL_RULES

    rows = [(r.code, r.name, str(r.severity), r.summary) for r in ALL_RULES]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for code, name, severity, summary in rows:
        line = f"{code:<{widths[0]}}  {name:<{widths[1]}}  {severity:<{widths[2]}}  {summary}"
        click.echo(line)
    ctx.exit(EXIT_CLEAN)


def _explain(ctx: click.Context, wanted: object) -> None:
    from euno_lint.engine.examples import lint_example
    from euno_lint.reference import page
    from euno_lint.rules import ALL_RULES, find_rule
    from euno_lint.suggest import did_you_mean

    rule = find_rule(str(wanted))
    if rule is None:
        names = [r.code for r in ALL_RULES] + [r.name for r in ALL_RULES]
        raise _RunError(f'unknown rule "{wanted}"{did_you_mean(str(wanted), names)}')
    markdown = page(rule, example_output=lint_example(rule.example))
    if _wants_color():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(markdown))
    else:
        click.echo(markdown, nl=False)
    ctx.exit(EXIT_CLEAN)


def _wants_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


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
