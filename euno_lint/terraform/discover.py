"""Find the files to lint and group them by directory (one directory is one module).

Directories are walked recursively, skipping hidden directories (``.git``, ``.terraform``) and,
by default, what ``.gitignore`` files ignore (git's rules, `ignore`). Inside a git work tree,
files the index tracks are linted even when ignored or hidden: committed means linted. Files
given by name are linted whatever their ignore status; their directory's other Terraform files
are read for context (variables, locals, tfvars) but not reported on.

The scanned tree is confined: a symbolic link that leads outside it (outside the git work tree
around a scanned path, else outside the scanned path) is not followed, and is reported. The
paths given to scan are held to the same rule: one that is a link, or lies below a linked
directory, and leads outside the git work tree around it (found lexically, never through a
link below the working directory), else outside the working directory (for a path inside it),
else outside the directory that holds it, is not read and is reported. A given file's
directory must lead inside too, since its other files are read for context. A directory is
never entered twice, so link loops end. ``.gitignore`` files are read only when
they are small regular files, never through a link and never blocking on a FIFO.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Literal, NamedTuple

from euno_lint.paths import relative_inside
from euno_lint.terraform import ignore
from euno_lint.terraform.gitindex import tracked_files
from euno_lint.terraform.source import SourceError, describe_os_error, read_bytes

FileKind = Literal["tf", "tf_json", "tfvars", "tfvars_json"]
MAX_GITIGNORE_BYTES = 256 * 1024


def file_kind(name: str) -> FileKind | None:
    """What a file is to us, judged by its name: configuration, tfvars, or nothing."""
    if name.endswith(".tf"):
        return "tf"
    if name.endswith(".tf.json"):
        return "tf_json"
    if name.endswith(".tfvars"):
        return "tfvars"
    if name.endswith(".tfvars.json"):
        return "tfvars_json"
    return None


class Discovery(NamedTuple):
    """What was found: the directories to lint, and what could not be looked at (directories
    that could not be listed, links that lead outside the scanned tree), with the reason."""

    directories: list[DirectoryFiles]
    unreadable: list[tuple[str, str]]


class DirectoryFiles(NamedTuple):
    """The Terraform files of one directory (absolute paths, sorted) and which to report;
    `given` when files of it were named (not the directory): then what is reported is what
    those files hold or cause."""

    directory: str
    files: tuple[str, ...]
    reported: frozenset[str]
    given: bool = False


class PathNotFoundError(Exception):
    """A path given on the command line does not exist."""

    def __init__(self, path: str) -> None:
        super().__init__(f"path does not exist: {path}")
        self.path = path


class InvalidPatternError(Exception):
    """An ``exclude`` pattern cannot be used."""


def exclusion_filter(patterns: Sequence[str], base: str) -> Callable[[str, bool], bool] | None:
    """A test of absolute paths against gitignore-style patterns relative to `base`."""
    if not patterns:
        return None
    found: list[ignore.Pattern] = []
    budget = ignore.PatternBudget()
    for text in patterns:
        if len(text) > ignore.MAX_PATTERN_LENGTH:
            raise InvalidPatternError(
                f"exclude pattern longer than {ignore.MAX_PATTERN_LENGTH:,} characters"
            )
        pattern = ignore.compile_pattern(text)
        if pattern is None and text.strip() and not text.startswith("#"):
            raise InvalidPatternError(f"invalid exclude pattern: {text!r}")
        if pattern is not None:
            if not budget.take(len(text)):
                raise InvalidPatternError(
                    f"exclude patterns longer than {ignore.MAX_PATTERN_TEXT // 1024} KiB in all"
                )
            found.append(pattern)
    compiled = ignore.Patterns(found)
    decisions: dict[tuple[str, bool], bool] = {}

    def decide(relative: str, is_dir: bool) -> bool:
        key = (relative, is_dir)
        if key not in decisions:
            parent = relative.rpartition("/")[0]
            decisions[key] = (bool(parent) and decide(parent, True)) or bool(
                ignore.decide(compiled, relative, is_dir)
            )
        return decisions[key]

    def is_excluded(path: str, is_dir: bool) -> bool:
        relative = relative_inside(path, base)
        return relative is not None and relative != "." and decide(relative, is_dir)

    return is_excluded


def discover(
    paths: Sequence[str],
    *,
    respect_gitignore: bool = True,
    is_excluded: Callable[[str, bool], bool] | None = None,
    cwd: str | None = None,
    virtual: Collection[str] = frozenset(),
) -> Discovery:
    """Expand the given paths into directories of files, in a deterministic order. A path in
    `virtual` (absolute, normalised) is a file even when it is not on disk: its content comes
    from elsewhere (stdin)."""
    ignores = _IgnoreRules() if respect_gitignore else None
    excluded = is_excluded or (lambda _path, _is_dir: False)
    files_by_dir: dict[str, set[str]] = {}
    reported_by_dir: dict[str, set[str]] = {}
    context_dirs: dict[str, _Filter] = {}
    problems: list[tuple[str, str]] = []
    tracked: dict[str, _Tracked | None] = {}

    walked: set[str] = set()

    def add(path: str, *, reported: bool, walk: bool = False) -> None:
        directory = os.path.dirname(path)
        files_by_dir.setdefault(directory, set()).add(path)
        if reported:
            reported_by_dir.setdefault(directory, set()).add(path)
        if walk:
            walked.add(directory)

    working = cwd or os.getcwd()
    for given in paths:
        path = os.path.normpath(os.path.join(working, given))
        if path not in virtual:
            unreadable = _unreachable(path)
            if unreadable is False:
                raise PathNotFoundError(given)
            if unreadable is not None:
                problems.append((path, unreadable))
                continue
        is_dir = os.path.isdir(path)
        directory = path if is_dir else os.path.dirname(path)
        top = _repository_top(directory, working)
        if not _given_path_inside(path, is_dir, top, working):
            problems.append((path, _OUTSIDE))
            continue
        if top is not None and top not in tracked:
            files = tracked_files(top)
            tracked[top] = _Tracked(files) if files is not None else None
        repository = tracked.get(top) if top is not None else None
        keep = _Filter(
            ignores, excluded, top or directory, _Confinement(top or directory), repository
        )
        if is_dir:
            named_inside_ignored = (
                ignores is not None
                and top is not None
                and path != top
                and ignores.is_ignored(path, True, top)
                and not keep.holds_tracked(path)
            )
            if named_inside_ignored:  # lint it, minding only its own ignores
                keep = keep._replace(top=path)
            for found in _walk(path, keep, problems):
                add(found, reported=True, walk=True)
        elif not excluded(path, False):
            add(path, reported=True)
            context_dirs.setdefault(directory, keep)

    for directory, keep in sorted(context_dirs.items()):
        for sibling in _siblings(directory, keep, problems):
            add(sibling, reported=False)

    directories = [
        DirectoryFiles(
            d,
            tuple(sorted(files_by_dir[d])),
            frozenset(reported_by_dir.get(d, ())),
            given=d in context_dirs and d not in walked,
        )
        for d in sorted(files_by_dir)
        if d in reported_by_dir
    ]
    return Discovery(directories, sorted(set(problems)))


def _unreachable(path: str) -> str | Literal[False] | None:
    """None when `path` can be looked at, False when it does not exist, else why it cannot
    be (a directory above it that cannot be searched, say)."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as error:
        what = "file" if file_kind(os.path.basename(path)) else "path"
        return f"cannot read {what}: {describe_os_error(error, path)}"
    return None


def repository_root(directory: str) -> str | None:
    """The nearest directory at or above `directory` that holds ``.git``."""
    probe = directory
    while not os.path.lexists(os.path.join(probe, ".git")):
        parent = os.path.dirname(probe)
        if parent == probe:
            return None
        probe = parent
    return probe


def _repository_top(directory: str, cwd: str) -> str | None:
    """The git work tree around `directory`, found lexically (`repository_root`), passing over
    a candidate reached through a symbolic link below the working directory: the scanned tree
    may have planted that link (to another repository, say), and its target is no boundary."""
    linked = _first_link_below(directory, cwd)
    probe = directory
    while True:
        below_link = linked is not None and relative_inside(probe, linked) is not None
        if not below_link and os.path.lexists(os.path.join(probe, ".git")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            return None
        probe = parent


def _first_link_below(path: str, cwd: str) -> str | None:
    """The shallowest directory of `path` strictly inside `cwd` that is a symbolic link."""
    relative = relative_inside(path, cwd)
    if relative is None or relative == ".":
        return None
    probe = cwd
    for part in relative.split("/"):
        probe = os.path.join(probe, part)
        if os.path.islink(probe):
            return probe
    return None


def _given_path_inside(path: str, is_dir: bool, top: str | None, cwd: str) -> bool:
    """Whether a path given to scan, and for a file its directory (whose other files are read
    for context), lead inside its confinement tree: the git work tree around it, else the
    working directory for a path inside it, else the directory that holds it. The tree is the
    lexical one (its real path), never where the given path itself leads."""
    if top is not None:
        tree = top
    elif relative_inside(path, cwd) is not None:
        tree = cwd
    else:
        tree = os.path.dirname(path)
    confinement = _Confinement(tree)
    targets = (path,) if is_dir else (path, os.path.dirname(path))
    return all(confinement.allows(target) for target in targets)


class _Confinement:
    """Where symbolic links may lead: inside one tree (compared by real path)."""

    def __init__(self, tree: str) -> None:
        self.tree = os.path.realpath(tree)

    def allows(self, link: str) -> bool:
        """Whether the link's target lies inside the tree."""
        return relative_inside(os.path.realpath(link), self.tree) is not None


class _Tracked:
    """The files a git index tracks, and the directories that hold them."""

    def __init__(self, files: frozenset[str]) -> None:
        self.files = files
        self.directories = {
            parent for path in files for parent in _parents(path) if parent not in ("", "/")
        }


def _parents(path: str) -> Iterator[str]:
    parent = os.path.dirname(path)
    while parent and parent != os.path.dirname(parent):
        yield parent
        parent = os.path.dirname(parent)


class _Filter(NamedTuple):
    """Decides whether a walked path is kept: tracked by git, or neither excluded nor ignored;
    and whether a symbolic link may be followed."""

    ignores: _IgnoreRules | None
    excluded: Callable[[str, bool], bool]
    top: str
    confinement: _Confinement
    tracked: _Tracked | None

    def __call__(self, path: str, *, is_dir: bool) -> bool:
        """Whether to keep a path, its parent directories not yet judged."""
        return self.kept(path, is_dir, ignored=self._ignored(path, is_dir, parents=True))

    def kept(self, path: str, is_dir: bool, *, ignored: bool) -> bool:
        """Whether to keep a path, knowing whether git ignores it."""
        if self.excluded(path, is_dir):
            return False
        if not ignored:
            return True
        return self.holds_tracked(path) if is_dir else self.is_tracked(path)

    def _ignored(self, path: str, is_dir: bool, *, parents: bool) -> bool:
        return self.ignores is not None and self.ignores.is_ignored(
            path, is_dir, self.top, parents=parents
        )

    def is_tracked(self, path: str) -> bool:
        return self.tracked is not None and path in self.tracked.files

    def holds_tracked(self, directory: str) -> bool:
        return self.tracked is not None and directory in self.tracked.directories


def _siblings(directory: str, keep: _Filter, problems: list[tuple[str, str]]) -> Iterable[str]:
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError:
        return []
    found = []
    for entry in entries:
        if not file_kind(entry.name) or _entry_is_dir(entry):
            continue
        if entry.is_symlink() and not keep.confinement.allows(entry.path):
            continue  # not reported: the file itself was named, its siblings were not
        if keep(entry.path, is_dir=False):
            found.append(entry.path)
    return found


def _entry_is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _walk(root: str, keep: _Filter, problems: list[tuple[str, str]]) -> Iterator[str]:
    """The files under `root` to lint. Each directory is judged once, when it is found, so its
    entries need not judge it again; one that git ignores is entered only for the files the
    index tracks in it, and everything else in it stays ignored."""
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[str, bool]] = [(root, False)]
    while stack:
        directory, inside_ignored = stack.pop()
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
            problems.append(
                (directory, f"cannot read directory: {describe_os_error(error, directory)}")
            )
            continue
        subdirs: list[tuple[str, bool]] = []
        for entry in entries:
            is_dir = _entry_is_dir(entry)
            if not is_dir and not file_kind(entry.name):
                continue
            if entry.is_symlink() and not keep.confinement.allows(entry.path):
                problems.append((entry.path, _OUTSIDE))
                continue
            ignored = inside_ignored or keep._ignored(entry.path, is_dir, parents=False)
            if is_dir:
                hidden = entry.name.startswith(".") and not keep.holds_tracked(entry.path)
                if not hidden and keep.kept(entry.path, True, ignored=ignored):
                    subdirs.append((entry.path, ignored))
            elif keep.kept(entry.path, False, ignored=ignored):
                yield entry.path
        stack.extend(reversed(subdirs))


_OUTSIDE = "not read: a symbolic link that leads outside the scanned tree"


class _IgnoreRules:
    """The ``.gitignore`` files that apply to a path, deepest first, loaded on demand."""

    def __init__(self) -> None:
        self._patterns: dict[str, ignore.Patterns] = {}
        self._chains: dict[tuple[str, str], tuple[tuple[str, ignore.Patterns], ...]] = {}
        self._decisions: dict[tuple[str, bool, str], bool] = {}
        self._budget = ignore.PatternBudget()  # the run's pattern text, in reading order

    def is_ignored(self, path: str, is_dir: bool, top: str, *, parents: bool = True) -> bool:
        """Whether git would ignore this path, or (with `parents`) a directory above it, up to
        `top`."""
        if not parents:
            return self._decide(path, is_dir, top)
        key = (path, is_dir, top)
        if key not in self._decisions:
            parent = os.path.dirname(path)
            above = parent != top and len(parent) > len(top) and self.is_ignored(parent, True, top)
            self._decisions[key] = above or self._decide(path, is_dir, top)
        return self._decisions[key]

    def _decide(self, path: str, is_dir: bool, top: str) -> bool:
        for directory, patterns in self._chain(os.path.dirname(path), top):
            # `path` lies below `directory`: slicing is the relative path, without relpath's cost.
            relative = path[len(directory) + 1 :].replace(os.sep, "/")
            decision = ignore.decide(patterns, relative, is_dir)
            if decision is not None:
                return decision
        return False

    def _chain(self, directory: str, top: str) -> tuple[tuple[str, ignore.Patterns], ...]:
        """The directories from `directory` up to `top` that hold a .gitignore, deepest first."""
        key = (directory, top)
        if key not in self._chains:
            parent = os.path.dirname(directory)
            above = () if directory == top or parent == directory else self._chain(parent, top)
            patterns = self._load(directory)  # after those above: they are read first
            own = ((directory, patterns),) if patterns else ()
            self._chains[key] = own + above
        return self._chains[key]

    def _load(self, directory: str) -> ignore.Patterns:
        if directory not in self._patterns:
            path = os.path.join(directory, ".gitignore")
            content = b""
            if os.path.lexists(path):
                read = read_bytes(path, limit=MAX_GITIGNORE_BYTES, truncate=True, follow_link=False)
                content = read if not isinstance(read, SourceError) else b""
            text = content.decode("utf-8", "replace")
            self._patterns[directory] = ignore.compile_lines(text.splitlines(), budget=self._budget)
        return self._patterns[directory]
