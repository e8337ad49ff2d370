"""Running rules and shaping findings: from paths to a sorted, redacted, fingerprinted `Report`.

`run.lint_paths` orchestrates; `module` lints one directory, `pool` spreads directories over
worker processes, `stamp` is the one constructor of findings (it redacts with `redact`),
`suppress` applies inline suppressions, `superseded` drops redundant findings, and `baseline`
records and filters known findings.
"""

from __future__ import annotations

from euno_lint.engine.options import DirectorySettings, LintOptions, UsageError
from euno_lint.engine.run import lint_paths

__all__ = ["DirectorySettings", "LintOptions", "UsageError", "lint_paths"]
