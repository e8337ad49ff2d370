"""Problems the engine reports itself, not from a rule's check: files it cannot use."""

from __future__ import annotations

from euno_lint.findings import Severity
from euno_lint.rule import EngineRule
from euno_lint.rules.examples import CLEAN_EXAMPLE


class ParseError(EngineRule):
    code = "EUNO001"
    name = "parse-error"
    severity = Severity.ERROR
    summary = "A file cannot be read or parsed"
    why = """
A file that cannot be read or parsed cannot be checked, and Terraform will refuse it too.
euno-lint never skips such a file silently: it reports where parsing stopped, in its own
words (the parser's messages can quote the rest of the file, secrets included), and goes
on with the other files. The location is the parser's position, or 1:1 when none is known.

Only files euno-lint needs are parsed: those that mention `euno_` and, when their directory
holds an `euno_hex_integration`, the other `.tf` and `.tfvars` files of that directory.
Syntax errors elsewhere are not reported. This finding cannot be suppressed by a comment
(the comment may be what cannot be parsed): exclude the file instead.
"""
    example = """
resource "euno_hex_integration" "sales" {
  name = "sales-analytics"

  schedule {
    frequency = "daily"
  # the closing brace of this block is missing
}
"""
    fix = CLEAN_EXAMPLE
