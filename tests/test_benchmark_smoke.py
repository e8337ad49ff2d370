"""The benchmark suite runs end to end on miniature workloads; timings are never asserted."""

from __future__ import annotations

from pathlib import Path

from tests.benchmarking import generate, run

COMMAND_KEYS = ("python", "version", "F1", "W1", "W2", "W3 j1", "W3 j2", "W4", "F4", "W5")


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
    _check_modules_workload(outcome)
    assert outcome.latency is not None and outcome.latency.problems == ()
    assert len(outcome.latency.samples) == run.LSP_EDITS["tiny"]
    assert any(line.startswith("L1 language server: ") for line in lines)


def _check_modules_workload(outcome: run.Outcome) -> None:
    """W5's root module (envs/prod) calls the hex module, whose for_each makes an instance of
    each project of the call: euno-lint counts every instance and reports the planted mistake."""
    w5 = next(m for m in outcome.measured if m.command.key == "W5")
    workload = w5.command.workload
    assert workload is not None and w5.summary is not None
    assert w5.command.argv[-1] == "envs/prod"
    instances = generate.TINY.module_calls * generate.TINY.projects_per_call
    assert w5.summary["resources"] == workload.euno_resources == instances
    found = w5.summary["errors"] + w5.summary["warnings"]
    assert found >= workload.planted_problems >= 1


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
