"""What a run is given besides its paths: the settings, and where the run stands."""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from euno_lint.config import Settings
from euno_lint.terraform.discover import DirectoryFiles
from euno_lint.terraform.source import SourceError


class UsageError(Exception):
    """The run cannot start (a path that does not exist, an unreadable --var-file)."""


class DirectorySettings(NamedTuple):
    """The configuration that applies in a directory: the file it comes from, its settings
    (command line included) and the directories its relative paths are relative to."""

    source: str
    settings: Settings
    bases: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class LintOptions:
    """The effective settings of a run, its working directory and its project root.

    `bases` gives, per setting holding relative paths (``exclude``, ``var_files``), the
    directory they are relative to; settings not named there are relative to `cwd`. `root`
    (the git top level, else `cwd`) is what fingerprints, baselines and SARIF paths are
    relative to. `plan` is a plan in JSON (``terraform show -json``) to lint: with the
    configuration in the paths, its instances and values replace the static ones; without,
    findings point into the plan. `sources` are files to lint with this content instead of
    what is on disk, by absolute normalised path (an editor's buffer, from stdin); such a file
    may be given even when it is not on disk. `configuration` gives the configuration of a
    directory (absolute) when it is not the run's own (a nested ``.euno-lint.toml``): None
    there, or no callable, means `settings` apply. `callers` keeps, across runs that share it
    (a language server's session), the directories found to call given files' directories: the
    scan reads the whole repository, and its owner clears it when files change on disk.
    """

    settings: Settings = field(default_factory=Settings)
    cwd: str = field(default_factory=os.getcwd)
    root: str | None = None
    bases: Mapping[str, str] = field(default_factory=dict)
    plan: str | None = None
    sources: Mapping[str, bytes | SourceError] = field(default_factory=dict)
    configuration: Callable[[str], DirectorySettings | None] | None = None
    callers: dict[Hashable, list[DirectoryFiles]] | None = None

    def base_of(self, setting: str) -> str:
        """The directory the relative paths of a setting are relative to."""
        return self.bases.get(setting, self.cwd)
