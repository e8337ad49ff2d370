"""The benchmark suite runs end to end on miniature workloads; timings are never asserted."""

from __future__ import annotations

from pathlib import Path

from tests.benchmarking import generate, run

COMMAND_KEYS = ("python", "version", "F1", "W1", "W2", "W3 j1", "W3 j2", "W4", "F4")


def test_tiny_benchmark_prints_every_workload_and_target(tmp_path: Path) -> None:
    outcome = run.benchmark(tmp_path, generate.TINY, runs=1, warmup=0)
    lines = run.render(outcome).splitlines()

    for key in COMMAND_KEYS:
        assert any(line.startswith(f"{key} ") for line in lines), f"no table row for {key}"
    for label in run.VERDICT_LABELS:
        row = next((line for line in lines if line.startswith(label)), None)
        assert row is not None, f"no target line for {label}"
        assert row.endswith(("PASS", "FAIL")), row
    assert [p for m in outcome.measured for p in m.problems] == []


def test_generation_is_byte_for_byte_deterministic(tmp_path: Path) -> None:
    first = generate.generate(tmp_path / "first", generate.TINY)
    second = generate.generate(tmp_path / "second", generate.TINY)

    assert first == second
    assert _files(tmp_path / "first") == _files(tmp_path / "second")


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
