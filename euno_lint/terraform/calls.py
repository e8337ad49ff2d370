"""Local module calls before parsing: which directories a module may call, and reading them.

Which directories are root modules must be known before anything is parsed (a root module is
linted with the modules it calls, a called one only through its callers), so calls are found
in the files' bytes: every ``source = "./..."`` or ``"../..."`` (``"source": "./..."`` in
JSON). A match in a comment only makes a directory look called; the engine lints such a
directory on its own when no configuration turned out to call it.

A called directory outside the scanned paths is read when it lies inside the scanned tree
(the git work tree, else the scanned path): only its ``.tf`` and ``.tf.json`` files, never
through a symbolic link that leads outside the tree.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from euno_lint.paths import relative_inside
from euno_lint.terraform.source import SourceError, read_bytes

_LOCAL_SOURCE = re.compile(rb'source"?[ \t]*[=:][ \t]*"(\.\.?(?:/[^"\\\n]*)?)"')


def called_directories(
    directory: str, contents: Iterable[tuple[str, bytes | SourceError]]
) -> set[str]:
    """The directories the configuration files of `directory` may call as local modules."""
    found: set[str] = set()
    for path, content in contents:
        if not path.endswith((".tf", ".tf.json")) or not isinstance(content, bytes):
            continue
        if b'".' not in content:  # every local source starts with a quote and a dot
            continue
        for match in _LOCAL_SOURCE.finditer(content):
            relative = match.group(1).decode("utf-8", "replace")
            found.add(os.path.normpath(os.path.join(directory, relative)))
    found.discard(directory)
    return found


def read_module_directory(
    directory: str, tree: str
) -> tuple[tuple[str, bytes | SourceError], ...] | None:
    """The configuration files of a called directory, or None when it is not a directory
    inside `tree` (followed links included)."""
    real_tree = os.path.realpath(tree)
    if relative_inside(os.path.realpath(directory), real_tree) is None:
        return None
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError:
        return None
    contents: list[tuple[str, bytes | SourceError]] = []
    for entry in entries:
        if not entry.name.endswith((".tf", ".tf.json")):
            continue
        if entry.is_symlink() and relative_inside(os.path.realpath(entry.path), real_tree) is None:
            contents.append((entry.path, SourceError(OUTSIDE)))
            continue
        try:
            if entry.is_dir():
                continue
        except OSError:
            continue
        contents.append((entry.path, read_bytes(entry.path)))
    return tuple(contents)


OUTSIDE = "not read: a symbolic link that leads outside the scanned tree"
