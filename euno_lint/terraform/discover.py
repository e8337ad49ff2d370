"""Find the files to lint and group them into modules (one directory is one module).

Directories are walked recursively, skipping hidden directories (``.git``, ``.terraform``) and,
by default, what ``.gitignore`` files ignore (matched by `pathspec`, git's own semantics).
Symbolic links are followed but a directory is never entered twice, so loops end. Files given
by name are linted whatever their ignore status; their directory's other Terraform files are
read for context (variables, locals, tfvars) but not reported on.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from euno_lint.paths import relative_inside

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

FileKind = Literal["tf", "tfvars", "tfvars_json"]


def file_kind(name: str) -> FileKind | None:
    """What a file is to us, judged by its name: configuration, tfvars, or nothing."""
    if name.endswith(".tf"):
        return "tf"
    if name.endswith(".tfvars"):
        return "tfvars"
    if name.endswith(".tfvars.json"):
        return "tfvars_json"
    return None


class Discovery(NamedTuple):
    """What was found: the directories to lint, and directories that could not be listed."""

    directories: list[DirectoryFiles]
    unreadable_dirs: list[tuple[str, str]]


class DirectoryFiles(NamedTuple):
    """The Terraform files of one directory (absolute paths, sorted) and which to report."""

    directory: str
    files: tuple[str, ...]
    reported: frozenset[str]


class InvalidPatternError(Exception):
    """An ``exclude`` pattern cannot be compiled."""


def exclusion_filter(patterns: Sequence[str], base: str) -> Callable[[str, bool], bool] | None:
    """A test of absolute paths against gitignore-style patterns relative to `base`."""
    if not patterns:
        return None
    from pathspec import GitIgnoreSpec

    try:
        spec = GitIgnoreSpec.from_lines(patterns)
    except ValueError as error:
        raise InvalidPatternError(f"invalid exclude pattern: {error}") from None

    def is_excluded(path: str, is_dir: bool) -> bool:
        relative = relative_inside(path, base)
        if relative is None:
            return False
        return bool(spec.match_file(relative + "/" if is_dir else relative))

    return is_excluded


class PathNotFoundError(Exception):
    """A path given on the command line does not exist."""

    def __init__(self, path: str) -> None:
        super().__init__(f"path does not exist: {path}")
        self.path = path


def discover(
    paths: Sequence[str],
    *,
    respect_gitignore: bool = True,
    is_excluded: Callable[[str, bool], bool] | None = None,
    cwd: str | None = None,
) -> Discovery:
    """Expand the given paths into modules, in a deterministic order."""
    ignore = _IgnoreRules() if respect_gitignore else None
    excluded = is_excluded or (lambda _path, _is_dir: False)
    files_by_dir: dict[str, set[str]] = {}
    reported_by_dir: dict[str, set[str]] = {}
    context_dirs: set[str] = set()
    unreadable: list[tuple[str, str]] = []

    def add(path: str, *, reported: bool) -> None:
        directory = os.path.dirname(path)
        files_by_dir.setdefault(directory, set()).add(path)
        if reported:
            reported_by_dir.setdefault(directory, set()).add(path)

    for given in paths:
        path = os.path.normpath(os.path.join(cwd or os.getcwd(), given))
        if not os.path.lexists(path):
            raise PathNotFoundError(given)
        if os.path.isdir(path):
            top = repository_root(path) or path
            if ignore is not None and path != top and ignore.is_ignored(path, True, top):
                top = path  # named on the command line: lint it, minding only its own ignores
            keep = _Filter(ignore, excluded, top)
            for found in _walk(path, keep, unreadable):
                add(found, reported=True)
        elif not excluded(path, False):
            add(path, reported=True)
            context_dirs.add(os.path.dirname(path))

    for directory in sorted(context_dirs):
        keep = _Filter(ignore, excluded, repository_root(directory) or directory)
        for sibling in _list_dir(directory):
            if keep(sibling, is_dir=False):
                add(sibling, reported=False)

    directories = [
        DirectoryFiles(d, tuple(sorted(files_by_dir[d])), frozenset(reported_by_dir.get(d, ())))
        for d in sorted(files_by_dir)
        if d in reported_by_dir
    ]
    return Discovery(directories, sorted(set(unreadable)))


class _Filter(NamedTuple):
    """Decides whether a walked path is kept: not excluded and not ignored by git."""

    ignore: _IgnoreRules | None
    excluded: Callable[[str, bool], bool]
    top: str

    def __call__(self, path: str, *, is_dir: bool) -> bool:
        if self.excluded(path, is_dir):
            return False
        return self.ignore is None or not self.ignore.is_ignored(path, is_dir, self.top)


def _list_dir(directory: str) -> Iterable[str]:
    try:
        with os.scandir(directory) as entries:
            names = [e.name for e in entries if not _entry_is_dir(e)]
    except OSError:
        return []
    return [os.path.join(directory, n) for n in sorted(names) if file_kind(n)]


def _entry_is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _walk(root: str, keep: _Filter, unreadable: list[tuple[str, str]]) -> Iterable[str]:
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            info = os.stat(directory)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in seen:
            continue  # a symlink loop, or a second link to a directory already walked
        seen.add((info.st_dev, info.st_ino))
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as error:
            unreadable.append((directory, error.strerror or "cannot list directory"))
            continue
        subdirs: list[str] = []
        for entry in entries:
            if _entry_is_dir(entry):
                if not entry.name.startswith(".") and keep(entry.path, is_dir=True):
                    subdirs.append(entry.path)
            elif file_kind(entry.name) and keep(entry.path, is_dir=False):
                yield entry.path
        stack.extend(reversed(subdirs))


class _IgnoreRules:
    """The ``.gitignore`` files that apply to a path, deepest first, loaded on demand."""

    def __init__(self) -> None:
        self._specs: dict[str, _Spec | None] = {}
        self._chains: dict[tuple[str, str], tuple[tuple[str, _Spec], ...]] = {}

    def is_ignored(self, path: str, is_dir: bool, top: str) -> bool:
        """Whether git would ignore this path, consulting .gitignore files up to `top`."""
        for directory, spec in self._chain(os.path.dirname(path), top):
            # `path` lies below `directory`: slicing is the relative path, without relpath's cost.
            relative = path[len(directory) + 1 :].replace(os.sep, "/")
            decision = spec.decide(relative + "/" if is_dir else relative)
            if decision is not None:
                return decision
        return False

    def _chain(self, directory: str, top: str) -> tuple[tuple[str, _Spec], ...]:
        """The directories from `directory` up to `top` that hold a .gitignore, deepest first."""
        key = (directory, top)
        if key not in self._chains:
            spec = self._spec(directory)
            own = ((directory, spec),) if spec is not None else ()
            parent = os.path.dirname(directory)
            above = () if directory == top or parent == directory else self._chain(parent, top)
            self._chains[key] = own + above
        return self._chains[key]

    def _spec(self, directory: str) -> _Spec | None:
        if directory not in self._specs:
            spec = _load_gitignore(os.path.join(directory, ".gitignore"))
            self._specs[directory] = _Spec(spec) if spec is not None else None
        return self._specs[directory]


class _Spec:
    """A .gitignore's patterns, with one combined regular expression as a fast first test.

    Most paths match no pattern at all; one search over the alternation of every pattern says
    so at once, and only the rare path that matches something gets pathspec's full answer
    (which pattern wins, negations included).
    """

    def __init__(self, spec: GitIgnoreSpec) -> None:
        self.spec = spec
        self.any_pattern = _combined_regex(spec)

    def decide(self, relative: str) -> bool | None:
        """True: ignored; False: re-included by a negation; None: no pattern matches."""
        if self.any_pattern is not None and self.any_pattern.match(relative) is None:
            return None
        result = self.spec.check_file(relative)
        return None if result.include is None else bool(result.include)


def _combined_regex(spec: GitIgnoreSpec) -> re.Pattern[str] | None:
    sources = []
    for pattern in spec.patterns:
        regex = getattr(pattern, "regex", None)
        if getattr(pattern, "include", None) is None or regex is None:
            continue
        sources.append(re.sub(r"\(\?P<\w+>", "(?:", regex.pattern))
    if not sources:
        return None
    try:
        return re.compile("|".join(f"(?:{source})" for source in sources))
    except re.error:  # an unexpected pattern shape: do without the shortcut
        return None


def repository_root(directory: str) -> str | None:
    """The nearest directory at or above `directory` that holds ``.git``."""
    probe = directory
    while not os.path.exists(os.path.join(probe, ".git")):
        parent = os.path.dirname(probe)
        if parent == probe:
            return None
        probe = parent
    return probe


def _load_gitignore(path: str) -> GitIgnoreSpec | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    from pathspec import GitIgnoreSpec  # only paid for when a .gitignore exists

    try:
        return GitIgnoreSpec.from_lines(lines)
    except ValueError:  # pathspec rejects some patterns git silently ignores ("!" alone)
        return GitIgnoreSpec.from_lines([line for line in lines if _valid_pattern(line)])


def _valid_pattern(line: str) -> bool:
    from pathspec import GitIgnoreSpec

    try:
        GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True
