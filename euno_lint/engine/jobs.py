"""Which directories are root modules, and which directories each one's job must carry.

A root module is a linted directory that no other linted directory calls as a local module:
`envs/prod` and `envs/staging` are roots, the `modules/hex` they both call is not. Each root
becomes one job with the directories of every local module it may call (read from the
scanned tree when they lie outside the scanned paths: what is found there is reported, because
this root's values produce it). A root whose modules never mention euno needs no parsing:
only the text rules apply to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from euno_lint.engine.module import DirectorySources, Job
from euno_lint.paths import relative_inside
from euno_lint.terraform.calls import called_directories, read_module_directory
from euno_lint.terraform.discover import DirectoryFiles
from euno_lint.terraform.loader import mentions_euno
from euno_lint.terraform.source import read_bytes

MAX_CALLED_DIRECTORIES = 500


class JobPlan(NamedTuple):
    """The configurations still to lint, the directories that only need the text rules, the
    linted directories some other directory seemed to call (linted through their callers), and
    the directories started early as roots that turned out to be called (their outcomes are
    dropped: their callers' jobs lint them)."""

    jobs: list[Job]
    unparsed: list[DirectorySources]
    called: list[DirectorySources]
    dropped: frozenset[str] = frozenset()


def mentions_euno_anywhere(directory: DirectorySources) -> bool:
    """Whether any configuration file of the directory could hold an euno resource."""
    return any(
        path.endswith((".tf", ".tf.json")) and mentions_euno(content)
        for path, content in directory.contents
    )


class JobPlanner:
    """Plans the jobs of a run as its directories are read.

    Which directories are root modules is known only once every directory was read; but a
    directory that holds euno resources and calls no local module is nearly always a root, so
    it is handed out at once (`add`), to be linted while the rest is read. `plan` then says
    which jobs remain, and which early ones turned out to be called (rare: their outcomes are
    dropped).
    """

    def __init__(self, trees: Sequence[str]) -> None:
        self.trees = trees
        self.directories: list[DirectorySources] = []
        self.known: dict[str, DirectorySources | None] = {}
        self.calls: dict[str, set[str]] = {}
        self.mentions: dict[str, bool] = {}
        self.early: set[str] = set()

    def add(self, directory: DirectorySources) -> Job | None:
        """Record a linted directory; a job to start now when it is surely a root's."""
        self.directories.append(directory)
        self.known[directory.directory] = directory
        calls = self._calls_of(directory.directory)
        if not calls and self._mentions(directory):
            self.early.add(directory.directory)
            return Job((directory,))
        return None

    def plan(self) -> JobPlan:
        """The jobs not started yet, once every directory was added."""
        linted = {d.directory for d in self.directories}
        called_by_linted = {c for d in linted for c in self._calls_of(d) if c in linted}
        jobs: list[Job] = []
        unparsed: list[DirectorySources] = []
        in_jobs: set[str] = set()
        for directory in self.directories:
            if directory.directory in called_by_linted:
                continue
            if directory.directory in self.early:
                in_jobs.add(directory.directory)
                continue
            tree = _closure(directory.directory, self._calls_of, self._load)
            members = [directory, *(d for d in tree if d is not directory)]
            if any(self._mentions(d) for d in members):
                jobs.append(Job(tuple(members)))
                in_jobs.update(d.directory for d in members)
            else:
                unparsed.append(directory)
        called = [d for d in self.directories if d.directory in called_by_linted]
        unparsed.extend(d for d in called if d.directory not in in_jobs)
        return JobPlan(
            jobs,
            unparsed,
            [d for d in called if d.directory in in_jobs],
            frozenset(self.early & called_by_linted),
        )

    def _mentions(self, directory: DirectorySources) -> bool:
        if directory.directory not in self.mentions:
            self.mentions[directory.directory] = mentions_euno_anywhere(directory)
        return self.mentions[directory.directory]

    def _calls_of(self, directory: str) -> set[str]:
        if directory not in self.calls:
            found = self.known.get(directory)
            self.calls[directory] = (
                called_directories(directory, found.contents) if found else set()
            )
        return self.calls[directory]

    def _load(self, directory: str) -> DirectorySources | None:
        if directory not in self.known:
            tree = next((t for t in self.trees if relative_inside(directory, t) is not None), None)
            contents = read_module_directory(directory, tree) if tree is not None else None
            self.known[directory] = (
                DirectorySources(directory, contents, frozenset(p for p, _ in contents))
                if contents and len(self.known) < MAX_CALLED_DIRECTORIES
                else None
            )
        return self.known[directory]


def callers_of(targets: set[str], repository: Sequence[DirectoryFiles]) -> list[DirectoryFiles]:
    """The directories of the repository that call a target as a local module, directly or
    through other modules: for given files, the root modules that evaluate them."""
    reverse: dict[str, set[str]] = {}
    for directory in repository:
        if directory.directory in targets:
            continue
        contents = [(p, read_bytes(p)) for p in directory.files if p.endswith((".tf", ".tf.json"))]
        for callee in called_directories(directory.directory, contents):
            reverse.setdefault(callee, set()).add(directory.directory)
    found: set[str] = set()
    stack = list(targets)
    while stack:
        for caller in reverse.get(stack.pop(), ()):
            if caller not in found and caller not in targets:
                found.add(caller)
                stack.append(caller)
    return [d for d in repository if d.directory in found]


def plan_jobs(directories: Sequence[DirectorySources], trees: Sequence[str]) -> JobPlan:
    """The jobs of a run: one per root module, with the directories it may call."""
    planner = JobPlanner(trees)
    early = [job for job in map(planner.add, directories) if job is not None]
    planned = planner.plan()
    kept = [job for job in early if job.root not in planned.dropped]
    return planned._replace(jobs=kept + planned.jobs, dropped=frozenset())


def _closure(
    root: str,
    calls_of: Callable[[str], set[str]],
    load: Callable[[str], DirectorySources | None],
) -> list[DirectorySources]:
    """The directories reachable from `root` through local calls, root first."""
    order: list[DirectorySources] = []
    seen: set[str] = set()
    stack = [root]
    while stack:
        directory = stack.pop()
        if directory in seen:
            continue
        seen.add(directory)
        found = load(directory)
        if found is None:
            continue
        order.append(found)
        stack.extend(sorted(calls_of(directory), reverse=True))
    return order
