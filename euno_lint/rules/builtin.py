"""Problems the engine reports itself, not from a rule's check: files it cannot use."""

from __future__ import annotations

from typing import ClassVar

from euno_lint.findings import Severity
from euno_lint.rules.base import EngineRule
from euno_lint.rules.examples import CLEAN_EXAMPLE


class ParseError(EngineRule):
    code = "EUNO001"
    name = "parse-error"
    severity = Severity.ERROR
    summary = "A file or directory cannot be read, or a file cannot be parsed"
    suppressible = False
    can_be_disabled = False
    means_not_analysed = True
    why = """
A file that cannot be read or parsed cannot be checked. Usually Terraform refuses it too, but
not always: euno-lint's HCL parser (python-hcl2's grammar) cannot read a few forms of valid
Terraform, and then the message says so ("valid Terraform that euno-lint's HCL parser does not
support: ...") and how to rewrite the line to have the file checked. Any other message is most
likely a real syntax error; if `terraform validate` accepts the file, it is one more form the
parser cannot read: exclude the file (and report it). euno-lint never skips a file silently: it
reports where parsing stopped, in its own words (the parser's messages can quote the rest of
the file, secrets included), and goes on with the other files. The location is the parser's
position, or 1:1 when none is known. A file or directory that cannot be read at all (permission
denied, a broken symbolic link) is reported at its path with the reason.

Only files euno-lint needs are parsed: those that mention `euno_` and, when their directory
holds an `euno_hex_integration`, the other `.tf` and `.tfvars` files of that directory.
Syntax errors elsewhere are not reported. This finding cannot be suppressed by a comment
(the comment may be what cannot be parsed): exclude the file instead.
"""
    suppress_help: ClassVar[str] = """
A comment cannot suppress EUNO001, and configuration cannot disable it: the comment may sit in
the very text that cannot be read, and a file euno-lint could not check must not pass
unnoticed. Exclude the file instead (`exclude = ["path/to/file.tf"]` in `.euno-lint.toml`).
For valid Terraform the parser cannot read, the message says what to rewrite.
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


class InvalidSuppression(EngineRule):
    code = "EUNO002"
    name = "invalid-suppression"
    severity = Severity.WARNING
    summary = "A suppression comment does not parse or names an unknown rule"
    suppressible = False
    why = """
A suppression that does not work is worse than none: the finding it meant to silence comes
back, or, in other linters, a typo silently disables nothing while everyone believes it does.
euno-lint reports every comment that starts like a directive but cannot be used: a missing
`:`, no rule named (there is no blanket form), an unknown rule (the message suggests the
closest code), a `-file` directive after the first block, EUNO001 (which only excluding the
file can silence), and, when the configuration says so, a directive without `-- reason` or
any directive at all (`allow-inline-suppressions = false`). An unusable directive suppresses
nothing.
"""
    suppress_help: ClassVar[str] = """
A comment cannot suppress EUNO002: fix the directive it reports (the message names the closest
rule code), or remove it. To turn the rule off for a repository, `ignore = ["EUNO002"]` in
`.euno-lint.toml`.
"""
    example = CLEAN_EXAMPLE.replace(
        '  name = "sales-analytics"\n',
        '  name = "sales-analytics" # euno-lint-ignore: EUNO5O1 -- names are unique per region\n',
    )
    fix = CLEAN_EXAMPLE


class UnusedSuppression(EngineRule):
    code = "EUNO003"
    name = "unused-suppression"
    severity = Severity.WARNING
    summary = "A suppression comment suppresses nothing"
    suppressible = False
    why = """
A suppression whose finding is gone (the problem was fixed, the code moved) hides the next
real problem on that line. euno-lint reports each directive, naming the codes that matched no
finding, so that stale suppressions get removed. Codes of rules the configuration disables are
not reported as unused.
"""
    suppress_help: ClassVar[str] = """
A comment cannot suppress EUNO003: remove the directive, or the codes in it that match no
finding. To turn the rule off for a repository, `ignore = ["EUNO003"]` in `.euno-lint.toml`.
"""
    example = CLEAN_EXAMPLE.replace(
        '  name = "sales-analytics"\n',
        '  name = "sales-analytics" # euno-lint-ignore: EUNO501 -- legacy duplicate\n',
    )
    fix = CLEAN_EXAMPLE


_LOCALS_BOMB = "".join(f'  l{n} = "${{local.l{n - 1}}}${{local.l{n - 1}}}"\n' for n in range(1, 21))


class AnalysisLimitExceeded(EngineRule):
    code = "EUNO004"
    name = "analysis-limit"
    severity = Severity.ERROR
    summary = "A directory or value exceeds euno-lint's analysis limits and was not checked"
    suppressible = False
    can_be_disabled = False
    means_not_analysed = True
    why = """
A scanned repository may be built to make a linter hang or run out of memory: locals that
double a string forty times, reference chains hundreds of locals long, a directory that takes
minutes to analyse. euno-lint bounds every step, and what it stops is reported here, never
skipped in silence: a value that grows beyond a million characters or a chain of references
deeper than 100 locals (at the local where evaluation stopped; values depending on it are not
judged), and a directory that needs more CPU time than `analysis-timeout` (default 60 s; at its
first file: nothing else in it is reported). The limits count CPU time, so a busy machine gives
the same result as an idle one. Other directories are linted as usual. Like EUNO001, this
finding cannot be suppressed or disabled: exclude the files, or raise `analysis-timeout`.
"""
    suppress_help: ClassVar[str] = """
A comment cannot suppress EUNO004, and configuration cannot disable it: what euno-lint could
not analyse must stay visible. Exclude the files instead (`exclude = ["path/to/dir/"]` in
`.euno-lint.toml`), or raise `analysis-timeout` when a directory only needs more time.
"""
    example = (
        'locals {\n  l0 = "ab"\n'
        + _LOCALS_BOMB
        + "}\n\n"
        + CLEAN_EXAMPLE.replace('name = "sales-analytics"', "name = local.l20")
    )
    fix = CLEAN_EXAMPLE
