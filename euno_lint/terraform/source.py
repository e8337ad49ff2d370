"""Read a file's bytes safely and decode them the way Terraform does.

Reading never blocks (a FIFO named ``x.tf`` is refused, not waited on) and never raises: every
failure becomes a `SourceError` with our own one-line message and the best position known.
Decoding accepts UTF-8 with or without a BOM and CRLF line endings (normalised to LF, so line
and column numbers stay those of the file).
"""

from __future__ import annotations

import errno
import os
import stat
from typing import NamedTuple


class SourceError(NamedTuple):
    """Why a file could not be used, with the best known position (1-based)."""

    message: str
    line: int = 1
    column: int = 1


# Larger files are not read: no Terraform configuration is this big, and memory is bounded.
MAX_FILE_BYTES = 16 * 1024 * 1024


def read_bytes(
    path: str,
    *,
    limit: int = MAX_FILE_BYTES,
    truncate: bool = False,
    follow_link: bool = True,
) -> bytes | SourceError:
    """Read a regular file in one go, or say why it cannot be read.

    A file longer than `limit` bytes is an error, or with `truncate` its first `limit` bytes.
    Without `follow_link`, a symbolic link is refused.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_link:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        return SourceError(f"cannot read file: {describe_os_error(error, path)}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return SourceError("cannot read file: not a regular file")
        if info.st_size > limit and not truncate:
            return SourceError(f"cannot read file: larger than {limit // (1024 * 1024)} MiB")
        chunks: list[bytes] = []
        remaining = limit + 1  # one byte more: a file that grew while read is caught too
        while remaining > 0 and (chunk := os.read(fd, min(max(info.st_size, 65536), remaining))):
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            if not truncate:
                return SourceError(f"cannot read file: larger than {limit // (1024 * 1024)} MiB")
            data = data[:limit]
        return data
    except OSError as error:
        return SourceError(f"cannot read file: {describe_os_error(error, path)}")
    finally:
        os.close(fd)


def in_memory(data: bytes) -> bytes | SourceError:
    """Content that comes from memory (stdin, an editor's buffer), bounded like a file on disk:
    a larger one is the same error."""
    if len(data) > MAX_FILE_BYTES:
        return SourceError(f"cannot read file: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    return data


def describe_os_error(error: OSError, path: str) -> str:
    """Why `path` cannot be read, in a few lowercase words."""
    if error.errno == errno.ENOENT and os.path.islink(path):
        return "broken symbolic link"
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.EISDIR:
        return "is a directory"
    return os.strerror(error.errno) if error.errno else "unknown error"


def decode(data: bytes) -> str | SourceError:
    """Decode file bytes as Terraform does (UTF-8, optional BOM) with LF line endings."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return SourceError("file is UTF-16 encoded; Terraform reads UTF-8 only")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _position_of_byte(data, nul)
        return SourceError("file contains NUL bytes (a binary file?)", line, column)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position_of_byte(data, error.start)
        return SourceError(
            f"file is not valid UTF-8 (byte 0x{data[error.start]:02x})", line, column
        )
    return text.replace("\r\n", "\n") if "\r" in text else text


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column
