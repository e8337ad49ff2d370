"""Write a file the safe way: never through a symbolic link, never into a non-regular file.

A scanned repository may plant a symbolic link where a report or baseline is written (the
GitHub Action writes inside the checkout), at the file itself or at a directory on its way.
The directories below the trusted base (the git work tree around the working directory, else
the working directory) are opened one by one without following a link; the base itself, and a
path outside it, are the user's choice and are opened as given. The text goes to a new file
created in the opened directory, which then replaces the target: renaming replaces a link
itself, never what it points to, so even a link swapped in at the last moment is not written
through. A new file gets mode 0644 less the umask, never the mode of what it replaces.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat

from euno_lint.paths import relative_inside
from euno_lint.terraform.discover import repository_root

_DIRECTORY_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NEW_FILE_MODE = 0o644  # less the umask, which os.open applies


class WriteError(Exception):
    """The file cannot be written; the message is one line for the user."""


class _NoDirectoryError(WriteError):
    """A directory of the path does not exist."""


def write_text(path: str, text: str) -> None:
    """Write `text` (UTF-8) to `path`, replacing a regular file, refusing anything else."""
    directory, name = _open_parent(path)
    try:
        _check_target(path, name, directory)
        temporary = _create(path, directory, text.encode("utf-8"))
        try:
            os.replace(temporary, name, src_dir_fd=directory, dst_dir_fd=directory)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=directory)
            raise WriteError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        os.close(directory)


def remove_file(path: str) -> None:
    """Remove the file (or symbolic link) at `path` if there is one, through the same safe
    directory walk as `write_text`: a linked directory on the way is refused, not followed."""
    try:
        directory, name = _open_parent(path)
    except _NoDirectoryError:
        return  # nothing there to remove
    try:
        info = _lstat(path, name, directory)
        if info is None:
            return
        if stat.S_ISDIR(info.st_mode):
            raise WriteError(f"cannot remove {path}: it is a directory")
        os.unlink(name, dir_fd=directory)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise WriteError(f"cannot remove {path}: {error.strerror or error}") from None
    finally:
        os.close(directory)


def remove_report(path: str) -> str | None:
    """`remove_file` for a script (the GitHub Action's): None once done, else the one line to
    print (``sys.exit`` takes either)."""
    try:
        remove_file(path)
    except WriteError as error:
        return f"euno-lint: error: {error}"
    return None


def read_inside(path: str, base: str, limit: int) -> bytes:
    """The bytes of the regular file `path` below the directory `base`, reached without
    following a symbolic link (at the file or on the way); at most `limit` bytes."""
    directory, name = _open_parent(path, base, inside=True)
    try:
        return _read_regular(path, name, directory, limit)[0]
    finally:
        os.close(directory)


def replace_inside(path: str, base: str, data: bytes, expected: bytes) -> None:
    """Replace the regular file `path` below `base` with `data`, when it still holds
    `expected` (a file changed since it was read is left alone). Directories are walked and
    the file opened without following a link; the new file keeps the old one's mode."""
    directory, name = _open_parent(path, base, inside=True)
    try:
        current, info = _read_regular(path, name, directory, len(expected) + 1)
        if current != expected:
            raise WriteError(f"not written: {path} changed on disk since it was read")
        temporary = _create(path, directory, data, stat.S_IMODE(info.st_mode))
        try:
            now = _lstat(path, name, directory)
            if now is None or (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
                raise WriteError(f"not written: {path} was replaced while being fixed")
            os.replace(temporary, name, src_dir_fd=directory, dst_dir_fd=directory)
        except (OSError, WriteError) as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=directory)
            if isinstance(error, WriteError):
                raise
            raise WriteError(f"cannot write {path}: {_strerror(error)}") from None
    finally:
        os.close(directory)


def _strerror(error: Exception) -> str:
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def _read_regular(path: str, name: str, directory: int, limit: int) -> tuple[bytes, os.stat_result]:
    flags = os.O_RDONLY | _NO_FOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(name, flags, dir_fd=directory)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EMLINK):
            raise WriteError(f"not written: {path} is a symbolic link") from None
        raise WriteError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise WriteError(f"not written: {path} is not a regular file")
        chunks: list[bytes] = []
        remaining = limit
        while remaining > 0 and (chunk := os.read(descriptor, min(remaining, 1 << 20))):
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks), info
    except OSError as error:
        raise WriteError(f"cannot read {path}: {error.strerror or error}") from None
    finally:
        os.close(descriptor)


def _trusted_base() -> str:
    cwd = os.getcwd()
    return repository_root(cwd) or cwd


def _open_parent(path: str, base: str | None = None, *, inside: bool = False) -> tuple[int, str]:
    """A descriptor of the directory that holds `path`, and the name in it.

    Below the trusted base (`base`, else the git work tree around the working directory),
    each directory is opened with O_NOFOLLOW relative to the one above it, so a symbolic
    link on the way is an error rather than a detour. With `inside`, a path outside the base
    is refused."""
    absolute = os.path.abspath(path)
    parent, name = os.path.split(absolute)
    if not name:
        raise WriteError(f"cannot write {path}: not a file name")
    base = base or _trusted_base()
    relative = relative_inside(parent, base)
    if relative is None and inside:
        raise WriteError(f"not written: {path} is outside {base}")
    start, parts = (base, relative.split("/")) if relative is not None else (parent, [])
    try:
        descriptor = os.open(start, _DIRECTORY_FLAGS)
    except OSError as error:
        kind = _NoDirectoryError if error.errno == errno.ENOENT else WriteError
        raise kind(f"cannot write {path}: {error.strerror or error}") from None
    walked = start
    for part in parts:
        if part in ("", "."):
            continue
        walked = os.path.join(walked, part)
        try:
            following = os.open(part, _DIRECTORY_FLAGS | _NO_FOLLOW, dir_fd=descriptor)
        except OSError as error:
            os.close(descriptor)
            kind = _NoDirectoryError if error.errno == errno.ENOENT else WriteError
            raise kind(f"cannot write {path}: {_describe(error, walked)}") from None
        os.close(descriptor)
        descriptor = following
    return descriptor, name


def _describe(error: OSError, directory: str) -> str:
    if error.errno in (errno.ELOOP, errno.ENOTDIR) and os.path.islink(directory):
        shown = relative_inside(directory, os.getcwd()) or directory
        return f"{shown} is a symbolic link (refusing to follow it)"
    return error.strerror or str(error)


def _lstat(path: str, name: str, directory: int) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=directory, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise WriteError(f"cannot write {path}: {error.strerror or error}") from None


def _check_target(path: str, name: str, directory: int) -> None:
    info = _lstat(path, name, directory)
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise WriteError(f"cannot write {path}: it is a symbolic link (refusing to follow it)")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise WriteError(f"cannot write {path}: not a regular file")


def _create(path: str, directory: int, data: bytes, mode: int | None = None) -> str:
    """A new file beside the target holding `data` (with `mode`, else the default mode less
    the umask); returns its name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        temporary = f".euno-lint-{secrets.token_hex(8)}.tmp"
        try:
            descriptor = os.open(temporary, flags, _NEW_FILE_MODE, dir_fd=directory)
        except FileExistsError:
            continue
        except OSError as error:
            raise WriteError(f"cannot write {path}: {error.strerror or error}") from None
        break
    else:
        raise WriteError(f"cannot write {path}: no free temporary name")
    try:
        if mode is not None:
            os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=directory)
        raise WriteError(f"cannot write {path}: {error.strerror or error}") from None
    return temporary
