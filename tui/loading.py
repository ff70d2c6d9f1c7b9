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

from .analysis.textsafety import NEWLINE_MARK, visible_inline

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "Document",
    "DocumentError",
    "file_signature",
    "load_document",
    "read_bytes_as_text",
]

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
"""Largest document Slant opens (64 MiB): beyond it the analysis would take hours anyway,
and the limit stops a runaway pipe from eating all memory."""

_SNIFF_BYTES = 8192
"""How much of the start of a file is checked for NUL bytes and magic numbers."""

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or an Office / EPUB document)"),
    (b"PK\x05\x06", "a zip archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O binary"),
    (b"\xce\xfa\xed\xfe", "a Mach-O binary"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00asm", "a WebAssembly module"),
)
"""Magic numbers of common binary formats, and what to call them in a message."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
"""Byte order marks and the codec that decodes (and drops) them."""


@dataclass(frozen=True)
class Document:
    """A document opened for reading.

    ``name`` and ``text`` are untrusted: show them through :mod:`tui.display`.
    """

    text: str
    """The decoded text: line ends normalised to ``"\\n"``, a leading BOM removed."""
    name: str
    """Display name: the file name, ``"<stdin>"`` or the sample's file name."""
    path: Path | None
    """Where the document was read from (as given); ``None`` for standard input."""
    encoding: str
    """Python codec the bytes were decoded with: ``utf-8``, ``utf-8-sig``, ``utf-16``,
    ``utf-32``, ``cp1252`` or ``latin-1``."""
    signature: tuple[int, int] | None = None
    """``(mtime_ns, size)`` of the file when it was read (see :func:`file_signature`);
    ``None`` for standard input."""


class DocumentError(Exception):
    """A document that cannot be opened; ``str()`` is a one-line message for the user."""


def read_bytes_as_text(data: bytes) -> tuple[str, str]:
    """Decode a document's bytes; return ``(text, encoding)``. Never raises.

    A BOM decides (UTF-8, UTF-16, UTF-32). Without one, UTF-8 is tried; text that is
    mostly valid UTF-8 (a few bad bytes, or a cut at the end) stays UTF-8 with the bad
    bytes as ``U+FFFD``. Otherwise cp1252, the usual legacy encoding of English text, and
    latin-1 (which decodes anything) when cp1252 has no character for a byte.

    The text is normalised: a leading BOM removed, ``"\\r\\n"`` and lone ``"\\r"`` turned
    into ``"\\n"`` (so offsets match what the reader shows on each line).
    """
    text, encoding = _decode(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _decode(data: bytes) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    # Non-ASCII characters decoded well (good) against bytes the decoder had to replace.
    bad = lenient.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # not the text's own U+FFFD
    good = len(lenient) - len(lenient.encode("ascii", errors="ignore")) - bad
    # cp1252 text almost never contains a valid multi-byte UTF-8 sequence by accident.
    if good and good >= bad:
        return lenient, "utf-8"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def file_signature(path: Path) -> tuple[int, int] | None:
    """Return ``(mtime_ns, size)`` of ``path``, or ``None`` if it is gone or unreadable.

    The app polls this to notice that the document changed on disk and reload it.
    """
    try:
        info = os.stat(path)
    except (OSError, ValueError):  # ValueError: a NUL in the path
        return None
    return info.st_mtime_ns, info.st_size


def load_document(source: str | None, *, stdin: BinaryIO | None = None) -> Document:
    """Open a document: ``None`` for the bundled sample, ``"-"`` for standard input, else
    a path.

    Args:
        source: what the user asked for.
        stdin: where ``"-"`` reads from; ``sys.stdin.buffer`` by default.

    Raises:
        DocumentError: the document cannot be opened; the message says why, on one line.
    """
    if source is None:
        from .resources import sample_document_path  # lazily: resources is UI-side

        try:
            path = sample_document_path()
        except OSError as error:  # a broken installation
            detail = str(error).splitlines()[0] if str(error) else "not found"
            raise DocumentError(f"cannot open the bundled sample: {detail}") from None
        return _load_path(path, str(path), name=path.name)
    if source == "-":
        return _load_stdin(stdin)
    if not source:
        raise DocumentError("no document given: the path is empty")
    path = Path(source)
    return _load_path(path, source, name=path.name or source)


def _shown(source: str) -> str:
    """The user's path as it may appear in a one-line message (paths are untrusted too)."""
    return visible_inline(source, 120, newline=NEWLINE_MARK)


def _load_stdin(stdin: BinaryIO | None) -> Document:
    name = "<stdin>"
    if stdin is None:
        # None under pythonw or with descriptor 0 closed; no buffer if replaced by a StringIO.
        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None:
            raise DocumentError("there is no standard input to read")
    # Reading a terminal would wait for the user to type a document and press Ctrl-D.
    if _isatty(stdin):
        raise DocumentError("standard input is a terminal, not a document: pipe one in")
    try:
        data = stdin.read(MAX_DOCUMENT_BYTES + 1)
    except (OSError, ValueError) as error:  # ValueError: stdin already closed
        raise DocumentError(f"cannot read standard input: {_reason(error)}") from None
    return _make_document(data, name, name, path=None, signature=None)


def _isatty(stream: BinaryIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError, AttributeError):
        return False


def _load_path(path: Path, source: str, *, name: str) -> Document:
    shown = _shown(source)
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
        if info.st_size > MAX_DOCUMENT_BYTES:
            raise DocumentError(_too_large(shown, info.st_size))
        with open(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as error:
        raise DocumentError(f"cannot read {shown}: {_reason(error)}") from None
    finally:
        os.close(fd)
    signature = (info.st_mtime_ns, info.st_size)
    return _make_document(data, name, shown, path=path, signature=signature)


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
) -> Document:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(_too_large(shown, len(data)))
    _check_not_binary(data, shown)
    text, encoding = read_bytes_as_text(data)
    if not text.strip():
        raise DocumentError(f"{shown} is empty")
    return Document(text=text, name=name, path=path, encoding=encoding, signature=signature)


def _check_not_binary(data: bytes, shown: str) -> None:
    head = data[:_SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return  # UTF-16 / UTF-32 with a BOM: NUL bytes are expected
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise DocumentError(f"{shown} looks like {kind}, not a text document")
    if b"\x00" in head:
        raise DocumentError(f"{shown} looks like a binary file (it contains NUL bytes)")


def _too_large(shown: str, size: int) -> str:
    limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
    if size > MAX_DOCUMENT_BYTES + 1:
        return f"{shown} is too large ({size / (1024 * 1024):.1f} MB; the limit is {limit} MB)"
    return f"{shown} is too large (the limit is {limit} MB)"


def _reason(error: BaseException) -> str:
    """The OS's explanation of ``error`` without the path and errno decoration."""
    message = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    first_line = message.splitlines()[0] if message else type(error).__name__
    return first_line[:1].lower() + first_line[1:]
