"""Nested configurations: each directory is linted with the configuration nearest above it.

The run's own configuration (found from the linted paths) applies unless a directory has one
closer to it. A root module is linted with its directory's configuration (rules, options,
limits, provider schema); findings are then judged file by file: a finding in a file whose
configuration disables its rule is dropped, and it takes that configuration's severity.
Run-wide rules, suppression policy and the baseline follow the run's configuration.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable

from euno_lint.config import rule_set
from euno_lint.engine.options import DirectorySettings, LintOptions
from euno_lint.findings import Finding
from euno_lint.rules.ruleset import RuleSet
from euno_lint.terraform.discover import DirectoryFiles, exclusion_filter

RUN = ""  # the key of the run's own configuration


class Configurations:
    """Which configuration applies in each directory, and what it makes of the run."""

    def __init__(self, options: LintOptions, rules: RuleSet) -> None:
        self._lookup = options.configuration
        self._cwd = options.cwd
        self._keys: dict[str, str] = {}
        self._found: dict[str, DirectorySettings] = {}
        self._rules: dict[str, RuleSet] = {RUN: rules}
        self._excluded: dict[str, Callable[[str, bool], bool] | None] = {}

    def key_of(self, directory: str) -> str:
        """The configuration of a directory (absolute): RUN, or the file it comes from."""
        if self._lookup is None:
            return RUN
        key = self._keys.get(directory)
        if key is None:
            found = self._lookup(directory)
            key = RUN if found is None else found.source
            if found is not None:
                self._found.setdefault(key, found)
            self._keys[directory] = key
        return key

    @property
    def nested(self) -> bool:
        """Whether a directory seen so far has a configuration of its own."""
        return bool(self._found)

    def settings(self, key: str) -> DirectorySettings:
        """The settings of a configuration other than the run's."""
        return self._found[key]

    def rules(self, key: str) -> RuleSet:
        """The rules a configuration enables, with its options and severities."""
        if key not in self._rules:
            self._rules[key] = rule_set(self._found[key].settings)
        return self._rules[key]

    def without_excluded(self, directories: Iterable[DirectoryFiles]) -> list[DirectoryFiles]:
        """Drop what a directory's own configuration excludes (the run's exclusions applied
        when the tree was walked): a directory with nothing left to report, or (read only for
        what given files cause: nothing to report) with no file left."""
        kept = []
        for directory in directories:
            key = self.key_of(directory.directory)
            if key != RUN:
                excluded = self._exclusions(key)
                if excluded is None:
                    kept.append(directory)
                    continue
                files = tuple(f for f in directory.files if not excluded(f, False))
                reported = frozenset(f for f in directory.reported if f in files)
                if not (reported if directory.reported else files):
                    continue
                directory = directory._replace(files=files, reported=reported)
            kept.append(directory)
        return kept

    def judged(self, findings: Iterable[Finding]) -> list[Finding]:
        """Each finding as the configuration of its file sees it: dropped when that
        configuration disables its rule, with that configuration's severity."""
        judged = []
        for finding in findings:
            path = os.path.normpath(os.path.join(self._cwd, finding.path))
            key = self.key_of(os.path.dirname(path))
            if key != RUN:
                rules = self.rules(key)
                rule = next((r for r in rules.rules if r.code == finding.code), None)
                if rule is None:
                    continue
                severity = rules.severity_of(rule)
                if severity is not finding.severity:
                    finding = dataclasses.replace(finding, severity=severity)
            judged.append(finding)
        return judged

    def _exclusions(self, key: str) -> Callable[[str, bool], bool] | None:
        if key not in self._excluded:
            found = self._found[key]
            base = found.bases.get("exclude", self._cwd)
            self._excluded[key] = exclusion_filter(found.settings.exclude, base)
        return self._excluded[key]
