"""Shared helpers: run the CLI in-process and write small Terraform trees."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from euno_lint.cli import main

CLEAN_RESOURCE = """\
variable "hex_api_token" {
  type      = string
  sensitive = true
}

resource "euno_hex_integration" "main" {
  name = "sales"

  schedule {
    frequency = "daily"
  }

  invalidation_strategy {
    revision_id = "2024-06"
    ttl_days    = 7
  }

  configuration {
    api_token    = var.hex_api_token
    project_id   = "0b7c6a52-1f1e-4c7e-9d3a-3f0e8f1e2a10"
    namespace_id = "analytics"
  }
}
"""


@dataclass(frozen=True)
class CliResult:
    """What one in-process CLI run produced."""

    exit_code: int
    stdout: str
    stderr: str


# The type of the `run_cli` fixture: run_cli(args, cwd=None) -> CliResult.
Run = Callable[..., CliResult]


@pytest.fixture
def run_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., CliResult]:
    """Run ``euno-lint ARGS`` in-process from a given directory."""

    def run(args: Sequence[str], cwd: Path | None = None) -> CliResult:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        out, err = capsys.readouterr()
        code = exit_info.value.code
        return CliResult(code if isinstance(code, int) else 0, out, err)

    return run


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Create files under root (text is dedented), returning root."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root
