"""Long-running fuzzer for euno-lint: mutate seed modules, lint in-process, keep the crashes.

Run from the repository root (see fuzz/README.md)::

    nice -n 19 python fuzz/fuzz_lint.py --minutes 20 --corpus fuzz/corpus

The default engine is atheris (coverage-guided libFuzzer with our structure-aware mutator and
crossover); ``--engine random`` needs nothing but the standard library. Any exception that
escapes lint_paths or a reporter, malformed JSON/SARIF/JUnit output, and any run longer than
``--timeout`` seconds is a crash: one directory per crash key (exception type and innermost
euno_lint frame) under ``--crashes``, holding the smallest input seen, its files and the
traceback. ``--replay`` re-runs saved inputs; ``--minimize`` shrinks one.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import hashlib
import importlib
import importlib.util
import json
import os
import pkgutil
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from types import FrameType
from typing import IO, TypeVar

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make `tests.fuzzing` and `euno_lint` importable
    sys.path.insert(0, str(REPO))

from tests.fuzzing.mutations import (  # noqa: E402 - after the sys.path fix above
    Case,
    RandomChooser,
    case_from_path,
    decode_case,
    encode_case,
    mutate,
    pick,
    seed_cases,
    tokens_of,
)

T = TypeVar("T")
INSTRUMENTED = ["euno_lint", "hcl2", "croniter"]
STATUS_EVERY = 60.0
CHECK_SOURCES_EVERY = 15.0
STATE_ENV = "EUNO_FUZZ_STATE"
ORIGINAL_ARGV = list(sys.argv)

# --------------------------------------------------------------------------- crash store


@dataclass
class CrashStore:
    """Crash directories keyed by crash key; keeps the smallest input of each."""

    root: Path
    sizes: dict[str, int] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    new: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        for key_file in self.root.glob("*/key.txt"):
            key = key_file.read_text(encoding="utf-8").strip()
            self.sizes[key] = (key_file.parent / "input.fuzz").stat().st_size

    def record(self, key: str, data: bytes, details: str) -> None:
        """Count a crash; save its input when the key is new or the input smaller."""
        self.hits[key] = self.hits.get(key, 0) + 1
        known = self.sizes.get(key)
        if known is not None and known <= len(data):
            return
        if known is None:
            self.new.append(key)
            print(f"\n*** new crash: {key} ({len(data)} bytes)", file=sys.stderr, flush=True)
        self.sizes[key] = len(data)
        directory = self.root / slug(key)
        if directory.exists():
            shutil.rmtree(directory)
        directory.mkdir(parents=True)
        (directory / "key.txt").write_text(key + "\n", encoding="utf-8")
        (directory / "input.fuzz").write_bytes(data)
        (directory / "traceback.txt").write_text(details, encoding="utf-8")
        from tests.fuzzing.target import write_case

        write_case(decode_case(data), directory / "files")


def slug(key: str) -> str:
    """A directory name for a crash key."""
    digest = hashlib.sha1(key.encode()).hexdigest()[:8]
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", key)[:80] + "-" + digest


# --------------------------------------------------------------------------- one execution


def source_fingerprint() -> tuple[float, int]:
    """When euno_lint's sources last changed (and how many there are)."""
    spec = importlib.util.find_spec("euno_lint")
    if spec is None or not spec.submodule_search_locations:
        return (0.0, 0)
    mtimes = []
    for location in spec.submodule_search_locations:
        for path in Path(location).rglob("*.py"):
            with contextlib.suppress(OSError):
                mtimes.append(path.stat().st_mtime)
    return (max(mtimes, default=0.0), len(mtimes))


@dataclass
class Runner:
    """Runs one input at a time with a soft (signal) and a hard (faulthandler) time limit.

    The run survives restarts: when euno_lint's sources change (the package is being edited
    while we fuzz) the process re-executes itself so that it always fuzzes the current code,
    carrying its counters and deadline over in a state file.
    """

    store: CrashStore
    timeout: float
    workdir: Path
    deadline: float
    started: float = field(default_factory=time.time)
    execs: int = 0
    restarts: int = 0
    hang_log: IO[str] | None = None
    last_check: float = field(default_factory=time.time)
    last_status: float = field(default_factory=time.time)
    fingerprint: tuple[float, int] = field(default_factory=lambda: source_fingerprint())
    pending: tuple[float, int] | None = None
    stop_requested: bool = False

    def __post_init__(self) -> None:
        self._recover_hard_hang()
        self.hang_log = open(self.store.root / ".hard-hang.txt", "w", encoding="utf-8")  # noqa: SIM115

    @property
    def inflight(self) -> Path:
        return self.store.root / ".inflight.fuzz"

    @property
    def state_file(self) -> Path:
        return self.store.root / ".state.json"

    def _recover_hard_hang(self) -> None:
        """A previous run killed by the hard limit left its input and a thread dump: save them."""
        dump = self.store.root / ".hard-hang.txt"
        if self.inflight.is_file() and dump.is_file() and dump.stat().st_size:
            text = dump.read_text(encoding="utf-8", errors="replace")
            frames = re.findall(r'File "[^"]*/euno_lint/([^"]+)", line \d+ in (\w+)', text)
            where = f"@{frames[0][0]}:{frames[0][1]}" if frames else ""
            self.store.record(f"HardHang{where}", self.inflight.read_bytes(), text)
        self.inflight.unlink(missing_ok=True)

    def execute(self, data: bytes) -> str | None:
        """Lint one input; its crash key, or None."""
        from tests.fuzzing.target import LintTimeout, crash_key, run_case, time_limit

        self.execs += 1
        self.inflight.write_bytes(data)
        if self.hang_log is not None:
            faulthandler.dump_traceback_later(self.timeout * 3 + 5, exit=True, file=self.hang_log)
        key: str | None = None
        try:
            with time_limit(self.timeout):
                run_case(decode_case(data), self.workdir)
        except KeyboardInterrupt:
            raise
        except (Exception, LintTimeout) as error:
            key = crash_key(error)
            self.store.record(key, data, "".join(traceback.format_exception(error)))
        finally:
            if self.hang_log is not None:
                faulthandler.cancel_dump_traceback_later()
        self.inflight.unlink(missing_ok=True)
        self._between_runs()
        return key

    def _between_runs(self) -> None:
        now = time.time()
        if now - self.last_status >= STATUS_EVERY:
            self.last_status = now
            print(self.status(), file=sys.stderr, flush=True)
        if now - self.last_check >= CHECK_SOURCES_EVERY:
            self.last_check = now
            current = source_fingerprint()
            if current == self.fingerprint:
                self.pending = None
            elif current == self.pending:  # changed, then quiet for a while: pick it up
                self.restart()
            else:
                self.pending = current

    def save_state(self) -> None:
        state = {
            "started": self.started,
            "deadline": self.deadline,
            "execs": self.execs,
            "restarts": self.restarts,
            "hits": self.store.hits,
            "new": self.store.new,
        }
        self.state_file.write_text(json.dumps(state), encoding="utf-8")

    def load_state(self) -> None:
        """Continue the counters of the run that re-executed this process."""
        state = json.loads(self.state_file.read_text(encoding="utf-8"))
        self.started, self.deadline = state["started"], state["deadline"]
        self.execs, self.restarts = state["execs"], state["restarts"] + 1
        self.store.hits.update(state["hits"])
        self.store.new[:0] = [k for k in state["new"] if k not in self.store.new]

    def restart(self) -> None:
        """Re-execute this process (same arguments) so that it imports the edited sources."""
        self.save_state()
        print("[fuzz] euno_lint changed: restarting on the new code", file=sys.stderr, flush=True)
        faulthandler.cancel_dump_traceback_later()
        shutil.rmtree(self.workdir.parent, ignore_errors=True)
        self.inflight.unlink(missing_ok=True)
        reexec(self.state_file)

    def status(self) -> str:
        elapsed = max(time.time() - self.started, 1e-9)
        return (
            f"[fuzz] {elapsed:7.0f} s  {self.execs} execs  {self.execs / elapsed:.1f} execs/s  "
            f"{len(self.store.sizes)} unique crashes"
        )

    def finish(self, engine: str) -> None:
        """Print the summary (re-checking each crash on the current code), write summary.json."""
        elapsed = max(time.time() - self.started, 1e-9)
        faulthandler.cancel_dump_traceback_later()
        self.inflight.unlink(missing_ok=True)
        self.state_file.unlink(missing_ok=True)
        now_key = {key: self._replay_key(key) for key in sorted(self.store.sizes)}
        summary = {
            "engine": engine,
            "executions": self.execs,
            "seconds": round(elapsed, 1),
            "execs_per_second": round(self.execs / elapsed, 1),
            "restarts_on_code_change": self.restarts,
            "unique_crashes": len(self.store.sizes),
            "new_crashes": self.store.new,
            "hits_this_run": self.hits_sorted(),
            "on_current_code": now_key,
        }
        (self.store.root / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
        lines = [
            "",
            "=== euno-lint fuzz summary ===",
            f"engine:         {engine}",
            f"wall time:      {elapsed:.0f} s ({self.restarts} restarts on code changes)",
            f"executions:     {self.execs}",
            f"execs/s:        {self.execs / elapsed:.1f}",
            f"unique crashes: {len(self.store.sizes)} (new this run: {len(self.store.new)})",
        ]
        for key, current in now_key.items():
            hits = self.store.hits.get(key)
            seen = f"x{hits}" if hits else "earlier run"
            still = "still crashes" if current == key else f"now: {current or 'passes'}"
            lines.append(f"  {key}  ({seen}; {still})")
        lines.append(f"crash inputs:   {self.store.root}")
        print("\n".join(lines), file=sys.stderr, flush=True)
        shutil.rmtree(self.workdir.parent, ignore_errors=True)

    def _replay_key(self, key: str) -> str | None:
        data = (self.store.root / slug(key) / "input.fuzz").read_bytes()
        return outcome_key(data, self.workdir, self.timeout)[0]

    def hits_sorted(self) -> dict[str, int]:
        return dict(sorted(self.store.hits.items(), key=lambda item: -item[1]))


def reexec(state_file: Path | None) -> None:
    """Replace this process by a fresh run of the same command (resuming from state_file)."""
    sys.stdout.flush()
    sys.stderr.flush()
    env = dict(os.environ)
    if state_file is not None:
        env[STATE_ENV] = str(state_file)
    os.execve(sys.executable, [sys.executable, *ORIGINAL_ARGV], env)


# --------------------------------------------------------------------------- engines


def write_seeds(corpus: Path) -> list[Case]:
    """(Re)write the seed modules into the corpus directory; return them."""
    corpus.mkdir(parents=True, exist_ok=True)
    seeds = seed_cases(REPO)
    for name, case in seeds:
        (corpus / f"seed-{name}.fuzz").write_bytes(encode_case(case))
    return [case for _, case in seeds]


def run_random(runner: Runner, corpus: Path, seeds: list[Case], seed: int) -> None:
    """Mutation fuzzing without coverage feedback: stacked mutations of corpus and seeds."""
    rng = Random(seed + runner.restarts)
    chooser = RandomChooser(rng)
    pool = seeds + [decode_case(p.read_bytes()) for p in sorted(corpus.glob("*")) if p.is_file()]
    recent: list[Case] = []
    while time.time() < runner.deadline and not runner.stop_requested:
        base = pick(chooser, recent) if recent and rng.random() < 0.3 else pick(chooser, pool)
        case = mutate(base, chooser, seeds)
        runner.execute(encode_case(case))
        if rng.random() < 0.1:
            recent.append(case)
            if len(recent) > 500:
                recent.pop(rng.randrange(len(recent)))


def run_atheris(runner: Runner, corpus: Path, seeds: list[Case], args: argparse.Namespace) -> None:
    """Coverage-guided fuzzing with libFuzzer; returns never (exits the process at the end)."""
    import atheris  # type: ignore[import-untyped,import-not-found,unused-ignore]

    def test_one_input(data: bytes) -> None:
        try:
            runner.execute(data)
        except KeyboardInterrupt:
            runner.stop_requested = True
        if runner.stop_requested or time.time() >= runner.deadline:
            runner.finish("atheris")
            os._exit(0)

    def custom_mutator(data: bytes, max_size: int, seed: int) -> bytes:
        rng = Random(seed)
        if rng.random() < 0.25:
            mutated: bytes = atheris.Mutate(data, max_size)
            return mutated
        try:
            case = mutate(decode_case(data), RandomChooser(rng), seeds, count=1 + rng.randrange(4))
        except Exception:  # a bug of ours must not end the run: report it, mutate bytes
            traceback.print_exc()
            fallback: bytes = atheris.Mutate(data, max_size)
            return fallback
        return encode_case(case)[:max_size]

    def custom_crossover(data1: bytes, data2: bytes, max_size: int, seed: int) -> bytes:
        rng = Random(seed)
        first, second = decode_case(data1), decode_case(data2)
        if second.files and rng.random() < 0.5:  # take a whole file of the other case
            name = rng.choice(sorted(second.files))
            first.files[name] = second.files[name]
        else:
            try:
                first = mutate(first, RandomChooser(rng), [second], count=1)
            except Exception:  # a bug of ours must not end the run
                traceback.print_exc()
        return encode_case(first)[:max_size]

    libfuzzer_args = [
        sys.argv[0],
        str(corpus),
        f"-max_len={args.max_len}",
        "-timeout=0",  # our own SIGALRM limit reports hangs without killing the run
        "-handle_int=0",
        "-handle_term=0",
        f"-max_total_time={int(runner.deadline - time.time()) + 60}",
        "-rss_limit_mb=4096",
        "-print_final_stats=1",
        f"-seed={args.seed + runner.restarts}",
    ]
    atheris.Setup(
        libfuzzer_args,
        test_one_input,
        custom_mutator=custom_mutator,
        custom_crossover=custom_crossover,
    )
    atheris.Fuzz()


def import_target(instrument: bool) -> None:
    """Import euno_lint (every submodule) and the target, instrumented for coverage if asked."""
    if instrument:
        import atheris  # type: ignore[import-untyped,import-not-found,unused-ignore]

        with atheris.instrument_imports(include=INSTRUMENTED):
            _import_all()
    else:
        _import_all()


def _import_all() -> None:
    import euno_lint

    for module in pkgutil.walk_packages(euno_lint.__path__, "euno_lint."):
        if module.name != "euno_lint.__main__":
            importlib.import_module(module.name)
    importlib.import_module("fuzz.target")


# --------------------------------------------------------------------------- replay, minimize


def load_input(path: Path) -> bytes:
    """An input as bytes: a .fuzz file, a crash directory, a Terraform file or module dir."""
    return encode_case(case_from_path(path))


def outcome_key(data: bytes, workdir: Path, timeout: float) -> tuple[str | None, str]:
    """Run an input once: its crash key (None when it passes) and the traceback."""
    from tests.fuzzing.target import LintTimeout, crash_key, run_case, time_limit

    try:
        with time_limit(timeout):
            run_case(decode_case(data), workdir)
    except (Exception, LintTimeout) as error:
        return crash_key(error), "".join(traceback.format_exception(error))
    return None, ""


def replay(paths: Sequence[Path], workdir: Path, timeout: float, verbose: bool) -> int:
    """Re-run inputs; exit status 1 when any still crashes."""
    failed = 0
    for path in paths:
        key, details = outcome_key(load_input(path), workdir, timeout)
        print(f"{path}: {key or 'ok'}")
        if key and verbose:
            print(details)
        failed += key is not None
    return 1 if failed else 0


def ddmin(items: list[T], still_fails: Callable[[list[T]], bool]) -> list[T]:
    """Delta debugging: a smaller list for which still_fails holds (1-minimal per chunk size)."""
    chunks = 2
    while len(items) >= 2:
        size = max(1, len(items) // chunks)
        reduced = False
        for start in range(0, len(items), size):
            candidate = items[:start] + items[start + size :]
            if candidate and still_fails(candidate):
                items = candidate
                chunks = max(chunks - 1, 2)
                reduced = True
                break
        if not reduced:
            if size == 1:
                break
            chunks = min(len(items), chunks * 2)
    return items


def _file_tester(
    case: Case, name: str, joiner: bytes, fails: Callable[[Case], bool]
) -> Callable[[list[bytes]], bool]:
    def still(parts: list[bytes]) -> bool:
        trial = case.copy()
        trial.files[name] = joiner.join(parts)
        return fails(trial)

    return still


def minimize(path: Path, workdir: Path, timeout: float) -> int:
    """Shrink one crashing input while it keeps its crash key; write minimized.fuzz beside it."""
    data = load_input(path)
    key, _ = outcome_key(data, workdir, timeout)
    if key is None:
        print(f"{path}: does not crash")
        return 1
    print(f"minimizing {key} from {len(data)} bytes", flush=True)
    case = decode_case(data)

    def fails(candidate: Case) -> bool:
        return outcome_key(encode_case(candidate), workdir, timeout)[0] == key

    for name in sorted(case.files):
        without = case.copy()
        del without.files[name]
        if without.files and fails(without):
            case = without
    for attribute, default in (("target", ""), ("var_file", ""), ("color", False)):
        simpler = case.copy()
        setattr(simpler, attribute, default)
        if fails(simpler):
            case = simpler
    splitters: list[tuple[Callable[[bytes], list[bytes]], bytes, int]] = [
        (lambda b: b.split(b"\n"), b"\n", 1 << 30),
        (tokens_of, b"", 1 << 30),
        (lambda b: [bytes([c]) for c in b], b"", 4096),
    ]
    for name in sorted(case.files):
        for split, joiner, limit in splitters:
            parts = split(case.files[name])
            if len(parts) > limit:
                continue
            still = _file_tester(case, name, joiner, fails)
            kept: list[bytes] = ddmin(parts, still)
            case.files[name] = joiner.join(kept)
    result = encode_case(case)
    destination = (path if path.is_dir() else path.parent) / "minimized.fuzz"
    destination.write_bytes(result)
    from tests.fuzzing.target import write_case

    write_case(case, destination.parent / "minimized")
    print(f"{key}: {len(data)} -> {len(result)} bytes, written to {destination}")
    return 0


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=20.0, help="wall-time budget")
    parser.add_argument("--corpus", type=Path, default=REPO / "fuzz" / "corpus")
    parser.add_argument("--crashes", type=Path, default=REPO / "fuzz" / "crashes")
    parser.add_argument("--engine", choices=["atheris", "random"], default=None)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per input")
    parser.add_argument("--max-len", type=int, default=20000, help="largest input (atheris)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--replay", type=Path, nargs="+", help="re-run saved inputs and exit")
    parser.add_argument("--minimize", type=Path, help="shrink one crash input and exit")
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser.parse_args(argv)


def _has_atheris() -> bool:
    try:
        import atheris  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="euno-fuzz-")) / "module"
    if args.replay or args.minimize:
        import_target(instrument=False)
        try:
            if args.minimize:
                return minimize(args.minimize, workdir, args.timeout)
            return replay(args.replay, workdir, args.timeout, args.verbose)
        finally:
            shutil.rmtree(workdir.parent, ignore_errors=True)
    engine: str = args.engine or ("atheris" if _has_atheris() else "random")
    resume = Path(os.environ[STATE_ENV]) if os.environ.get(STATE_ENV) else None
    try:
        import_target(instrument=engine == "atheris")
    except Exception:
        if resume is None or not resume.is_file():
            raise
        # Restarted while euno_lint is half edited (a syntax error, say): try again shortly.
        traceback.print_exc()
        time.sleep(20)
        if time.time() < json.loads(resume.read_text(encoding="utf-8"))["deadline"]:
            reexec(resume)
        return 2
    seeds = write_seeds(args.corpus)
    store = CrashStore(args.crashes)
    runner = Runner(store, args.timeout, workdir, deadline=time.time() + args.minutes * 60)
    if resume is not None and resume.is_file():
        runner.load_state()

    def stop(signum: int, frame: FrameType | None) -> None:
        runner.stop_requested = True

    signal.signal(signal.SIGTERM, stop)
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, stop)
    print(
        f"[fuzz] engine {engine}, {len(seeds)} seeds, "
        f"{(runner.deadline - time.time()) / 60:.1f} min left",
        file=sys.stderr,
        flush=True,
    )
    if engine == "atheris":
        run_atheris(runner, args.corpus, seeds, args)
    run_random(runner, args.corpus, seeds, args.seed)
    runner.finish(engine)
    return 0


if __name__ == "__main__":
    sys.exit(main())
