"""The second security review (a hostile pull request against the action, the CLI and pre-commit):
one test, or a few, per problem it found, numbered as in the review.

Each test fails on the code the review examined: it builds the hostile tree or the hostile
timing, and checks what the review asked for.
"""

from __future__ import annotations

import inspect
import json
import os
import pickle
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType, SimpleNamespace
from typing import Any, cast

import pytest
import yaml

import euno_lint.engine
from euno_lint import config
from euno_lint.engine import baseline
from euno_lint.engine.output import WriteError, remove_file, write_text
from euno_lint.hcl import _diagnose, limits, parse, warm_up
from euno_lint.hcl.limits import CpuLimit, CpuTimeExceeded, cpu_limit
from euno_lint.hcl.tree import HclSyntaxError
from euno_lint.terraform import discover, gitindex, ignore
from tests.conftest import CLEAN_RESOURCE, Run, write_tree

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HONEST = CLEAN_RESOURCE.replace('"daily"', '"Daily"')  # one EUNO201 finding
MARKER = "OUTSIDE_SECRET_0123456789"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=a@b", "-c", "user.name=a", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


# ------------------------------------------------------------ 1. the action's pip, isolated


def _action_steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = yaml.safe_load((REPO / "action.yml").read_text())["runs"]["steps"]
    return steps


def test_1_every_python_the_action_runs_is_isolated() -> None:
    found = 0
    for step in _action_steps():
        for match in re.finditer(r"\bpython3?\b(?P<rest>[^\n]*)", step.get("run", "")):
            found += 1
            assert match.group("rest").split()[0] == "-I", match.group(0)
    assert found >= 2
    install = next(s for s in _action_steps() if "pip install" in s.get("run", ""))
    assert install["working-directory"] == "${{ github.action_path }}"


def test_1_a_pip_package_in_the_checkout_does_not_run(tmp_path: Path) -> None:
    install = next(s for s in _action_steps() if "pip install" in s.get("run", ""))
    workspace = tmp_path / "workspace"  # the pull request's checkout, where steps run by default
    write_tree(
        workspace,
        {
            "pip/__init__.py": "",
            "pip/__main__.py": "import pathlib\npathlib.Path('PWNED').write_text('ran')\n",
        },
    )
    bin_directory = tmp_path / "bin"
    bin_directory.mkdir()
    wrapper = bin_directory / "python"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    wrapper.chmod(0o755)
    empty = tmp_path / "not-a-project"  # pip fails at once, offline: nothing is installed
    empty.mkdir()
    environment = {
        **os.environ,
        "PATH": f"{bin_directory}{os.pathsep}{os.environ['PATH']}",
        "ACTION_PATH": str(empty),
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    subprocess.run(
        ["bash", "-c", install["run"]], cwd=workspace, env=environment, capture_output=True
    )
    assert not (workspace / "PWNED").exists()


# ------------------------------------------------------- 3. given paths stay in their tree


def _outside_tree(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    write_tree(outside, {"secret/creds.tf": f"euno_x = 1\npassword = {MARKER} +\n"})
    write_tree(outside, {"other-repo/main.tf": f"euno_x = 1\npassword = {MARKER} +\n"})
    (outside / "other-repo" / ".git").mkdir()
    return outside


@pytest.mark.parametrize(
    ("link", "target", "given"),
    [
        ("infra", "outside", "infra"),  # a named directory that is a link
        ("main.tf", "outside/secret/creds.tf", "main.tf"),  # a named file that is a link
        ("infra", "outside", "infra/secret/creds.tf"),  # a path through a linked directory
        ("infra", "outside", "infra/secret"),
        ("infra", "outside/other-repo", "infra"),  # a link to another git work tree
        ("infra", "outside/other-repo", "infra/main.tf"),
    ],
)
def test_3_a_given_path_that_leads_outside_is_not_read(
    run_cli: Run, tmp_path: Path, link: str, target: str, given: str
) -> None:
    _outside_tree(tmp_path)
    repo = tmp_path / "repo"
    write_tree(repo, {"honest/main.tf": HONEST})
    (repo / ".git").mkdir()
    (repo / link).symlink_to(tmp_path / target)
    result = run_cli(["--format", "json", given], cwd=repo)
    assert MARKER not in result.stdout + result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["code"], f["message"]) for f in findings] == [
        (given, "EUNO001", "not read: a symbolic link that leads outside the scanned tree")
    ]


def test_3_outside_a_git_work_tree_the_working_directory_confines(
    run_cli: Run, tmp_path: Path
) -> None:
    _outside_tree(tmp_path)
    repo = tmp_path / "repo"
    write_tree(repo, {"honest/main.tf": HONEST})
    (repo / "infra").symlink_to(tmp_path / "outside")
    result = run_cli(["--format", "text", "infra", "infra/secret/creds.tf"], cwd=repo)
    assert MARKER not in result.stdout + result.stderr
    result = run_cli(["--format", "json", "infra", "infra/secret/creds.tf"], cwd=repo)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["message"]) for f in findings] == [
        ("infra", "not read: a symbolic link that leads outside the scanned tree"),
        ("infra/secret/creds.tf", "not read: a symbolic link that leads outside the scanned tree"),
    ]


def test_3_a_given_link_inside_the_tree_is_still_linted(run_cli: Run, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_tree(repo, {"modules/honest/main.tf": HONEST})
    (repo / ".git").mkdir()
    (repo / "infra").symlink_to(repo / "modules" / "honest")
    (repo / "main.tf").symlink_to(repo / "modules" / "honest" / "main.tf")
    for given in ("infra", "main.tf"):
        result = run_cli(["--format", "json", given], cwd=repo)
        codes = [(f["path"], f["code"]) for f in json.loads(result.stdout)["findings"]]
        assert codes == [(f"{given}/main.tf" if given == "infra" else given, "EUNO201")]


# ----------------------------------------------------------- 9. no forged workflow commands


def _command_lines(text: str) -> list[str]:
    """Lines the Actions runner would take for a workflow command: ``::`` after any leading
    spaces, or the older ``##[`` anywhere in the line."""
    return [line for line in text.splitlines() if line.lstrip().startswith("::") or "##[" in line]


@pytest.mark.parametrize(
    "directory",
    [
        "::error title=Security review passed::approved",
        " ::warning::indented",
        "\u00a0::notice::after a no-break space",
        "##[error]old syntax",
        "a/##[stop-commands]token",
    ],
)
def test_9_no_text_line_is_a_workflow_command(run_cli: Run, tmp_path: Path, directory: str) -> None:
    repo = tmp_path / "repo"
    source = HONEST.replace('"Daily"', '"Daily" # ##[add-mask]from a comment')
    write_tree(repo, {f"{directory}/main.tf": source})
    for extra in ([], ["--no-source"]):
        result = run_cli([*extra, "."], cwd=repo)
        assert result.exit_code == 1 and "EUNO201" in result.stdout, result.stderr
        assert _command_lines(result.stdout) == []


# --------------------------------------------------------- 11. linear parse-error diagnosis


class _CountingRe:
    """The `re` module, counting the patterns compiled at run time."""

    def __init__(self) -> None:
        self.compiled = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        self.compiled += 1
        return re.compile(pattern, flags)


def test_11_heredoc_openings_in_comments_cost_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    counting = _CountingRe()
    monkeypatch.setattr(_diagnose, "re", counting)
    text = "# a note\n" + "#<<A\n" * 25_000 + "x = }\n"
    started = time.process_time()
    with pytest.raises(HclSyntaxError):
        parse(text)
    assert counting.compiled == 0  # one regex per "<<A" and a search to the end: quadratic
    assert time.process_time() - started < 5


def test_11_each_heredoc_closing_is_searched_once() -> None:
    text = "x = <<A\n  A   \n" + "y = <<B\nfoo\nB\n" * 20_000 + "z = }\n"
    started = time.process_time()
    with pytest.raises(HclSyntaxError) as raised:
        parse(text)
    assert time.process_time() - started < 5
    assert (raised.value.line, raised.value.column) == (60_003, 5)


def test_11_a_hyphenated_run_is_not_quadratic() -> None:
    started = time.process_time()
    assert _diagnose._unsupported_construct("a-" * 20_000 + "x") is None  # was 5 s
    assert time.process_time() - started < 1
    # A namespaced call parses, with or without a hyphen in the names.
    parse('x = my-core::trim-it("a")\n')


# ------------------------------------------------------------------ 12. gitignore matching


def test_12_a_hostile_gitignore_costs_little_per_path() -> None:
    pattern = "*?" * 200  # no literal: no shortcut skips it
    lines = [pattern] * (256 * 1024 // (len(pattern) + 1))
    names = [f"f{i}{'0' * 205}.tf" for i in range(8)]  # 210 characters: all patterns match
    started = time.process_time()
    patterns = ignore.compile_lines(lines, budget=ignore.PatternBudget())
    decisions = [ignore.decide(patterns, name, False) for name in names]
    assert decisions == [True] * 8
    assert time.process_time() - started < 2  # was about 7 s per name


def test_12_a_run_reads_a_bounded_amount_of_pattern_text() -> None:
    budget = ignore.PatternBudget(100)
    first = ignore.compile_lines(["a" * 60, "# comments are free", "b" * 30], budget=budget)
    second = ignore.compile_lines(["c" * 20, "d"], budget=budget)
    assert len(first) == 2 and len(second) == 0  # the first that does not fit ends the run
    assert ignore.compile_pattern("x" * ignore.MAX_PATTERN_LENGTH) is not None
    assert ignore.compile_pattern("x" * (ignore.MAX_PATTERN_LENGTH + 1)) is None


def test_12_discovery_pays_the_gitignores_from_one_budget(tmp_path: Path) -> None:
    pattern = "*?" * 200
    many = "\n".join([pattern] * 600) + "\n"
    files: dict[str, str | bytes] = {".gitignore": "*.tf\n" + many}
    for index in range(3):
        files[f"d{index}/.gitignore"] = many + "!*.tf\n"
        files[f"d{index}/{'n' * 180}.tf"] = ""
    write_tree(tmp_path, files)
    started = time.process_time()
    found = discover.discover(["."], cwd=str(tmp_path))
    assert time.process_time() - started < 5
    # The root's *.tf fits the budget and applies; the re-includes below come too late.
    assert found.directories == []


def test_12_exclude_patterns_are_bounded_too(tmp_path: Path) -> None:
    with pytest.raises(discover.InvalidPatternError, match="longer than 1,024 characters"):
        discover.exclusion_filter(["*?" * 600], str(tmp_path))
    with pytest.raises(discover.InvalidPatternError, match="longer than 64 KiB in all"):
        discover.exclusion_filter([f"{i}" + "*?" * 500 for i in range(70)], str(tmp_path))
    excluded = discover.exclusion_filter(["*?" * 500], str(tmp_path))
    assert excluded is not None and excluded(str(tmp_path / ("x" * 1000)), False)


@needs_git
def test_12_globstars_and_classes_match_what_git_says(tmp_path: Path) -> None:
    patterns = [
        "a/**/b/*.tf",
        "**/c?/**/x*.tf",
        "/top/**",
        "[!a-m]*.tf",
        "!z[0-9].tf",
        "deep/**/",
        "q/[xyz]/**/[!_]*",
    ]
    files = [
        "a/b/one.tf",
        "a/p/q/b/two.tf",
        "a/bb/three.tf",
        "k/c1/x.tf",
        "k/c1/m/n/xyz.tf",
        "c12/x.tf",
        "top/t.tf",
        "top/u/v.tf",
        "topx/t.tf",
        "zed.tf",
        "z1.tf",
        "apple.tf",
        "deep/d/e.tf",
        "q/y/r/s.tf",
        "q/y/r/_s.tf",
        "q/w/r/s.tf",
    ]
    _git(tmp_path, "init", "-q")
    write_tree(tmp_path, {".gitignore": "\n".join(patterns) + "\n", **dict.fromkeys(files, "")})
    result = subprocess.run(
        ["git", "check-ignore", "--stdin"],
        cwd=tmp_path,
        input="\n".join(files) + "\n",
        capture_output=True,
        text=True,
    )
    compiled = ignore.compile_lines(patterns)

    def ours(relative: str) -> bool:
        parts = relative.split("/")
        for depth in range(1, len(parts)):
            if ignore.decide(compiled, "/".join(parts[:depth]), True):
                return True
        return bool(ignore.decide(compiled, relative, False))

    assert {f for f in files if ours(f)} == set(result.stdout.splitlines())


# ------------------------------------------- 13, 18. the repository's configuration limits


def _config_error(tmp_path: Path, text: str) -> str:
    (tmp_path / config.CONFIG_NAME).write_text(text)
    with pytest.raises(config.ConfigError) as error:
        config.resolve(str(tmp_path))
    return str(error.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("parse-timeout = 0\n", '"parse-timeout": must be more than 0 and at most 300 seconds'),
        ("analysis-timeout = 0.0\n", '"analysis-timeout": must be more than 0'),
        ("analysis-timeout = 301\n", "only the command line may disable the limit or set more"),
        ("analysis-timeout = inf\n", '"analysis-timeout": input should be a finite number'),
        ("parse-timeout = nan\n", '"parse-timeout": input should be a finite number'),
        ("parse-timeout = 1e308\n", '"parse-timeout": input should be less than or equal to'),
        ("jobs = 64\n", '"jobs": input should be less than or equal to 32'),
        ("jobs = 99999999999999999999999\n", '"jobs": input should be less than or equal to 32'),
        ("exclude = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
        ("[rules.EUNO201]\nx = " + "{a=" * 3000 + "1" + "}" * 3000 + "\n", "nested too deeply"),
    ],
)
def test_13_18_a_configuration_file_cannot_lift_the_limits(
    tmp_path: Path, text: str, expected: str
) -> None:
    message = _config_error(tmp_path, text)
    assert message.startswith(".euno-lint.toml: ") and expected in message


def test_13_a_file_may_still_set_reasonable_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    (tmp_path / config.CONFIG_NAME).write_text(
        "parse-timeout = 5\nanalysis-timeout = 300\njobs = 8\n"
    )
    resolved = config.resolve(str(tmp_path))
    settings = resolved.settings
    assert (settings.parse_timeout, settings.analysis_timeout, settings.jobs) == (5, 300, 2)
    assert resolved.sources["jobs"] == ".euno-lint.toml, capped at the number of CPUs"


def test_13_the_command_line_may_disable_the_limits(tmp_path: Path) -> None:
    (tmp_path / config.CONFIG_NAME).write_text("jobs = 1\n")
    given = config.command_line({"parse_timeout": 0.0, "analysis_timeout": 0.0, "jobs": 32})
    settings = config.resolve(str(tmp_path), given).settings
    assert (settings.parse_timeout, settings.analysis_timeout, settings.jobs) == (0, 0, 32)
    for values in ({"jobs": 33}, {"analysis_timeout": float("inf")}):
        with pytest.raises(config.ConfigError, match=r"^command line: "):
            config.command_line(values)


def test_18_hostile_values_exit_2_with_one_clear_line(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"m/main.tf": CLEAN_RESOURCE})
    for text in ("exclude = " + "[" * 3000 + "]" * 3000, "analysis-timeout = inf"):
        (tmp_path / config.CONFIG_NAME).write_text(text + "\n")
        result = run_cli(["."], cwd=tmp_path)
        assert result.exit_code == 2
        assert "internal error" not in result.stderr and len(result.stderr.splitlines()) == 1


# -------------------------------------------- 17. the configuration file is not followed


@pytest.mark.parametrize("name", [config.CONFIG_NAME, config.PYPROJECT])
def test_17_a_linked_configuration_file_is_refused(tmp_path: Path, name: str) -> None:
    other = tmp_path / "other-project"
    other.mkdir()
    (other / name).write_text('[tool.euno-lint]\nOUTSIDE-KEY = "x"\nOUTSIDE-TOP = 1\n')
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / name).symlink_to(other / name)
    with pytest.raises(config.ConfigError) as error:
        config.resolve(str(repo))
    assert str(error.value).startswith(f"{name}: is a symbolic link")
    assert "OUTSIDE" not in str(error.value)


def test_17_a_fifo_configuration_file_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / config.CONFIG_NAME)
    with pytest.raises(config.ConfigError, match="not a regular file"):
        config.resolve(str(tmp_path))


def test_17_an_oversized_configuration_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / config.CONFIG_NAME).write_text("# x\n" * (config.MAX_CONFIG_BYTES // 4 + 1))
    with pytest.raises(config.ConfigError, match="larger than 1 MiB"):
        config.resolve(str(tmp_path))


# --------------------------------------------------------------------- 14. the CPU limits


@pytest.fixture
def clean_limits() -> Iterator[None]:
    """Whatever a test leaves behind (a stale limit, a timer), the next one starts clean."""
    yield
    limits._active.clear()
    signal.setitimer(signal.ITIMER_PROF, 0)
    signal.signal(signal.SIGPROF, signal.SIG_DFL)


@pytest.mark.usefixtures("clean_limits")
def test_14_nested_limits_never_postpone_a_spent_budget() -> None:
    warm_up()
    text = "locals {\n  a = 1\n}\n"
    for _ in range(10):
        with pytest.raises(CpuTimeExceeded), cpu_limit(0.005):  # the analysis budget
            for _ in range(2000):  # small files, each parsed under its own limit
                parse(text, timeout=30)
    assert limits._active == []


@pytest.mark.usefixtures("clean_limits")
def test_14_the_timer_is_set_again_only_when_the_earliest_deadline_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[float] = []
    real = signal.setitimer

    def counting(which: int, seconds: float, interval: float = 0.0) -> tuple[float, float]:
        calls.append(seconds)
        return real(which, seconds, interval)

    monkeypatch.setattr(signal, "setitimer", counting)
    with cpu_limit(10):
        armed = len(calls)
        for _ in range(100):
            with cpu_limit(30):  # ends later than the outer one: nothing to set
                pass
        assert len(calls) == armed
        with cpu_limit(1):  # ends sooner: set for it, then back to the outer deadline
            assert len(calls) == armed + 1
        assert len(calls) == armed + 2
    assert calls[-1] == 0  # disarmed


def _signal_on_arm_line(outer_packages: frozenset[str], inner: Any) -> BaseException | None:
    """Run `inner` under a spent outer limit, delivering SIGPROF exactly when the inner limit
    registers itself (the `_arm()` line of cpu_limit), as the review did."""
    function = limits.cpu_limit.__wrapped__  # type: ignore[attr-defined]
    code = function.__code__
    lines, first = inspect.getsourcelines(function)
    arm_line = next(n for n, line in enumerate(lines, first) if line.strip() == "_arm()")
    trigger = {"go": False}

    def tracer(frame: FrameType, event: str, _arg: object) -> Any:
        if frame.f_code is code:
            frame.f_trace_lines = True
            if event == "line" and frame.f_lineno == arm_line and trigger["go"]:
                trigger["go"] = False
                signal.raise_signal(signal.SIGPROF)
        return tracer

    caught = None
    try:
        with cpu_limit(60, outer_packages) as outer:
            assert outer is not None
            outer.deadline = time.process_time() - 1  # the outer budget is spent
            trigger["go"] = True
            sys.settrace(tracer)
            inner()
            sys.settrace(None)
            deadline = time.process_time() + 2
            while time.process_time() < deadline:  # let the timer land where it may
                json.dumps([1])
    except BaseException as error:
        caught = error
    finally:
        sys.settrace(None)
    return caught


@pytest.mark.usefixtures("clean_limits")
def test_14_an_outer_limit_firing_as_an_inner_one_begins_leaves_nothing_behind() -> None:
    def inner() -> None:
        with cpu_limit(30):
            pass

    # "tests": the handler may also run in the tracer, as in the review (its __main__).
    error = _signal_on_arm_line(frozenset({"euno_lint", "json", "tests"}), inner)
    assert isinstance(error, CpuTimeExceeded) and error.limit.seconds == 60
    assert limits._active == []
    assert signal.getsignal(signal.SIGPROF) in (signal.SIG_DFL, None)
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


@pytest.mark.usefixtures("clean_limits")
def test_14_parse_lets_an_outer_limit_through_as_it_enters_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outer = CpuLimit(1, frozenset({"euno_lint"}))

    class _FiresOnEntry:
        def __init__(self, *_args: object) -> None:
            pass

        def __enter__(self) -> None:
            raise CpuTimeExceeded(outer)  # before `as limit` is bound

        def __exit__(self, *args: object) -> None:
            return None

    monkeypatch.setattr("euno_lint.hcl._guard.cpu_limit", _FiresOnEntry)
    with pytest.raises(CpuTimeExceeded) as error:
        parse("a = 1\n", timeout=30)
    assert error.value.limit is outer  # not an UnboundLocalError


def test_14_cpu_time_exceeded_crosses_process_boundaries() -> None:
    error = CpuTimeExceeded(CpuLimit(2.5, frozenset({"euno_lint"})))
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, CpuTimeExceeded)
    assert (copy.limit.seconds, copy.limit.packages, str(copy)) == (
        2.5,
        frozenset({"euno_lint"}),
        "more than 2.5 s of CPU time",
    )


@pytest.mark.usefixtures("clean_limits")
def test_14_the_signal_never_lands_in_the_limits_own_frames() -> None:
    spent = CpuLimit(1, frozenset({"euno_lint"}))
    spent.deadline = time.process_time() - 1
    limits._active.append(spent)
    own = cast(FrameType, SimpleNamespace(f_globals={"__name__": limits.__name__}))
    limits._on_signal(signal.SIGPROF, own)  # ignored: the timer fires again later
    elsewhere = cast(FrameType, SimpleNamespace(f_globals={"__name__": "euno_lint.engine"}))
    with pytest.raises(CpuTimeExceeded):
        limits._on_signal(signal.SIGPROF, elsewhere)


def test_14_a_stray_cpu_time_exceeded_exits_2(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stray(*_args: object) -> None:
        raise CpuTimeExceeded(CpuLimit(30, frozenset()))

    monkeypatch.setattr(euno_lint.engine, "lint_paths", stray)
    result = run_cli(["."], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "euno-lint: error: internal error (CpuTimeExceeded); run with --debug for details\n"
    )


# ------------------------------------------------------------- 15. the baseline is not followed


def test_15_a_fifo_baseline_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "baseline.json")
    started = time.monotonic()
    with pytest.raises(baseline.BaselineError, match="not a regular file"):
        baseline.load(str(tmp_path / "baseline.json"))
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("target", ["/dev/zero", "elsewhere.json"])
def test_15_a_linked_baseline_is_refused(tmp_path: Path, target: str) -> None:
    (tmp_path / "elsewhere.json").write_text('{"version": 1, "findings": []}')
    (tmp_path / "baseline.json").symlink_to(tmp_path / target)
    with pytest.raises(baseline.BaselineError, match="symbolic link"):
        baseline.load(str(tmp_path / "baseline.json"))


def test_15_the_cli_reports_a_planted_baseline_in_one_line(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"m/main.tf": CLEAN_RESOURCE})
    (tmp_path / ".euno-lint-baseline.json").symlink_to("/dev/zero")
    result = run_cli(["--baseline", ".euno-lint-baseline.json", "m"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "euno-lint: error: cannot read baseline .euno-lint-baseline.json: "
        "it is a symbolic link (refusing to follow it)\n"
    )


def test_15_deeply_nested_json_is_not_an_internal_error(tmp_path: Path) -> None:
    (tmp_path / "baseline.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(baseline.BaselineError, match="not valid JSON"):
        baseline.load(str(tmp_path / "baseline.json"))


# ------------------------------------------------------------- 16. writes through directories


@pytest.fixture
def linked_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout whose `reports` is a link to a victim directory, as the working directory."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "report.sarif").write_text("precious\n")
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / ".git").mkdir()
    (checkout / "reports").symlink_to(victim)
    monkeypatch.chdir(checkout)
    return victim


@pytest.mark.parametrize("path", ["reports/report.sarif", "reports/new.json", "reports/./x"])
def test_16_no_write_through_a_linked_directory(linked_reports: Path, path: str) -> None:
    with pytest.raises(WriteError, match="reports is a symbolic link"):
        write_text(path, "report\n")
    with pytest.raises(WriteError, match="reports is a symbolic link"):
        write_text(os.path.abspath(path), "report\n")
    assert sorted(p.name for p in linked_reports.iterdir()) == ["report.sarif"]
    assert (linked_reports / "report.sarif").read_text() == "precious\n"


def test_16_no_removal_through_a_linked_directory(linked_reports: Path) -> None:
    with pytest.raises(WriteError, match="reports is a symbolic link"):
        remove_file("reports/report.sarif")
    assert (linked_reports / "report.sarif").read_text() == "precious\n"
    os.symlink(linked_reports / "report.sarif", "report.sarif")
    remove_file("report.sarif")  # the link itself goes, not its target
    remove_file("report.sarif")  # nothing there: nothing to do
    remove_file("missing/report.sarif")
    assert not os.path.lexists("report.sarif")
    assert (linked_reports / "report.sarif").read_text() == "precious\n"


def test_16_a_written_file_never_takes_a_planted_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    planted = tmp_path / "sub" / "report.sarif"
    planted.write_text("planted\n")
    planted.chmod(0o666)
    umask = os.umask(0o022)
    try:
        write_text("sub/report.sarif", "report\n")
        write_text("sub/fresh.sarif", "report\n")
    finally:
        os.umask(umask)
    for name in ("report.sarif", "fresh.sarif"):
        written = tmp_path / "sub" / name
        assert written.read_text() == "report\n"
        assert stat.S_IMODE(written.stat().st_mode) == 0o644
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["fresh.sarif", "report.sarif"]


def test_16_the_action_removes_nothing_through_a_linked_directory(tmp_path: Path) -> None:
    step = next(s for s in _action_steps() if s.get("id") == "lint")
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "report.sarif").write_text("precious\n")
    checkout = tmp_path / "checkout"
    write_tree(checkout, {"main.tf": CLEAN_RESOURCE})
    (checkout / "reports").symlink_to(victim)
    output = tmp_path / "github-output"
    output.write_text("")
    environment = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(output),
        "RUNNER_TEMP": str(tmp_path),
        "EUNO_PATHS": ".",
        "EUNO_FORMAT": "sarif",
        "EUNO_OUTPUT": "reports/report.sarif",
        "EUNO_ARGS": "",
        "EUNO_FAIL": "false",
    }
    script = tmp_path / "step.sh"
    script.write_text(step["run"])
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=checkout,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert output.read_text() == "exit-code=2\n"
    assert (victim / "report.sarif").read_text() == "precious\n"
    assert "reports is a symbolic link" in result.stderr


# ------------------------------------------------------------------------- 19. split index


@needs_git
def test_19_a_split_index_still_lists_the_tracked_files(tmp_path: Path) -> None:
    write_tree(tmp_path, {"infra/main.tf": HONEST, "b/c.tf": ""})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "x")
    plain = gitindex.tracked_files(str(tmp_path))
    _git(tmp_path, "update-index", "--split-index")
    (tmp_path / "new.tf").write_text("")
    _git(tmp_path, "add", "new.tf")  # an entry of the split index itself
    assert list(tmp_path.joinpath(".git").glob("sharedindex.*"))
    split = gitindex.tracked_files(str(tmp_path))
    assert plain is not None and split == plain | {str(tmp_path / "new.tf")}


@needs_git
def test_19_a_tracked_but_ignored_file_is_linted_with_a_split_index(
    run_cli: Run, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"infra/main.tf": HONEST})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "x")
    (tmp_path / ".gitignore").write_text("infra/\n")
    _git(tmp_path, "update-index", "--split-index")
    result = run_cli(["--format", "json", "."], cwd=tmp_path)
    codes = [(f["path"], f["code"]) for f in json.loads(result.stdout)["findings"]]
    assert codes == [("infra/main.tf", "EUNO201")]


def test_19_a_missing_shared_index_means_unknown(tmp_path: Path) -> None:
    git = tmp_path / ".git"
    git.mkdir()
    header = b"DIRC" + (2).to_bytes(4, "big") + (0).to_bytes(4, "big")
    link = b"link" + (20 + 8).to_bytes(4, "big") + bytes(range(20)) + bytes(8)
    (git / "index").write_bytes(header + link + bytes(20))
    assert gitindex.tracked_files(str(tmp_path)) is None
