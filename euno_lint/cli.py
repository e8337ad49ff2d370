"""The command line: options, wiring and exit codes; nothing else.

Exit codes: 0 when no finding reaches the ``--fail-on`` threshold, 1 when one does, 2 when
euno-lint could not run (bad usage, an unreadable input, an internal error), with one line on
stderr and no traceback unless ``--debug``.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence

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
@click.option(
    "--fail-on",
    type=click.Choice(list(_FAIL_ON)),
    default="warning",
    show_default=True,
    help="Exit 1 when a finding has this severity or a higher one.",
)
@click.option("--no-source", is_flag=True, help="Do not show source lines under findings.")
@click.option(
    "--var-file",
    "var_files",
    multiple=True,
    metavar="FILE",
    help="A tfvars file whose values apply to every module, after the auto-loaded ones.",
)
@click.option(
    "--list-rules",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=lambda ctx, _param, value: _list_rules(ctx) if value else None,
    help="List every rule (code, name, severity, summary) and exit.",
)
@click.option(
    "--explain",
    metavar="RULE",
    is_eager=True,
    expose_value=False,
    callback=lambda ctx, _param, value: _explain(ctx, value) if value else None,
    help="Print the reference page of a rule (code or name) and exit.",
)
@click.option("--debug", is_flag=True, help="Show a traceback when euno-lint fails.")
@click.version_option(
    __version__, "--version", prog_name="euno-lint", message="%(prog)s %(version)s"
)
def command(
    paths: tuple[str, ...],
    output_format: str,
    output: str | None,
    fail_on: str,
    no_source: bool,
    var_files: tuple[str, ...],
    debug: bool,
) -> int:
    from euno_lint.engine import LintOptions, UsageError, lint_paths

    try:
        report = lint_paths(list(paths), LintOptions(var_files=var_files))
    except UsageError as error:
        raise _RunError(str(error)) from None
    render = REPORTERS[output_format]
    options = RenderOptions(
        color=output is None and output_format == "text" and _wants_color(),
        show_source=not no_source,
        version=__version__,
    )
    _write(render(report, options), output)
    return EXIT_FINDINGS if report.fails(_FAIL_ON[fail_on]) else EXIT_CLEAN


def _list_rules(ctx: click.Context) -> None:
    from euno_lint.rules import ALL_RULES

    rows = [(r.code, r.name, str(r.severity), r.summary) for r in ALL_RULES]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for code, name, severity, summary in rows:
        line = f"{code:<{widths[0]}}  {name:<{widths[1]}}  {severity:<{widths[2]}}  {summary}"
        click.echo(line)
    ctx.exit(EXIT_CLEAN)


def _explain(ctx: click.Context, wanted: str) -> None:
    from euno_lint.docs import page
    from euno_lint.rules import ALL_RULES, find_rule
    from euno_lint.suggest import did_you_mean

    rule = find_rule(wanted)
    if rule is None:
        names = [r.code for r in ALL_RULES] + [r.name for r in ALL_RULES]
        raise _RunError(f'unknown rule "{wanted}"{did_you_mean(wanted, names)}')
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
    except Exception as error:
        if debug:
            from euno_lint.redact import Redactor

            sys.stderr.write(Redactor()("".join(traceback.format_exception(error))))
        _fail(f"internal error ({type(error).__name__}); run with --debug for details")
    raise SystemExit(code if isinstance(code, int) else EXIT_CLEAN)


def _fail(message: str) -> None:
    sys.stderr.write(f"euno-lint: error: {message}\n")
    raise SystemExit(EXIT_ERROR)
