"""The same input gives byte-identical output: across runs, --jobs, argument order, hash seeds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from euno_lint.engine.pool import PARALLEL_MIN_BYTES
from tests.conftest import CLEAN_RESOURCE, write_tree

FORMATS = ["text", "json", "sarif"]


@pytest.fixture(scope="module")
def workload(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough modules, with enough configuration, that --jobs 2 really uses two processes."""
    root = tmp_path_factory.mktemp("determinism")
    padding = "".join(
        f'resource "aws_s3_bucket" "b{n}" {{\n  bucket = "bucket-{n}"\n}}\n' for n in range(150)
    )
    files: dict[str, str] = {}
    for index in range(12):
        problems = CLEAN_RESOURCE.replace('"daily"', '"Daily"' if index % 2 else '"weekly"')
        problems = problems.replace('"sales"', f'"team-{index % 5}"')
        files[f"team{index:02d}/main.tf"] = problems + padding
        files[f"team{index:02d}/terraform.tfvars"] = f'unused = "x{index}"\n'
    files["shared/broken.tf"] = 'resource "euno_hex_integration" "x" {\n'
    write_tree(root, files)
    size = sum(len(content) for content in files.values())
    assert size > PARALLEL_MIN_BYTES
    return root


def _run(root: Path, *args: str, seed: str = "0") -> bytes:
    environment = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "euno_lint", "--isolated", *args],
        cwd=root, env=environment, capture_output=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_jobs_and_hash_seeds_do_not_change_the_output(workload: Path, fmt: str) -> None:
    reference = _run(workload, "--format", fmt, "--jobs", "1", ".")
    assert _run(workload, "--format", fmt, "--jobs", "2", ".", seed="12345") == reference
    assert _run(workload, "--format", fmt, "--jobs", "3", ".", seed="random") == reference


def test_argument_order_does_not_change_the_output(workload: Path) -> None:
    names = sorted(str(p.relative_to(workload)) for p in workload.rglob("*.tf"))
    forward = _run(workload, "--format", "json", *names)
    backward = _run(workload, "--format", "json", *reversed(names))
    assert forward == backward
