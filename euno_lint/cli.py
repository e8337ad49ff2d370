"""The command line: options, wiring and exit codes; nothing else.

Exit codes: 0 when no finding reaches the ``--fail-on`` threshold, 1 when one does, 2 when
euno-lint could not run (bad usage, an unusable configuration or input, an internal error),
with one line on stderr and no traceback unless ``--debug``.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import NamedTuple

import click

from euno_lint import __version__
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


def _split(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """Repeatable, comma-separated option values; None when the option was not given."""
    if not values:
        return None
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


class _Invocation(NamedTuple):
    paths: tuple[str, ...]
    output_format: str
    output: str | None
    no_source: bool
    config: str | None
    isolated: bool
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    fail_on: str | None
    exclude: tuple[str, ...]
    var_files: tuple[str, ...]
    respect_gitignore: bool | None
    jobs: int | None
    parse_timeout: float | None
    exit_zero: bool
    show_settings: bool
    baseline: str | None
    write_baseline: str | None
    sarif_category: str | None
    debug: bool


def _eager(action: str) -> Callable[[click.Context, click.Parameter, object], None]:
    def callback(ctx: click.Context, _param: click.Parameter, value: object) -> None:
        if value:
            (_list_rules if action == "list" else _explain)(ctx, value)

    return callback


@click.command(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    help="Lint Terraform configurations that use euno_hex_integration.\n\n"
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
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Run only these rules (codes, names, prefixes such as EUNO2; comma-separated).",
)
@click.option("--ignore", multiple=True, metavar="RULES", help="Do not run these rules.")
@click.option(
    "--fail-on",
    type=click.Choice(list(_FAIL_ON)),
    help="Exit 1 when a finding has this severity or a higher one (default: warning).",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--exclude",
    multiple=True,
    metavar="PATTERN",
    help="Do not lint paths matching this gitignore-style pattern.",
)
@click.option(
    "--var-file",
    "var_files",
    multiple=True,
    metavar="FILE",
    help="A tfvars file whose values apply to every module, after the auto-loaded ones.",
)
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=None,
    help="Skip files that .gitignore ignores (default: yes).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    metavar="N",
    help="Worker processes (default: the number of CPUs; 1 lints in-process).",
)
@click.option(
    "--parse-timeout",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Stop parsing a file after this long and report it (default 10; 0: no limit).",
)
@click.option(
    "--baseline", metavar="FILE", help="Report only findings not recorded in this baseline."
)
@click.option(
    "--write-baseline", metavar="FILE", help="Record the current findings as a baseline and exit."
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
def command(**arguments: object) -> int:
    return _run(_Invocation(**arguments))  # type: ignore[arg-type]


def _run(invocation: _Invocation) -> int:
    from euno_lint import baseline
    from euno_lint.config import CommandLine, ConfigError, resolve, rule_set, show
    from euno_lint.engine import LintOptions, UsageError, lint_paths
    from euno_lint.suppress import SuppressionPolicy

    cwd = os.getcwd()
    command_line = CommandLine(
        config=invocation.config,
        isolated=invocation.isolated,
        select=_split(invocation.select),
        ignore=_split(invocation.ignore),
        fail_on=invocation.fail_on,  # type: ignore[arg-type]
        exclude=invocation.exclude or None,
        var_files=invocation.var_files or None,
        respect_gitignore=invocation.respect_gitignore,
        jobs=invocation.jobs,
        parse_timeout=invocation.parse_timeout,
    )
    try:
        settings = resolve(cwd, command_line)
        rules = rule_set(settings)
    except ConfigError as error:
        raise _RunError(str(error)) from None
    if invocation.show_settings:
        _write(show(settings, rules), invocation.output)
        return EXIT_CLEAN
    root = _project_root(cwd)  # one base for fingerprints, baselines, SARIF and annotations
    options = LintOptions(
        rules=rules,
        var_files=settings.var_files,
        respect_gitignore=settings.respect_gitignore,
        exclude=settings.exclude,
        exclude_base=settings.exclude_base,
        suppressions=SuppressionPolicy(
            allowed=settings.allow_inline_suppressions,
            reason_required=settings.required_suppression_reason,
        ),
        jobs=settings.jobs or os.cpu_count() or 1,
        parse_timeout=settings.parse_timeout or None,
        cwd=cwd,
        root=root,
    )
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
        enabled_codes=tuple(rule.code for rule in rules.rules),
        severities=dict(rules.severities),
    )
    _write(render(report, render_options), invocation.output)
    if invocation.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if report.fails(_FAIL_ON[settings.fail_on]) else EXIT_CLEAN


def _project_root(cwd: str) -> str:
    from euno_lint.discover import repository_root

    return repository_root(cwd) or cwd


def _list_rules(ctx: click.Context, _value: object) -> None:
    from euno_lint.rules import ALL_RULES

    rows = [(r.code, r.name, str(r.severity), r.summary) for r in ALL_RULES]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for code, name, severity, summary in rows:
        line = f"{code:<{widths[0]}}  {name:<{widths[1]}}  {severity:<{widths[2]}}  {summary}"
        click.echo(line)
    ctx.exit(EXIT_CLEAN)


def _explain(ctx: click.Context, wanted: object) -> None:
    from euno_lint.docs import page
    from euno_lint.rules import ALL_RULES, find_rule
    from euno_lint.suggest import did_you_mean

    rule = find_rule(str(wanted))
    if rule is None:
        names = [r.code for r in ALL_RULES] + [r.name for r in ALL_RULES]
        raise _RunError(f'unknown rule "{wanted}"{did_you_mean(str(wanted), names)}')
    markdown = page(rule)
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
    try:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise _RunError(f"cannot write {output}: {error.strerror or error}") from None


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
    except Exception as error:  # the last line of defence: exit 2, not a traceback wall
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
    sys.stderr.write(f"euno-lint: error: {message}\n")
    raise SystemExit(EXIT_ERROR)
