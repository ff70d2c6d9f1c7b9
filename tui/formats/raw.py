"""Reading a binary document's bytes with the precautions :mod:`tui.loading` takes for text.

The file is opened read-only and non-blocking, checked through its descriptor to be a
regular file (never a FIFO, a device or a directory) and read up to the size limit, so a
PDF or a Word file cannot hang or exhaust Slant any more than a text file can. Messages name
the path made visible (paths are untrusted) and are one line long.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import BinaryIO

from ..analysis.textsafety import NEWLINE_MARK, visible_inline
from ..loading import MAX_DOCUMENT_BYTES, DocumentError, size_text

__all__ = ["read_path_bytes", "read_stdin_bytes", "shown_source"]


def _limit(max_bytes: int | None) -> int:
    """The size limit in bytes; 0 for none (as ``load_document``'s ``max_bytes``)."""
    return MAX_DOCUMENT_BYTES if max_bytes is None else max(0, max_bytes)


def _too_large(shown: str, limit: int) -> DocumentError:
    return DocumentError(
        f"{shown} is too large (the limit is {size_text(limit)}); open it anyway with "
        "--max-size SIZE (e.g. --max-size 200M, or 0 for no limit)"
    )


def _read_limited(handle: BinaryIO, limit: int) -> bytes:
    return handle.read(limit + 1) if limit else handle.read()


def shown_source(source: str) -> str:
    """The user's path as it may appear in a one-line message."""
    return visible_inline(source, 120, newline=NEWLINE_MARK)


def _reason(error: OSError) -> str:
    message = error.strerror or type(error).__name__
    return message[:1].lower() + message[1:]


def read_path_bytes(
    source: str, max_bytes: int | None = None
) -> tuple[bytes, tuple[int, int]]:
    """Read a document file's bytes; return them with the file's ``(mtime_ns, size)``.

    Raises:
        DocumentError: missing, a directory, not a regular file, unreadable or too large.
    """
    shown = shown_source(source)
    limit = _limit(max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(source, flags)
    except (FileNotFoundError, NotADirectoryError):
        raise DocumentError(f"no such file: {shown}") from None
    except IsADirectoryError:
        raise DocumentError(f"{shown} is a directory, not a document") from None
    except PermissionError:
        raise DocumentError(f"permission denied: {shown}") from None
    except (OSError, ValueError) as error:
        reason = _reason(error) if isinstance(error, OSError) else "invalid path"
        raise DocumentError(f"cannot open {shown}: {reason}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise DocumentError(f"{shown} is a directory, not a document")
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(f"{shown} is not a regular file, not a document")
        if limit and info.st_size > limit:
            raise _too_large(shown, limit)
        with open(fd, "rb", closefd=False) as handle:
            data = _read_limited(handle, limit)
    except OSError as error:
        raise DocumentError(f"cannot read {shown}: {_reason(error)}") from None
    finally:
        os.close(fd)
    if limit and len(data) > limit:
        raise _too_large(shown, limit)
    if not data:
        raise DocumentError(f"{shown} is empty")
    return data, (info.st_mtime_ns, info.st_size)


def read_stdin_bytes(stdin: BinaryIO | None = None, max_bytes: int | None = None) -> bytes:
    """Read standard input's bytes (up to the size limit).

    Raises:
        DocumentError: no standard input, a terminal, unreadable, or too large.
    """
    if stdin is None:
        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None:
            raise DocumentError("there is no standard input to read")
    try:
        interactive = stdin.isatty()
    except (OSError, ValueError, AttributeError):
        interactive = False
    if interactive:
        raise DocumentError("standard input is a terminal, not a document: pipe one in")
    try:
        data = _read_limited(stdin, _limit(max_bytes))
    except (OSError, ValueError) as error:
        reason = _reason(error) if isinstance(error, OSError) else "it is closed"
        raise DocumentError(f"cannot read standard input: {reason}") from None
    if _limit(max_bytes) and len(data) > _limit(max_bytes):
        raise _too_large("standard input", _limit(max_bytes))
    return data
