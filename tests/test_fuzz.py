"""Fuzzing in the normal suite: mutated example configurations never crash or hang euno-lint.

A short, derandomized hypothesis run over the mutations of `fuzz.mutations` (the long,
coverage-guided run is fuzz/fuzz_lint.py), plus one regression test per input the long run
found under tests/fuzz_regressions/.
"""

from __future__ import annotations

import json
import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from euno_lint import reporters
from tests.fuzzing.mutations import Case, case_from_path, mutate, seed_cases
from tests.fuzzing.target import LintTimeout, Outcome, run_case, time_limit

REPO = Path(__file__).resolve().parent.parent
REGRESSIONS = Path(__file__).parent / "fuzz_regressions"
PER_CASE_SECONDS = 10.0
EXAMPLES = 150  # the same examples every run: derandomized, no database


@cache
def _seeds() -> tuple[Case, ...]:
    seeds = tuple(case for _, case in seed_cases(REPO))
    assert len(seeds) >= 10, "the examples and fixtures should give many seed modules"
    return seeds


class _DrawChooser:
    """Mutation decisions drawn from hypothesis, so that failures shrink."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def below(self, n: int) -> int:
        return self.data.draw(st.integers(0, n - 1)) if n > 1 else 0


def _lint(case: Case) -> Outcome:
    """Lint the case in a fresh directory under a hang detector; a hang fails the test."""
    with tempfile.TemporaryDirectory(prefix="euno-fuzz-") as tmp:
        try:
            with time_limit(PER_CASE_SECONDS):
                return run_case(case, Path(tmp) / "module")
        except LintTimeout as error:
            raise AssertionError(f"euno-lint hung: {error}") from None


def _check_outputs(outcome: Outcome) -> None:
    if outcome.report is None:  # an unusable --var-file: a documented usage error
        return
    assert set(outcome.outputs) == set(reporters.REPORTERS)
    assert all(isinstance(output, str) for output in outcome.outputs.values())
    document = json.loads(outcome.outputs["json"])
    assert {"version", "findings", "summary"} <= document.keys()
    if "sarif" in outcome.outputs:
        assert json.loads(outcome.outputs["sarif"])["version"] == "2.1.0"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_mutated_configurations_never_crash(data: st.DataObject) -> None:
    seeds = _seeds()
    chooser = _DrawChooser(data)
    case = mutate(seeds[chooser.below(len(seeds))], chooser, donors=seeds)
    _check_outputs(_lint(case))


def _regressions() -> list[Path]:
    if not REGRESSIONS.is_dir():
        return []
    return sorted(p for p in REGRESSIONS.iterdir() if not p.name.startswith((".", "README")))


@pytest.mark.parametrize("path", _regressions(), ids=lambda p: p.name)
def test_fuzz_regression(path: Path) -> None:
    case = case_from_path(path)
    _check_outputs(_lint(case))
    if not case.target:  # also as pre-commit calls it: each file given by name
        for name in sorted(n for n in case.files if n.endswith(".tf")):
            given_file = case.copy()
            given_file.target = name
            _check_outputs(_lint(given_file))
