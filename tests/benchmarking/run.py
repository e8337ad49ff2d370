"""Time euno-lint on the benchmark workloads side by side with its floors, and check the ratios.

Every command runs in a fresh process, as users run euno-lint: the console script next to this
interpreter (or ``python -m euno_lint``) with ``--isolated --format json --output FILE``. A
small launcher forks and execs it, timing it from fork to ``os.wait4``, whose ``ru_maxrss`` is
the largest resident set of the process or of any child it waited for. The launcher exists
because Linux also counts, in that peak, the memory of the process that called exec: spawned
straight from this runner, every command would report at least the runner's own size. Commands
are measured round-robin, after unmeasured warm-up rounds, so that machine noise falls on all of
them alike; ratios compare medians. The floors are plain Python start-up and python-hcl2 parsing
the same files with its raw Lark tree API in a fresh ``python -c``.

Exit status: 0 when every target is met, 1 when one is missed, 2 when a command failed (euno-lint
exiting 2, say) or euno-lint did not see the workload's integrations. Exit 1 from euno-lint itself
only means it found the planted problems.

    python benchmarks/run.py                       # all workloads, 5 runs each
    python benchmarks/run.py --tiny --runs 1       # a smoke test on miniature workloads
    python benchmarks/run.py --workloads W1,W4 --json results.json
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.benchmarking import generate
from tests.benchmarking.generate import Scale, Workload
from tests.benchmarking.lsp import LIMIT_SECONDS, Latency, measure_latency

DEFAULT_RUNS = 5
# L1 is measured inside one language server session, not as a command: it has no workload
# directory of its own (its small module is written to a scratch directory each time).
LSP = "L1"
ALL_NAMES = (*generate.WORKLOAD_NAMES, LSP)
LSP_EDITS = {"full": 40, "tiny": 5}
LINT_OPTIONS = ("--isolated", "--format", "json", "--output")
LAUNCHER_SCRIPT = (
    "import os, sys, time\n"
    "started = time.perf_counter()\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)\n"
    "    try:\n"
    "        os.execv(sys.argv[1], sys.argv[1:])\n"
    "    finally:\n"
    "        os._exit(127)\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "elapsed = time.perf_counter() - started\n"
    "print(elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status))\n"
)
FLOOR_SCRIPT = (
    "import sys, hcl2\n"
    "for path in sys.argv[1:]:\n"
    "    hcl2.parses_to_tree(open(path, encoding='utf-8').read())\n"
)
MAX_RSS_MB = 300
Progress = Callable[[str], None]


def quiet(_message: str) -> None:
    """A progress sink that says nothing."""


# --------------------------------------------------------------------------- commands


@dataclass(frozen=True, slots=True)
class Command:
    """One thing to time: a process, where it runs, and what counts as success."""

    key: str
    description: str
    argv: tuple[str, ...]
    cwd: Path
    report: Path | None = None
    workload: Workload | None = None

    @property
    def ok_exit_codes(self) -> frozenset[int]:
        """euno-lint exits 1 when it finds problems, which the workloads plant on purpose."""
        return frozenset({0, 1}) if self.report is not None else frozenset({0})


def euno_lint_argv() -> tuple[str, ...]:
    """The console script installed next to this interpreter, else ``python -m euno_lint``."""
    script = Path(sys.executable).parent / "euno-lint"
    if script.is_file() and os.access(script, os.X_OK):
        return (str(script),)
    return (sys.executable, "-m", "euno_lint")


def lint_command(
    key: str, workload: Workload, target: Path, reports: Path, extra: tuple[str, ...] = ()
) -> Command:
    """euno-lint on a workload, writing its JSON report to a file under `reports`."""
    report = reports / f"{key.replace(' ', '-')}.json"
    argv = (*euno_lint_argv(), *LINT_OPTIONS, str(report), *extra, *workload.lint_paths)
    description = f"euno-lint: {workload.title}, {describe_size(workload)}"
    if extra:
        description += f" ({' '.join(extra)})"
    return Command(key, description, argv, workload.root(target), report, workload)


def hook_command(workload: Workload, target: Path, reports: Path) -> Command | None:
    """W6: the pre-commit hook in the W2 repository: the two files of one euno module given
    by name, so that euno-lint also scans the whole repository for the root modules that
    call that directory. None when W2 holds no euno module."""
    root = workload.root(target)
    module = next(
        (
            path.parent
            for path in sorted(root.rglob("main.tf"))
            if b"euno_" in path.read_bytes() and (path.parent / "variables.tf").exists()
        ),
        None,
    )
    if module is None:
        return None
    files = tuple(str((module / n).relative_to(root)) for n in ("main.tf", "variables.tf"))
    report = reports / "W6.json"
    argv = (*euno_lint_argv(), *LINT_OPTIONS, str(report), *files)
    description = f"euno-lint: pre-commit in W2's repository, {len(files)} files given"
    return Command("W6", description, argv, root, report, None)


def floor_command(key: str, workload: Workload, target: Path) -> Command:
    """python-hcl2 alone parsing the workload's floor files, import included."""
    argv = (sys.executable, "-c", FLOOR_SCRIPT, *workload.floor_files)
    files = " + ".join(workload.floor_files)
    description = f"python-hcl2 parses_to_tree on {workload.name}'s {files}"
    return Command(key, description, argv, workload.root(target))


def describe_size(workload: Workload) -> str:
    """A workload's size in a few words."""
    return f"{workload.tf_files:,} .tf, {workload.euno_resources:,} integrations"


def plan(workloads: Mapping[str, Workload], target: Path, reports: Path) -> list[Command]:
    """Every command to time, in the order each round runs them."""
    here = Path.cwd()
    commands = [
        Command(
            "python", "python -c pass (interpreter start-up)", (sys.executable, "-c", "pass"), here
        ),
        Command("version", "euno-lint --version", (*euno_lint_argv(), "--version"), here),
    ]
    if "W1" in workloads:
        commands.append(floor_command("F1", workloads["W1"], target))
        commands.append(lint_command("W1", workloads["W1"], target, reports))
    if "W2" in workloads:
        commands.append(lint_command("W2", workloads["W2"], target, reports))
        hook = hook_command(workloads["W2"], target, reports)
        if hook is not None:
            commands.append(hook)
    if "W3" in workloads:
        for jobs in (1, 2):
            extra = ("--jobs", str(jobs))
            commands.append(lint_command(f"W3 j{jobs}", workloads["W3"], target, reports, extra))
    if "W4" in workloads:
        commands.append(lint_command("W4", workloads["W4"], target, reports))
        commands.append(floor_command("F4", workloads["W4"], target))
    if "W5" in workloads:
        commands.append(lint_command("W5", workloads["W5"], target, reports))
    return commands


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True, slots=True)
class Sample:
    """One timed run of a command."""

    wall_seconds: float
    max_rss_kib: int
    exit_code: int
    stderr_tail: str = ""


def run_once(command: Command) -> Sample:
    """Run the command once through the launcher; its stderr is kept only when it failed."""
    launcher = (sys.executable, "-I", "-S", "-c", LAUNCHER_SCRIPT, *command.argv)
    with tempfile.TemporaryFile() as stderr:
        launched = subprocess.run(
            launcher,
            cwd=command.cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            check=False,
        )
        stderr.seek(0)
        errors = stderr.read().decode(errors="replace")[-2000:].strip()
    try:
        wall, max_rss, exit_code = launched.stdout.split()
    except ValueError:
        return Sample(0.0, 0, -1, errors or f"launcher exited {launched.returncode}")
    sample = Sample(float(wall), int(max_rss), int(exit_code))
    if sample.exit_code in command.ok_exit_codes:
        return sample
    return dataclasses.replace(sample, stderr_tail=errors)


@dataclass(slots=True)
class Measured:
    """A command and everything measured about it."""

    command: Command
    samples: list[Sample] = field(default_factory=list)
    summary: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def walls(self) -> list[float]:
        """Wall times of the successful runs."""
        return [s.wall_seconds for s in self.samples if s.exit_code in self.command.ok_exit_codes]

    @property
    def median(self) -> float | None:
        """Median wall time, None when no run succeeded."""
        return statistics.median(self.walls) if self.walls else None

    @property
    def peak_rss_mb(self) -> float | None:
        """The largest peak resident set over all runs, in MB (10^6 bytes)."""
        return max(s.max_rss_kib for s in self.samples) * 1024 / 1e6 if self.samples else None


def measure(
    commands: Sequence[Command], runs: int, warmup: int, progress: Progress = quiet
) -> list[Measured]:
    """Run every command `warmup` + `runs` times, round-robin; keep the measured rounds."""
    measured = [Measured(command) for command in commands]
    for round_number in range(1 - warmup, runs + 1):
        label = "warm-up" if round_number <= 0 else f"round {round_number}/{runs}"
        for entry in measured:
            progress(f"{label}: {entry.command.key}")
            sample = run_once(entry.command)
            if round_number > 0:
                entry.samples.append(sample)
    for entry in measured:
        check(entry)
    return measured


def check(entry: Measured) -> None:
    """Record failed runs, and read the last report to see that the workload was really linted."""
    for sample in entry.samples:
        if sample.exit_code not in entry.command.ok_exit_codes:
            last_line = sample.stderr_tail.splitlines()[-1] if sample.stderr_tail else ""
            entry.problems.append(f"exit {sample.exit_code}: {last_line}".rstrip(": "))
    report, workload = entry.command.report, entry.command.workload
    if report is None or workload is None or entry.problems:
        return
    try:
        entry.summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        entry.problems.append(f"unreadable JSON report: {error}")
        return
    seen = entry.summary.get("resources") if entry.summary else None
    if seen != workload.euno_resources:
        entry.problems.append(
            f"saw {seen} integrations, the workload has {workload.euno_resources}"
        )


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True, slots=True)
class Verdict:
    """One promise checked: what was measured, what it should be, and whether it is."""

    label: str
    value: str
    target: str
    passed: bool | None  # None: not measured in this run


def medians(measured: Sequence[Measured]) -> dict[str, float]:
    """Median wall time by command key, for the commands that ran."""
    return {m.command.key: m.median for m in measured if m.median is not None}


def ratio_verdict(
    label: str, numerator: str, denominator: str, limit: float, walls: Mapping[str, float]
) -> Verdict:
    """median(numerator) / median(denominator) <= limit."""
    target = f"<= {limit:.2f}"
    if numerator not in walls or denominator not in walls:
        return Verdict(label, "n/a", target, None)
    ratio = walls[numerator] / walls[denominator]
    return Verdict(label, f"{ratio:.2f}", target, ratio <= limit)


def version_verdict(walls: Mapping[str, float]) -> Verdict:
    """euno-lint --version costs at most 1.5 times Python start-up plus 30 ms."""
    label = "euno-lint --version vs python -c pass"
    if "version" not in walls or "python" not in walls:
        return Verdict(label, "n/a", "<= 1.5 x python + 30 ms", None)
    limit = walls["python"] * 1.5 + 0.030
    target = f"<= {format_seconds(limit)} (1.5 x python + 30 ms)"
    return Verdict(label, format_seconds(walls["version"]), target, walls["version"] <= limit)


def memory_verdict(measured: Sequence[Measured]) -> Verdict:
    """The largest peak RSS of any W3 run stays under the limit."""
    label = "W3 peak RSS (largest process, any --jobs)"
    target = f"<= {MAX_RSS_MB} MB"
    peaks = [m.peak_rss_mb for m in measured if m.command.key.startswith("W3")]
    known = [p for p in peaks if p is not None]
    if not known:
        return Verdict(label, "n/a", target, None)
    return Verdict(label, f"{max(known):.0f} MB", target, max(known) <= MAX_RSS_MB)


def latency_verdict(latency: Latency | None) -> Verdict:
    """The language server publishes diagnostics within the limit of a change (median)."""
    label = "L1 language server: didChange to publishDiagnostics (median)"
    target = f"<= {LIMIT_SECONDS * 1000:.0f} ms"
    if latency is None or latency.median is None:
        return Verdict(label, "n/a", target, None)
    return Verdict(label, format_seconds(latency.median), target, latency.median <= LIMIT_SECONDS)


def judge(measured: Sequence[Measured], latency: Latency | None = None) -> list[Verdict]:
    """Every target of the project, in a fixed order, measured or not."""
    walls = medians(measured)
    return [
        ratio_verdict("W1 / F1 (pre-commit vs python-hcl2 alone)", "W1", "F1", 1.7, walls),
        version_verdict(walls),
        ratio_verdict("W2 / W1 (monorepo vs pre-commit)", "W2", "W1", 3.0, walls),
        ratio_verdict("W3 --jobs 2 / W3 --jobs 1", "W3 j2", "W3 j1", 0.65, walls),
        ratio_verdict("W4 / F4 (big file vs python-hcl2 alone)", "W4", "F4", 1.3, walls),
        ratio_verdict("W5 / W1 (modules vs pre-commit)", "W5", "W1", 2.0, walls),
        ratio_verdict("W6 / W1 (pre-commit in a 10,000-file repository)", "W6", "W1", 2.0, walls),
        memory_verdict(measured),
        latency_verdict(latency),
    ]


VERDICT_LABELS = tuple(v.label for v in judge([]))


# --------------------------------------------------------------------------- reporting


@dataclass(frozen=True, slots=True)
class Outcome:
    """A whole benchmark run: where and how it ran, what was measured, how it went."""

    machine: dict[str, Any]
    settings: dict[str, Any]
    measured: list[Measured]
    verdicts: list[Verdict]
    latency: Latency | None = None

    @property
    def exit_code(self) -> int:
        """2 when a command (or the language server) failed, 1 when a target was missed, else 0."""
        if any(m.problems for m in self.measured) or (self.latency and self.latency.problems):
            return 2
        return 1 if any(v.passed is False for v in self.verdicts) else 0


def plural(count: int, noun: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def format_seconds(seconds: float | None) -> str:
    """A duration in ms below a second, in seconds above."""
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def machine_info() -> dict[str, Any]:
    """What the numbers depend on: CPUs, load, Python, euno-lint."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    version = subprocess.run(
        (*euno_lint_argv(), "--version"), capture_output=True, text=True, check=False
    )
    return {
        "platform": platform.platform(),
        "cpu_model": cpu_model(),
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable,
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "euno_lint": " ".join(euno_lint_argv()),
        "euno_lint_version": version.stdout.strip() or f"unknown (exit {version.returncode})",
    }


def cpu_model() -> str:
    """The CPU's marketing name, where /proc/cpuinfo tells it."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def render(outcome: Outcome) -> str:
    """The human-readable report: header, timing table, lint reports, targets."""
    sections = [
        header_lines(outcome),
        table_lines(outcome.measured),
        *([latency_lines(outcome.latency)] if outcome.latency is not None else []),
        report_lines(outcome),
        verdict_lines(outcome.verdicts),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections)


def header_lines(outcome: Outcome) -> list[str]:
    """Who ran what, where."""
    machine, settings = outcome.machine, outcome.settings
    load = machine["load_average"]
    load_text = " ".join(f"{x:.2f}" for x in load) if load else "unknown"
    return [
        f"{machine['euno_lint_version']} benchmarks: {plural(settings['runs'], 'run')} per "
        f"command, round-robin, after {plural(settings['warmup'], 'warm-up round')}; "
        "ratios compare medians",
        f"machine:   {machine['cpu_count']} CPUs ({machine['usable_cpus']} usable), "
        f"{machine['cpu_model']}, {machine['platform']}, load average {load_text}",
        f"python:    {machine['python']} ({machine['python_executable']})",
        f"euno-lint: {machine['euno_lint']}",
        f"workloads: {settings['target']} ({settings['scale']} scale)",
    ]


def table_lines(measured: Sequence[Measured]) -> list[str]:
    """One row per command: wall median, min and max, peak RSS, exit codes."""
    rows = [("command", "what", "median", "min", "max", "peak RSS", "exit")]
    for entry in measured:
        walls = entry.walls
        peak = entry.peak_rss_mb
        rows.append(
            (
                entry.command.key,
                entry.command.description,
                format_seconds(entry.median),
                format_seconds(min(walls) if walls else None),
                format_seconds(max(walls) if walls else None),
                f"{peak:.0f} MB" if peak is not None else "-",
                ",".join(str(c) for c in sorted({s.exit_code for s in entry.samples})),
            )
        )
    return aligned(rows, right=(2, 3, 4, 5))


def latency_lines(latency: Latency) -> list[str]:
    """L1: how the language server's latency was measured and what it was."""
    lines = [
        f"L1 language server: {latency.lines}-line main.tf in a small module, "
        f"{plural(len(latency.samples), 'edit')}, didChange to publishDiagnostics: "
        f"median {format_seconds(latency.median)}, p90 {format_seconds(latency.p90)}, "
        f"max {format_seconds(max(latency.samples, default=None))}"
    ]
    lines.extend(f"L1     FAILED: {problem}" for problem in latency.problems)
    return lines


def aligned(rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """Rows as text columns; the columns in `right` are right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]


def report_lines(outcome: Outcome) -> list[str]:
    """What euno-lint reported on each workload, and any command that failed."""
    lines = ["euno-lint reports (last run):"]
    for entry in outcome.measured:
        workload, summary = entry.command.workload, entry.summary
        if workload is not None and summary is not None:
            lines.append(f"  {entry.command.key:<6} {summary_text(summary, workload)}")
        lines.extend(f"  {entry.command.key:<6} FAILED: {p}" for p in entry.problems)
    return lines


def summary_text(summary: Mapping[str, Any], workload: Workload) -> str:
    """A JSON report's summary in words, next to the problems the workload planted."""
    seen = ", ".join(
        [
            plural(int(summary.get("files", 0)), "file"),
            plural(int(summary.get("resources", 0)), "integration"),
        ]
    )
    planted = plural(workload.planted_problems, "planted problem")
    found = ", ".join(
        [
            plural(int(summary.get("errors", 0)), "error"),
            plural(int(summary.get("warnings", 0)), "warning"),
        ]
    )
    return f"{seen} ({planted}): {found}"


def verdict_lines(verdicts: Sequence[Verdict]) -> list[str]:
    """The targets, each with its measured value and PASS, FAIL or n/a."""
    rows = [("target", "value", "limit", "result")]
    for verdict in verdicts:
        result = "n/a" if verdict.passed is None else "PASS" if verdict.passed else "FAIL"
        rows.append((verdict.label, verdict.value, verdict.target, result))
    return aligned(rows, right=(1,))


def to_json(outcome: Outcome) -> dict[str, Any]:
    """The raw results, for --json."""
    return {
        "machine": outcome.machine,
        "settings": outcome.settings,
        "commands": [
            {
                "key": m.command.key,
                "description": m.command.description,
                "argv": list(m.command.argv),
                "cwd": str(m.command.cwd),
                "samples": [dataclasses.asdict(s) for s in m.samples],
                "median_seconds": m.median,
                "peak_rss_mb": m.peak_rss_mb,
                "report_summary": m.summary,
                "problems": m.problems,
            }
            for m in outcome.measured
        ],
        "lsp_latency": None
        if outcome.latency is None
        else {
            "lines": outcome.latency.lines,
            "samples_seconds": list(outcome.latency.samples),
            "median_seconds": outcome.latency.median,
            "p90_seconds": outcome.latency.p90,
            "problems": list(outcome.latency.problems),
        },
        "verdicts": [dataclasses.asdict(v) for v in outcome.verdicts],
        "exit_code": outcome.exit_code,
    }


# --------------------------------------------------------------------------- entry points


def benchmark(
    target: Path,
    scale: Scale,
    names: Sequence[str] = ALL_NAMES,
    *,
    runs: int = DEFAULT_RUNS,
    warmup: int = 1,
    progress: Progress = quiet,
) -> Outcome:
    """Generate what is missing, measure every command, and judge the targets."""
    workloads = generate.ensure(target, scale, [n for n in names if n != LSP], report=progress)
    compile_bytecode()
    machine = machine_info()  # before measuring: the load average the runs start under
    with tempfile.TemporaryDirectory(prefix="euno-lint-bench-") as reports:
        measured = measure(plan(workloads, target, Path(reports)), runs, warmup, progress)
    latency = None
    if LSP in names:
        progress(f"{LSP}: language server, {LSP_EDITS[scale.name]} edits")
        latency = measure_latency(euno_lint_argv(), LSP_EDITS[scale.name])
    settings = {"runs": runs, "warmup": warmup, "scale": scale.name, "target": str(target)}
    settings["workloads"] = {name: dataclasses.asdict(w) for name, w in workloads.items()}
    return Outcome(machine, settings, measured, judge(measured, latency), latency)


def compile_bytecode() -> None:
    """Compile euno_lint's modules, as pip does when it installs a package.

    An editable install under PYTHONDONTWRITEBYTECODE=1 (set on some CI machines) never writes
    bytecode, and every measured run would compile the package from source again.
    """
    import compileall

    import euno_lint

    compileall.compile_dir(str(Path(euno_lint.__file__).parent), quiet=1)


def parse_names(text: str) -> list[str]:
    """Workload names (``W1,L1``): the generated workloads, and L1 (the language server)."""
    names = [part.strip().upper() for part in text.split(",") if part.strip()]
    others = ",".join(name for name in names if name != LSP)
    chosen = generate.parse_names(others) if others else []
    return [*chosen, LSP] if LSP in names else chosen


def positive(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line of the runner."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=positive, default=DEFAULT_RUNS, help="measured rounds")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured rounds first")
    parser.add_argument(
        "--workloads",
        type=parse_names,
        default=list(ALL_NAMES),
        help=f"comma-separated, e.g. W1,W2 or {LSP} (default: all)",
    )
    parser.add_argument("--tiny", action="store_true", help="drastically smaller workloads")
    parser.add_argument("--target", type=Path, help="where the workloads are generated")
    parser.add_argument("--json", type=Path, metavar="FILE", help="save raw results here")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks from the command line; the exit status says whether targets held."""
    options = arguments(argv)
    scale = generate.TINY if options.tiny else generate.FULL
    target: Path = options.target or generate.default_target(scale)
    try:
        outcome = benchmark(
            target,
            scale,
            options.workloads,
            runs=options.runs,
            warmup=max(options.warmup, 0),
            progress=lambda message: print(message, file=sys.stderr, flush=True),
        )
    except generate.GenerationError as error:
        print(f"run: error: {error}", file=sys.stderr)
        return 2
    print(render(outcome))
    if options.json:
        options.json.write_text(json.dumps(to_json(outcome), indent=2) + "\n", encoding="utf-8")
    return outcome.exit_code


if __name__ == "__main__":
    sys.exit(main())
