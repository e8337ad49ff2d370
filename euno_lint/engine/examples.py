"""Lint a rule's documentation example (one or several files) in a scratch directory."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

from euno_lint.config import Settings
from euno_lint.engine.options import LintOptions
from euno_lint.engine.run import lint_paths
from euno_lint.rules.reference import example_files


def lint_example(example: str | Mapping[str, str]) -> list[str]:
    """Lint a documentation example in a scratch directory; findings as printed lines."""
    with tempfile.TemporaryDirectory(prefix="euno-lint-example-") as scratch:
        for name, content in example_files(example).items():
            (Path(scratch) / name).write_text(content, encoding="utf-8")
        options = LintOptions(Settings(respect_gitignore=False), cwd=scratch)
        report = lint_paths(["."], options)
    return [str(finding) for finding in report.findings]
