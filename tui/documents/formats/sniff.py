"""Telling a document's format from its first bytes and its file name.

Binary formats are recognised by content and content wins: a PDF saved as ``notes.txt`` is
still read as a PDF. Among text formats the extension decides when it is a known one
(``.txt``, ``.md``, ``.html``); without a telling extension (standard input, ``README``,
``.text``) the content does: an HTML document type or ``<html>`` / ``<body>`` tags make
HTML, Markdown front matter or several Markdown constructs make Markdown, anything else is
plain text.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

__all__ = [
    "BINARY_FORMATS",
    "EXTENSIONS",
    "INPUT_FORMATS",
    "format_from_extension",
    "sniff_binary",
    "sniff_format",
    "sniff_text",
]

INPUT_FORMATS: dict[str, str] = {
    "txt": "plain text",
    "md": "Markdown",
    "html": "HTML (a saved web page)",
    "pdf": "PDF",
    "docx": "Word document (.docx)",
}
"""The formats Slant reads, by the name ``--input-format`` takes."""

BINARY_FORMATS = frozenset({"pdf", "docx"})
"""Formats read from bytes rather than decoded text."""

EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".mdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
"""File extensions (lower case) and the format they stand for."""

_HTML_START = re.compile(rb"\A(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html[\s>]|head[\s>])",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(rb"<(?:body|article|p|div|h1)[\s>]", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:.*\n)*?---[ \t]*\n")
_MARKDOWN_SIGNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"^#{1,6} \S", re.MULTILINE),  # ATX heading
    re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),  # link
    re.compile(r"(\*\*|__)\S[^\n]*?\S\1"),  # strong emphasis
    re.compile(r"^```", re.MULTILINE),  # fenced code
    re.compile(r"^(?:=+|-+)[ \t]*$\n?", re.MULTILINE),  # setext underline
    re.compile(r"^> \S", re.MULTILINE),  # block quote
)
_SNIFF_BYTES = 8192


def format_from_extension(name: str | None) -> str | None:
    """The format a file name's extension stands for, or None."""
    if not name:
        return None
    return EXTENSIONS.get(PurePath(name).suffix.lower())


def sniff_binary(data: bytes) -> str | None:
    """``"pdf"`` or ``"docx"`` when the bytes are one, else None.

    A PDF may have a little junk before its header (the format allows 1 KB); a DOCX is a
    zip archive holding ``word/document.xml``.
    """
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
    return None


def sniff_text(head: bytes) -> str:
    """``"html"``, ``"md"`` or ``"txt"`` for the start of a text document."""
    head = head[:_SNIFF_BYTES]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 2:
        return "html"
    text = head.decode("utf-8", errors="replace").replace("\r\n", "\n")
    if _FRONT_MATTER.match(text):
        return "md"
    signs = sum(1 for pattern in _MARKDOWN_SIGNS if pattern.search(text))
    return "md" if signs >= 2 else "txt"


def sniff_format(data: bytes, name: str | None = None) -> str:
    """The format of a document with these bytes and this file name (see the module doc)."""
    binary = sniff_binary(data)
    if binary is not None:
        return binary
    by_name = format_from_extension(name)
    if by_name is not None and by_name not in BINARY_FORMATS:
        return by_name
    return sniff_text(data)
