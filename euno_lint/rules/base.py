"""The rule framework: a rule is a few declared values and one check function.

A rule declares its `code`, `name`, `severity`, `summary` and documentation (`why`, `example`,
`fix`), and yields `Violation`s from `check`. It never opens a file, formats output or decides
its own final severity: the engine stamps location, code and severity. What `check` receives
depends on the rule's kind: one resource, one module, every resource of the run, or one file's
text. Engine rules (parse errors, suppression problems) have no check: the engine reports them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar, NamedTuple

from pydantic import BaseModel, ConfigDict

from euno_lint.findings import Place, Severity, Span, Violation
from euno_lint.terraform.resource import Module, Resource


class NoOptions(BaseModel):
    """The options of a rule that has none."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Rule:
    """The metadata every rule declares; subclasses add a `check` for their kind."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    why: ClassVar[str] = ""
    # A configuration that triggers the rule, and the same configuration fixed: one main.tf,
    # or several files by name. Both are executed by the tests and shown on the rule's page.
    example: ClassVar[str | Mapping[str, str]] = ""
    fix: ClassVar[str | Mapping[str, str]] = ""
    # When `--fix` can correct a finding, and whether the fix is safe: one sentence starting
    # "safe" or "unsafe" (or both, when some findings have one kind); "" when never.
    autofix: ClassVar[str] = ""
    tags: ClassVar[tuple[str, ...]] = ()
    precision: ClassVar[str] = "very-high"
    security_severity: ClassVar[str | None] = None
    # Codes whose finding on the same lines makes this rule's finding redundant.
    superseded_by: ClassVar[tuple[str, ...]] = ()
    # Whether an inline comment may suppress a finding, and whether configuration may turn
    # the rule off.
    suppressible: ClassVar[bool] = True
    can_be_disabled: ClassVar[bool] = True
    # A finding of this rule means its file was not analysed at all (SARIF reports it as a
    # tool execution notification too).
    means_not_analysed: ClassVar[bool] = False
    # The schema dialects (a profile's "documented" or "code") whose resources the rule checks.
    dialects: ClassVar[frozenset[str]] = frozenset({"documented", "code"})
    Options: ClassVar[type[BaseModel]] = NoOptions

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        # Defaults need no validation; building a validator for every rule would cost time.
        self.options = (
            self.Options.model_validate(dict(options))
            if options
            else self.Options.model_construct()
        )


class EngineRule(Rule):
    """A problem the engine itself reports (a file it cannot parse, a bad suppression)."""


class ResourceRule(Rule):
    """Checks one ``euno_*`` resource (or the provider block) at a time."""

    def applies_to(self, resource: Resource) -> bool:
        """Whether the rule checks this resource (by its profile's dialect)."""
        return resource.profile.dialect in self.dialects

    def check(self, resource: Resource) -> Iterator[Violation]:
        """Yield the problems of one resource."""
        raise NotImplementedError


class ModuleRule(Rule):
    """Checks a whole module: variables, tfvars and imports around the resources."""

    def check(self, module: Module) -> Iterator[Violation]:
        """Yield the problems of one module."""
        raise NotImplementedError


class NamedResource(NamedTuple):
    """What a run-wide rule knows of one resource instance: where its name is (`file` as
    displayed), the name, the profile it was checked against, the root module and provider
    configuration (account) it belongs to, the assumptions under which it exists with that
    name (condition key, value), and its block (file, header) shared by all its instances."""

    file: str
    span: Span
    address: str
    name: str
    reported: bool = True
    excerpt: str | None = None
    schema: str | None = None
    root: str = ""
    account: str = ""
    conditions: frozenset[tuple[str, bool]] = frozenset()
    block: tuple[str, Span] | None = None
    static_address: str = ""
    origin: str = ""  # "main.tf:16" when the name is written elsewhere (a module argument...)
    # Where the name attribute is, and where its value is written when elsewhere (absolute
    # files): related locations of a finding about the name.
    places: tuple[Place, ...] = ()


class RunRule(Rule):
    """Checks every resource of the run together (e.g. names unique in the account)."""

    @property
    def compares_run(self) -> bool:
        """Whether resources of different root modules are compared: then a run over some
        files must see every root module of their repository to judge them."""
        return False

    def check(
        self, resources: Sequence[NamedResource]
    ) -> Iterator[tuple[NamedResource, Violation]]:
        """Yield each offending resource with its problem."""
        raise NotImplementedError


class TextRule(Rule):
    """Scans a file's text, parsed or not (e.g. for leaked tokens).

    `marker` is a byte string every match contains: files without it are never decoded.
    """

    marker: ClassVar[bytes]

    def check(self, text: str) -> Iterator[Violation]:
        """Yield problems found in the text; `at` is a `Place` in the file ("" as path)."""
        raise NotImplementedError
