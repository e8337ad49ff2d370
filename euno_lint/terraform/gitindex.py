"""The files git tracks in a work tree, read from its index without running git.

Committed means linted: a tracked file is linted even when ``.gitignore`` matches it (teams
``git add -f`` their tfvars). The index is read directly because running ``git`` in a scanned
repository would run whatever its configuration says (``core.fsmonitor``, hooks). Index
versions 2, 3 and 4 are read; anything unexpected (a sparse index, a damaged or oversized file)
means "unknown", and discovery then relies on ``.gitignore`` alone.

A split index (``core.splitIndex``) keeps most entries in a shared index file
(``sharedindex.<hash>`` in the git directory), named by the index's ``link`` extension. Its
entries count together with the index's own: the union, without applying the extension's
delete and replace bitmaps, may count a few files removed from the index as tracked, which
only means linting them. A missing or unreadable shared index means "unknown".
"""

from __future__ import annotations

import os
import struct

from euno_lint.terraform.source import SourceError, read_bytes

MAX_INDEX_BYTES = 256 * 1024 * 1024
_HEADER = struct.Struct(">4sLL")
_ENTRY_FIXED = (
    62  # ctime, mtime, dev, ino, mode, uid, gid, size (4 bytes each but times 8), sha1, flags
)
_EXTENDED = 0x4000
_NAME_MASK = 0x0FFF
_SKIP_WORKTREE = 0x4000  # in the extended flags (version 3 and later)
_LINK = b"link"  # the split index extension: the hash of the shared index, then two bitmaps
_HASH_SIZES = (20, 32)  # SHA-1, SHA-256


def git_directory(work_tree: str) -> str | None:
    """The git directory of a work tree: ``.git``, or where a ``.git`` file points."""
    dot_git = os.path.join(work_tree, ".git")
    if os.path.isdir(dot_git):
        return dot_git
    content = read_bytes(dot_git, limit=4096)
    if isinstance(content, SourceError):
        return None
    text = content.decode("utf-8", "surrogateescape").strip()
    if not text.startswith("gitdir:"):
        return None
    target = text.removeprefix("gitdir:").strip()
    return os.path.normpath(os.path.join(work_tree, target))


def tracked_files(work_tree: str) -> frozenset[str] | None:
    """Absolute paths of the files the index tracks, or None when the index cannot be read."""
    directory = git_directory(work_tree)
    if directory is None:
        return None
    data = read_bytes(os.path.join(directory, "index"), limit=MAX_INDEX_BYTES)
    if isinstance(data, SourceError):
        return None
    parsed = _parse(data)
    if parsed is None:
        return None
    names, link = parsed
    if link is not None:
        shared = _shared_index(directory, link)
        if shared is None:
            return None
        names = names + shared
    # A replaced entry of a split index may have an empty name: its shared entry has it.
    return frozenset(os.path.join(work_tree, *name.split("/")) for name in names if name)


def _shared_index(directory: str, link: bytes) -> list[str] | None:
    """The entries of the shared index a split index links to, or None."""
    for size in _HASH_SIZES:
        if len(link) < size:
            break
        path = os.path.join(directory, f"sharedindex.{link[:size].hex()}")
        if not os.path.lexists(path):
            continue
        data = read_bytes(path, limit=MAX_INDEX_BYTES)
        if isinstance(data, SourceError):
            return None
        parsed = _parse(data)
        if parsed is None or parsed[1] is not None:  # a shared index links to nothing
            return None
        return parsed[0]
    return None


def parse_index(data: bytes) -> list[str] | None:
    """The path names (POSIX, relative to the work tree) of a git index, or None.

    Only the index's own entries: see `tracked_files` for a split index's shared ones."""
    parsed = _parse(data)
    return None if parsed is None else parsed[0]


def _parse(data: bytes) -> tuple[list[str], bytes | None] | None:
    """The path names of a git index and the body of its ``link`` extension, or None."""
    if len(data) < _HEADER.size:
        return None
    signature, version, count = _HEADER.unpack_from(data)
    if signature != b"DIRC" or version not in (2, 3, 4) or count > len(data) // _ENTRY_FIXED:
        return None
    names: list[str] = []
    offset = _HEADER.size
    previous = b""
    for _ in range(count):
        start = offset
        if offset + _ENTRY_FIXED > len(data):
            return None
        mode = struct.unpack_from(">L", data, offset + 24)[0]
        (flags,) = struct.unpack_from(">H", data, offset + 60)
        offset += _ENTRY_FIXED
        extended = 0
        if flags & _EXTENDED:
            if version < 3 or offset + 2 > len(data):
                return None
            (extended,) = struct.unpack_from(">H", data, offset)
            offset += 2
        if version == 4:
            strip, offset = _varint(data, offset)
            end = data.find(b"\0", offset)
            if strip is None or strip > len(previous) or end < 0:
                return None
            name = previous[: len(previous) - strip] + data[offset:end]
            offset = end + 1
        else:
            length = flags & _NAME_MASK
            end = data.find(b"\0", offset) if length == _NAME_MASK else offset + length
            if end < 0 or end > len(data):
                return None
            name = data[offset:end]
            offset = start + ((end - start) // 8 + 1) * 8  # 1 to 8 NUL bytes pad each entry
        previous = name
        if mode & 0o170000 == 0o040000 or (extended & _SKIP_WORKTREE and name.endswith(b"/")):
            return None  # a sparse index: the files below this directory are not listed
        names.append(name.decode("utf-8", "surrogateescape"))
    return names, _link_extension(data, offset)


def _link_extension(data: bytes, offset: int) -> bytes | None:
    """The body of the ``link`` extension among those after the entries, if there is one.

    Each extension is a 4-byte signature, a 4-byte size and its body; the file ends with a
    checksum (20 or 32 bytes), which is never taken for an extension."""
    while len(data) - offset >= 8 + _HASH_SIZES[0]:
        signature = data[offset : offset + 4]
        (size,) = struct.unpack_from(">L", data, offset + 4)
        body = offset + 8
        if body + size > len(data) - _HASH_SIZES[0]:
            return None
        if signature == _LINK:
            return data[body : body + size]
        offset = body + size
    return None


def _varint(data: bytes, offset: int) -> tuple[int | None, int]:
    """Git's offset varint (each continuation adds one before shifting)."""
    if offset >= len(data):
        return None, offset
    byte = data[offset]
    value = byte & 0x7F
    offset += 1
    while byte & 0x80:
        if offset >= len(data) or value > 1 << 32:
            return None, offset
        byte = data[offset]
        value = ((value + 1) << 7) | (byte & 0x7F)
        offset += 1
    return value, offset
