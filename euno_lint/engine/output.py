"""Write a file the safe way: never through a symbolic link, never into a non-regular file.

A scanned repository may plant a symbolic link where a report or baseline is written (the
GitHub Action writes inside the checkout): the text goes to a new file created beside the
target, which then replaces the target. Renaming replaces a link itself, never what it points
to, so even a link swapped in at the last moment is not written through.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile


class WriteError(Exception):
    """The file cannot be written; the message is one line for the user."""


def write_text(path: str, text: str) -> None:
    """Write `text` (UTF-8) to `path`, replacing a regular file, refusing anything else."""
    try:
        info: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise WriteError(f"cannot write {path}: {error.strerror or error}") from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise WriteError(f"cannot write {path}: it is a symbolic link (refusing to follow it)")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise WriteError(f"cannot write {path}: not a regular file")
    directory = os.path.dirname(os.path.abspath(path))
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".euno-lint-", suffix=".tmp", dir=directory)
    except OSError as error:
        raise WriteError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temporary, stat.S_IMODE(info.st_mode) if info is not None else _default_mode())
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteError(f"cannot write {path}: {error.strerror or error}") from None


def _default_mode() -> int:
    """What a newly created file gets: 0o666 less the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
