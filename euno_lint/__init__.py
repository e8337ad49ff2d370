"""euno-lint: policy and lint checks for Terraform configurations of the Euno provider.

The public API is small: `lint_paths` lints files and directories and returns a `Report` of
`Finding`s. Importing this package is cheap; the engine loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from euno_lint.engine import LintOptions, lint_paths
    from euno_lint.findings import Finding, Report, Severity

__all__ = ["Finding", "LintOptions", "Report", "Severity", "__version__", "lint_paths"]


def __getattr__(name: str) -> Any:
    if name in ("lint_paths", "LintOptions"):
        from euno_lint import engine

        return getattr(engine, name)
    if name in ("Finding", "Report", "Severity"):
        from euno_lint import findings

        return getattr(findings, name)
    raise AttributeError(f"module 'euno_lint' has no attribute {name!r}")
