"""Opening a document: a path, standard input or the bundled sample, decoded to text.

Documents are untrusted and users point Slant at anything, so every failure a user can
cause is a :class:`DocumentError` with a one-line message, never a traceback: a missing
path, a directory, a binary file, an empty file, a named pipe, a device.

The document is opened read-only and never written. Named pipes (FIFOs) and devices are
refused rather than read: opening a FIFO blocks until a writer appears and ``/dev/zero``
never ends; ``slant - < fifo`` reads one deliberately. The open itself uses ``O_NONBLOCK``
so even a FIFO swapped in between the check and the open cannot hang it.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..analysis.libraries import LibraryError
from ..analysis.textsafety import NEWLINE_MARK, visible_inline
from .decoding import NotTextError, decode_document, encoding_label, normalise_line_ends

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "NO_LIMIT",
    "Document",
    "DocumentError",
    "file_signature",
    "load_document",
    "read_bytes_as_text",
    "read_path_bytes",
    "read_stdin_bytes",
    "shown_source",
    "size_text",
]

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
"""Largest document Slant opens by default (64 MiB): beyond it the analysis would take
hours anyway, and the limit stops a runaway pipe from eating all memory. ``load_document``'s
``max_bytes`` (the ``--max-size`` option) overrides it."""

NO_LIMIT = 0
"""``max_bytes`` value that lifts the size limit altogether."""

@dataclass(frozen=True)
class Document:
    """A document opened for reading.

    ``name`` and ``text`` are untrusted: show them through :mod:`tui.ui.display`.
    """

    text: str
    """The decoded text: line ends normalised to ``"\\n"``, a leading BOM removed."""
    name: str
    """Display name: the file name, ``"<stdin>"`` or the sample's file name."""
    path: Path | None
    """Where the document was read from (as given); ``None`` for standard input."""
    encoding: str
    """Python codec the bytes were decoded with: ``utf-8``, ``utf-8-sig``, ``utf-16-le``,
    ``utf-16-be``, ``utf-32-le``, ``utf-32-be``, ``cp1252``, ``latin-1``, or another legacy
    codec found by detection (``cp1251`` …). :attr:`encoding_label` names it for people."""
    signature: tuple[int, int] | None = None
    """``(mtime_ns, size)`` of the file when it was read (see :func:`file_signature`);
    ``None`` for standard input."""
    title: str | None = None
    """The document's own title, when its format carries one (HTML, PDF, DOCX, Markdown)."""
    author: str | None = None
    """The document's author, when its format says."""
    date: str | None = None
    """Publication or creation date, ISO 8601 (``2024-03-05``) where it could be read."""
    format: str = "txt"
    """What the text was extracted from: ``txt``, ``md``, ``html``, ``pdf`` or ``docx``
    (see :mod:`tui.documents.formats`). Offsets always index :attr:`text`, the extracted text."""
    replaced: int = 0
    """How many undecodable bytes were replaced by ``U+FFFD`` (shown as ``�``)."""

    @property
    def encoding_label(self) -> str:
        """The encoding as people name it (``UTF-16 LE``, ``Windows-1252``), for display."""
        return encoding_label(self.encoding)


class DocumentError(Exception):
    """A document that cannot be opened; ``str()`` is a one-line message for the user."""


def read_bytes_as_text(data: bytes) -> tuple[str, str]:
    """Decode a document's bytes; return ``(text, encoding)``. Never raises.

    The rules are those of :func:`tui.documents.decoding.decode_document` (BOM, UTF-8, UTF-16,
    Windows-1252 / Latin-1, other legacy encodings), but bytes that look binary are decoded
    anyway. The text is normalised: a leading BOM removed, ``"\\r\\n"`` turned into
    ``"\\n"`` (so offsets match what the reader shows on each line).
    """
    try:
        decoded = decode_document(data)
    except (NotTextError, LibraryError):
        text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        return normalise_line_ends(text), "utf-8"
    return decoded.text, decoded.encoding


def file_signature(path: Path) -> tuple[int, int] | None:
    """Return ``(mtime_ns, size)`` of ``path``, or ``None`` if it is gone or unreadable.

    The app polls this to notice that the document changed on disk and reload it.
    """
    try:
        info = os.stat(path)
    except (OSError, ValueError):  # ValueError: a NUL in the path
        return None
    return info.st_mtime_ns, info.st_size


def load_document(
    source: str | None, *, stdin: BinaryIO | None = None, max_bytes: int | None = None
) -> Document:
    """Open a document: ``None`` for the bundled sample, ``"-"`` for standard input, else
    a path.

    Args:
        source: what the user asked for.
        stdin: where ``"-"`` reads from; ``sys.stdin.buffer`` by default.
        max_bytes: the size limit in bytes; ``None`` for :data:`MAX_DOCUMENT_BYTES`,
            :data:`NO_LIMIT` (``0``) for none.

    Raises:
        DocumentError: the document cannot be opened; the message says why, on one line.
    """
    limit = _limit(max_bytes)
    if source is None:
        from ..resources import sample_document_path  # lazily: resources is UI-side

        try:
            path = sample_document_path()
        except OSError as error:  # a broken installation
            detail = str(error).splitlines()[0] if str(error) else "not found"
            raise DocumentError(f"cannot open the bundled sample: {detail}") from None
        return _load_path(path, str(path), name=path.name, limit=limit)
    if source == "-":
        return _load_stdin(stdin, limit)
    if not source:
        raise DocumentError("no document given: the path is empty")
    path = Path(source)
    return _load_path(path, source, name=path.name or source, limit=limit)


def _limit(max_bytes: int | None) -> int:
    """The size limit in bytes: :data:`MAX_DOCUMENT_BYTES` by default, ``0`` for none."""
    return MAX_DOCUMENT_BYTES if max_bytes is None else max(0, max_bytes)


def shown_source(source: str) -> str:
    """The user's path as it may appear in a one-line message (paths are untrusted too)."""
    return visible_inline(source, 120, newline=NEWLINE_MARK)



def _load_stdin(stdin: BinaryIO | None, limit: int) -> Document:
    name = "<stdin>"
    data = _read_stdin(stdin, limit)
    return _make_document(data, name, name, path=None, signature=None, limit=limit)


def read_stdin_bytes(stdin: BinaryIO | None = None, max_bytes: int | None = None) -> bytes:
    """Read standard input's bytes, up to the size limit, without decoding them (for the
    binary formats, which need their bytes).

    Raises:
        DocumentError: no standard input, a terminal, unreadable, or too large.
    """
    limit = _limit(max_bytes)
    data = _read_stdin(stdin, limit)
    if limit and len(data) > limit:
        raise DocumentError(_too_large("standard input", len(data), limit))
    return data


def _read_stdin(stdin: BinaryIO | None, limit: int) -> bytes:
    if stdin is None:
        # None under pythonw or with descriptor 0 closed; no buffer if replaced by a StringIO.
        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None:
            raise DocumentError("there is no standard input to read")
    # Reading a terminal would wait for the user to type a document and press Ctrl-D.
    if _isatty(stdin):
        raise DocumentError("standard input is a terminal, not a document: pipe one in")
    try:
        return stdin.read(limit + 1 if limit else -1)
    except (OSError, ValueError) as error:  # ValueError: stdin already closed
        raise DocumentError(f"cannot read standard input: {_reason(error)}") from None


def _isatty(stream: BinaryIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError, AttributeError):
        return False


def _load_path(path: Path, source: str, *, name: str, limit: int) -> Document:
    shown = shown_source(source)
    data, signature = _read_path(path, shown, limit)
    return _make_document(data, name, shown, path=path, signature=signature, limit=limit)


def read_path_bytes(
    source: str, max_bytes: int | None = None
) -> tuple[bytes, tuple[int, int]]:
    """Read a document file's bytes without decoding them (for the binary formats), with
    the same precautions as :func:`load_document`; return them with ``(mtime_ns, size)``.

    Raises:
        DocumentError: missing, a directory, not a regular file, unreadable, too large or
            empty; the message says which, on one line.
    """
    shown = shown_source(source)
    limit = _limit(max_bytes)
    data, signature = _read_path(Path(source), shown, limit)
    if limit and len(data) > limit:
        raise DocumentError(_too_large(shown, len(data), limit))
    if not data:
        raise DocumentError(f"{shown} is empty")
    return data, signature


def _read_path(path: Path, shown: str, limit: int) -> tuple[bytes, tuple[int, int]]:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOCTTY", 0)  # a terminal device must not become ours
    try:
        fd = os.open(path, flags)
    except (FileNotFoundError, NotADirectoryError):
        raise DocumentError(f"no such file: {shown}") from None
    except IsADirectoryError:
        raise DocumentError(f"{shown} is a directory, not a document") from None
    except PermissionError:
        if path.is_dir():  # Windows refuses to open a directory with "access denied"
            raise DocumentError(f"{shown} is a directory, not a document") from None
        raise DocumentError(f"permission denied: {shown}") from None
    except (OSError, ValueError) as error:
        raise DocumentError(f"cannot open {shown}: {_reason(error)}") from None
    # From here on the descriptor, not the path, is checked and read: the path could be
    # replaced between the two.
    try:
        info = os.fstat(fd)
        _check_regular(info.st_mode, shown)
        if limit and info.st_size > limit:
            raise DocumentError(_too_large(shown, info.st_size, limit))
        with open(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1 if limit else -1)
    except OSError as error:
        raise DocumentError(f"cannot read {shown}: {_reason(error)}") from None
    except MemoryError:
        raise DocumentError(f"{shown} does not fit in memory") from None
    finally:
        os.close(fd)
    return data, (info.st_mtime_ns, info.st_size)


def _check_regular(mode: int, shown: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise DocumentError(f"{shown} is a directory, not a document")
    if stat.S_ISFIFO(mode):
        raise DocumentError(
            f"{shown} is a named pipe; Slant does not wait on pipes, "
            f"read it as standard input instead: slant - < {shown}"
        )
    kind = "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"
    if stat.S_ISSOCK(mode):
        kind = "a socket"
    raise DocumentError(f"{shown} is {kind}, not a document")


def _make_document(
    data: bytes,
    name: str,
    shown: str,
    *,
    path: Path | None,
    signature: tuple[int, int] | None,
    limit: int,
) -> Document:
    if limit and len(data) > limit:
        raise DocumentError(_too_large(shown, len(data), limit))
    if not data:
        raise DocumentError(f"{shown} is empty")
    try:
        decoded = decode_document(data)
    except NotTextError as error:
        raise DocumentError(f"{shown} {error}") from None
    except MemoryError:
        raise DocumentError(f"{shown} does not fit in memory") from None
    if not decoded.text.strip():
        raise DocumentError(f"{shown} is empty (it holds only white space)")
    return Document(
        text=decoded.text,
        name=name,
        path=path,
        encoding=decoded.encoding,
        signature=signature,
        replaced=decoded.replaced,
    )


def size_text(size: int) -> str:
    """``size`` bytes for a message: ``64 MB``, ``1.5 GB``, ``800 kB`` (powers of 1024)."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def _too_large(shown: str, size: int, limit: int) -> str:
    known = f"{size_text(size)}; " if size > limit + 1 else ""
    return (
        f"{shown} is too large ({known}the limit is {size_text(limit)}); "
        "open it anyway with --max-size SIZE (e.g. --max-size 200M, or 0 for no limit)"
    )


def _reason(error: BaseException) -> str:
    """The OS's explanation of ``error`` without the path and errno decoration."""
    message = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    first_line = message.splitlines()[0] if message else type(error).__name__
    return first_line[:1].lower() + first_line[1:]
