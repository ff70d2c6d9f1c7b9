"""Turning a document's bytes into text: encoding detection, and telling text from binary.

Slant reads files from strangers, so decoding never raises and never guesses silently:

1. A byte order mark decides: UTF-8, UTF-16 LE / BE, UTF-32 LE / BE.
2. Valid UTF-8 is UTF-8. Text that is *mostly* valid UTF-8 (a few bad bytes, a cut at the
   end) stays UTF-8 with each bad byte shown as ``U+FFFD``.
3. UTF-16 without a BOM is recognised by its pattern of zero bytes (English text in UTF-16
   has a zero in every other byte).
4. Otherwise the text is in a legacy single-byte encoding. Western European text (English,
   French, German …) is far the most common, and detectors confuse its encodings with Central
   European ones (``naïve`` read as ``naďve``), so it is decoded as Windows-1252, or named
   ISO-8859-1 (Latin-1) when it uses no byte that tells the two apart (``0x80``–``0x9F``):
   both give the same characters then. Only when most letters are non-ASCII, which no
   Western text does, is :mod:`charset_normalizer` asked (Cyrillic, Greek, CJK …); if it
   finds no encoding the bytes make sense in, the file is binary.

Binary files are recognised by magic numbers (PNG, ELF, zip, PDF …) and by a high share of
control bytes; a text with a few control characters (an escape sequence, a NUL) is text,
and the reader shows those characters as visible placeholders.
"""

from __future__ import annotations

import codecs
import re

from ..analysis.libraries import require

__all__ = [
    "DecodedText",
    "NotTextError",
    "decode_document",
    "encoding_label",
]

SNIFF_BYTES = 8192
"""How much of the start of a file is checked for magic numbers and control bytes."""

_DETECT_BYTES = 65536
"""How much of a non-Western legacy file the encoding detector looks at."""

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or an Office / EPUB document)"),
    (b"PK\x05\x06", "a zip archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O binary"),
    (b"\xce\xfa\xed\xfe", "a Mach-O binary"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00asm", "a WebAssembly module"),
    (b"OggS", "an Ogg audio file"),
    (b"ID3", "an MP3 audio file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x1aE\xdf\xa3", "a Matroska / WebM video"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
)
"""Magic numbers of common binary formats, and what to call them in a message."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
"""Byte order marks and the codec that decodes what follows them."""

_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    "utf-32-le": "UTF-32 LE",
    "utf-32-be": "UTF-32 BE",
    "cp1252": "Windows-1252",
    "latin-1": "ISO-8859-1 (Latin-1)",
}

# Codecs charset_normalizer may propose for what is really Western European text; those are
# decided by the rules above instead (see the module docstring).
_WESTERN = frozenset(
    codecs.lookup(name).name
    for name in (
        "cp1252", "latin-1", "iso8859-15", "cp1250", "iso8859-2", "mac-roman", "cp850",
        "cp437", "iso8859-9", "cp1254", "mac-latin2", "iso8859-3", "iso8859-4", "iso8859-10",
        "iso8859-13", "iso8859-14", "iso8859-16", "cp1257", "ascii", "utf-8",
    )
)

# Bytes that plain text does not contain: C0 controls but TAB, LF, VT, FF, CR and ESC (a
# text may well be coloured with escape sequences), and DEL.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])

_HIGH_BYTES = bytes(range(0x80, 0x100))
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
"""The bytes where Windows-1252 has characters (€, “, ”, —, …) and Latin-1 controls."""

# Windows-1252, with the five bytes it leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
# decoded as latin-1 does, to C1 controls, which the reader shows as placeholders.
_CP1252_TABLE = "".join(
    bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in range(256)
)


class NotTextError(ValueError):
    """The bytes are not a text document; ``str()`` says what they look like."""


class DecodedText:
    """The text of a document's bytes and how it was decoded."""

    __slots__ = ("encoding", "replaced", "text")

    def __init__(self, text: str, encoding: str, replaced: int) -> None:
        self.text = text
        """The decoded text, BOM removed, line ends normalised to ``"\\n"``."""
        self.encoding = encoding
        """The Python codec used (``utf-8``, ``utf-16-le``, ``cp1252`` …)."""
        self.replaced = replaced
        """How many undecodable bytes (or byte sequences) became ``U+FFFD``."""


def encoding_label(encoding: str) -> str:
    """A name for ``encoding`` (a Python codec name) as people know it: ``UTF-16 LE``,
    ``Windows-1252``, ``ISO-8859-1 (Latin-1)``."""
    if encoding in _LABELS:
        return _LABELS[encoding]
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    if name.startswith("cp125"):  # Windows code pages, as Windows names them
        return f"Windows-{name[2:]}"
    return name.upper()


def decode_document(data: bytes) -> DecodedText:
    """Decode a document's bytes, or raise :class:`NotTextError` for a binary file.

    Never raises anything else, whatever the bytes, except :class:`LibraryError` when the
    encoding detector it needs for non-Western text cannot be imported. See the module
    docstring for the rules.
    """
    head = data[:SNIFF_BYTES]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise NotTextError(f"looks like {kind}, not a text document")
    text, encoding = _decode(data)
    replaced = 0
    if "\ufffd" in text:
        # Genuine U+FFFD characters in the file are not errors: decoding with "ignore" keeps
        # them and drops only the bad bytes.
        genuine = data.decode(_codec_of(encoding), errors="ignore").count("\ufffd")
        replaced = text.count("\ufffd") - genuine
    _check_text_like(text[:SNIFF_BYTES], replaced)
    if text.startswith("\ufeff"):
        text = text[1:]
    return DecodedText(normalise_line_ends(text), encoding, replaced)


def normalise_line_ends(text: str) -> str:
    """Every line end becomes ``"\\n"``, so no carriage return reaches the text.

    Read left to right, ``"\\r\\n"`` (Windows), ``"\\n\\r"`` (RISC OS, and files whose line
    ends were converted twice), a lone ``"\\r"`` (old Mac, or an overprinting trick that would
    hide the start of a line), ``"\\n"``, NEL (U+0085) and LINE SEPARATOR (U+2028) are each
    one line end; PARAGRAPH SEPARATOR (U+2029) is a paragraph break, a blank line.
    """
    if not _BREAKS.search(text):
        return text
    # The common case, Windows line ends alone, at str.replace's speed (the same result).
    crlf_only = text.replace("\r\n", "\n")
    if not _BREAKS.search(crlf_only):
        return crlf_only
    return _LINE_END.sub(_one_line_end, text)


_BREAKS = re.compile("[\r\x85\u2028\u2029]")
_LINE_END = re.compile("\r\n|\n\r|[\r\n\x85\u2028\u2029]")


def _one_line_end(match: re.Match[str]) -> str:
    return "\n\n" if match.group() == "\u2029" else "\n"


def _codec_of(encoding: str) -> str:
    return "utf-8" if encoding == "utf-8-sig" else encoding


def _decode(data: bytes) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace"), codec
    # Before UTF-8: ASCII text in UTF-16 is valid UTF-8 too, one NUL after each letter.
    utf16 = _utf16_without_bom(data) if b"\x00" in data[:SNIFF_BYTES] else None
    if utf16 is not None:
        return data.decode(utf16, errors="replace"), utf16
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
    return _decode_legacy(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` / ``-be`` when the zero bytes fall as UTF-16 text's do, else None."""
    head = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    pairs = len(head) // 2
    if pairs < 4:
        return None
    even_zeros = head[0::2].count(0)
    odd_zeros = head[1::2].count(0)
    # Mostly ASCII text: one byte of each pair is zero, the other almost never.
    if odd_zeros >= 0.4 * pairs and even_zeros <= 0.02 * pairs:
        return "utf-16-le"
    if even_zeros >= 0.4 * pairs and odd_zeros <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes) -> tuple[str, str]:
    sample = data[:_DETECT_BYTES]
    high = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    ascii_letters = len(sample) - len(sample.translate(None, _ASCII_LETTERS))
    if high > ascii_letters:
        # Most letters non-ASCII: not Western text, whose accented letters are a few percent.
        codec = _detect_non_western(sample)
        if codec is None:
            raise NotTextError("looks like a binary file (it is not text in any known encoding)")
        if codec not in _WESTERN:
            return data.decode(codec, errors="replace"), codec
    if _C1_BYTES.search(data):
        return codecs.charmap_decode(data, "strict", _CP1252_TABLE)[0], "cp1252"
    return data.decode("latin-1"), "latin-1"


def _detect_non_western(sample: bytes) -> str | None:
    """The codec charset_normalizer finds for ``sample``, normalised; None if it finds none.

    Raises:
        LibraryError: charset_normalizer cannot be imported.
    """
    from_bytes = require("charset_normalizer", "reading text in a legacy encoding").from_bytes
    try:
        best = from_bytes(sample).best()
    except Exception:  # a detector failure must not stop Slant from opening the file
        return "cp1252"
    if best is None:
        return None
    try:
        return codecs.lookup(best.encoding).name
    except LookupError:
        return None


def _check_text_like(head: str, replaced: int) -> None:
    """Raise :class:`NotTextError` when control characters make up much of ``head``."""
    if not head:
        return
    nuls = head.count("\x00")
    controls = sum(head.count(chr(byte)) for byte in _CONTROL_BYTES)
    # A handful of NULs or controls is a hostile or damaged text; binary data has them
    # everywhere (random bytes: one in ten; executables and images: far more NULs).
    if nuls >= 8 and nuls > 0.02 * len(head):
        raise NotTextError("looks like a binary file (it contains NUL bytes)")
    if controls >= 8 and controls > 0.1 * len(head):
        raise NotTextError("looks like a binary file (it is mostly control characters)")
    if replaced >= 8 and replaced > 0.2 * len(head):
        raise NotTextError("looks like a binary file (most of it cannot be decoded)")
