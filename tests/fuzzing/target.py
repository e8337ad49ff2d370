"""The fuzz target: write a case into a directory, lint it in-process, render every format.

`run_case` raises whatever escapes euno-lint, `InvariantError` when an output is malformed or
cannot be written as UTF-8, and `LintTimeout` (a BaseException, so that no ``except Exception``
inside euno-lint can swallow it) when `time_limit` expires. `crash_key` names a failure by
exception type and the innermost place in euno_lint it went through, for de-duplication.
"""

from __future__ import annotations

import json
import shutil
import signal
import threading
import traceback
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import euno_lint
from euno_lint import reporters
from euno_lint.config import Settings
from euno_lint.engine import LintOptions, UsageError, lint_paths
from euno_lint.findings import Report
from euno_lint.reporters import RenderOptions
from tests.fuzzing.mutations import Case, safe_name

PACKAGE_DIR = Path(euno_lint.__file__).resolve().parent


class LintTimeout(BaseException):
    """The run took longer than its time limit (a hang)."""


class InvariantError(AssertionError):
    """A reporter produced output that does not parse as its format requires."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `LintTimeout` in the block when it runs longer than seconds (main thread only)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise LintTimeout(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def write_case(case: Case, directory: Path) -> None:
    """Make directory hold exactly the case's files."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    for name, content in case.files.items():
        if safe_name(name) is None:
            continue
        path = directory / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        except OSError:  # "sub" is a file and "sub/main.tf" is wanted too: keep the first
            continue


@dataclass(frozen=True)
class Outcome:
    """What one run produced: the report and each format's output."""

    report: Report | None
    outputs: dict[str, str]


def run_case(case: Case, directory: Path) -> Outcome:
    """Write the case, lint it the way the case says, render it in every format, check them."""
    write_case(case, directory)
    target = directory / case.target if case.target else directory
    if not target.is_file():
        target = directory
    var_files = (case.var_file,) if case.var_file else ()
    options = LintOptions(Settings(var_files=list(var_files)), cwd=str(directory))
    try:
        report = lint_paths([str(target)], options)
    except UsageError:
        if var_files:  # an unusable --var-file is a documented usage error
            return Outcome(None, {})
        raise
    return Outcome(report, render_all(report, case.color, case.show_source))


def render_all(report: Report, color: bool = False, show_source: bool = True) -> dict[str, str]:
    """Every registered format's output for the report, each checked against its format."""
    options = RenderOptions(color=color, show_source=show_source, version=euno_lint.__version__)
    outputs: dict[str, str] = {}
    for name, render in reporters.REPORTERS.items():
        output = render(report, options)
        if not isinstance(output, str):
            raise InvariantError(f"{name} reporter returned {type(output).__name__}, not str")
        outputs[name] = output
    # The CLI writes the output as UTF-8: a lone surrogate (from a "\uD800" escape) cannot be.
    unwritable = [name for name, output in outputs.items() if not _encodes(output)]
    if unwritable:
        raise InvariantError(f"output is not encodable as UTF-8: {', '.join(unwritable)}")
    for name, output in outputs.items():
        check_output(name, output)
    return outputs


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_output(name: str, output: str) -> None:
    """Raise `InvariantError` when a machine-readable format does not parse."""
    if name in ("json", "sarif"):
        try:
            document = json.loads(output)
        except ValueError as error:
            raise InvariantError(f"{name} output is not JSON: {error}") from None
        if not isinstance(document, dict):
            raise InvariantError(f"{name} output is not a JSON object")
        if name == "json" and not {"version", "findings", "summary"} <= document.keys():
            raise InvariantError(f"json output lacks keys: {sorted(document)}")
        if name == "sarif" and document.get("version") != "2.1.0":
            raise InvariantError(f"sarif version is {document.get('version')!r}")
    elif name == "junit":
        try:
            ElementTree.fromstring(output)
        except ElementTree.ParseError as error:
            raise InvariantError(f"junit output is not XML: {error}") from None


def crash_key(error: BaseException) -> str:
    """Exception type and innermost euno_lint frame ("Type@module.py:line:function")."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if _in_package(f.filename)]
    kind = type(error).__name__
    if isinstance(error, InvariantError):
        return f"{kind}@{str(error).split(':')[0]}"
    if not ours:
        frame = frames[-1] if frames else None
        return f"{kind}@{Path(frame.filename).name}:{frame.lineno}" if frame else kind
    frame = ours[-1]
    where = Path(frame.filename).resolve().relative_to(PACKAGE_DIR).as_posix()
    if isinstance(error, LintTimeout):  # where a hang is interrupted varies by line
        return f"{kind}@{where}:{frame.name}"
    return f"{kind}@{where}:{frame.lineno}:{frame.name}"


def _in_package(filename: str) -> bool:
    try:
        Path(filename).resolve().relative_to(PACKAGE_DIR)
    except ValueError:
        return False
    return True
