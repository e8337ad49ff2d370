"""Every path euno-lint prints or compares, computed in one place.

Three views of a file's path exist: the display path (relative to the working directory when
the file lies inside it, else absolute), the root-relative path (relative to the project root:
baselines, fingerprints, SARIF URIs and GitHub annotations use it), and the path relative to an
exclusion base (``exclude`` patterns). All are POSIX style. A name that merely starts with two
dots (``..x.tf``) is inside, not outside. This module imports nothing of ours.
"""

from __future__ import annotations

import os


def is_outside(relative: str) -> bool:
    """Whether a relative path (as `os.path.relpath` gives it) leaves its base."""
    return relative == os.pardir or relative.startswith(os.pardir + os.sep)


def relative_inside(path: str, base: str) -> str | None:
    """`path` relative to `base`, POSIX style, or None when it lies outside `base`."""
    prefix = base.rstrip(os.sep) + os.sep
    if path.startswith(prefix) and not _has_parent_step(path):
        return path[len(prefix) :].replace(os.sep, "/")  # the common case, without relpath
    lexical = os.path.isabs(path) and os.path.isabs(base)
    if lexical and not _has_parent_step(path) and not _has_parent_step(base):
        # Both absolute, no "..": the prefix test was exact (and relpath is costly).
        return "." if path.rstrip(os.sep) == base.rstrip(os.sep) else None
    relative = os.path.relpath(path, base)
    return None if is_outside(relative) else relative.replace(os.sep, "/")


def _has_parent_step(path: str) -> bool:
    step = os.sep + os.pardir
    return step + os.sep in path or path.endswith(step)


def display_path(path: str, cwd: str) -> str:
    """An absolute path as we print it: relative to `cwd` when inside it, POSIX style.

    Bytes of a file name that are not UTF-8 (Python keeps them as lone surrogates, which no
    output can encode) are shown escaped, as ``\\xff``.
    """
    inside = relative_inside(path, cwd)
    return printable_name(inside if inside is not None else path.replace(os.sep, "/"))


def printable_name(path: str) -> str:
    """A path with the bytes of its name that are not UTF-8 shown as ``\\xNN``."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


def absolute(display: str, cwd: str) -> str:
    """The absolute, normalised path of a display path."""
    return os.path.normpath(os.path.join(cwd, display))


def root_relative(display: str, root: str, cwd: str) -> str:
    """A display path made relative to the project root (absolute when outside it)."""
    full = absolute(display, cwd)
    inside = relative_inside(full, root)
    return printable_name(inside if inside is not None else full.replace(os.sep, "/"))


def outside_root(display: str, root: str, cwd: str) -> bool:
    """Whether a display path lies outside the project root."""
    return relative_inside(absolute(display, cwd), root) is None
