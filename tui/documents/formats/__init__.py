"""Opening real-world documents: plain text, Markdown, saved web pages, PDF and Word files.

:func:`open_document` is the one entry point. It decides the format (``--input-format``
when given, otherwise content sniffing and the file extension, see :mod:`.sniff`), reads
the document and extracts its text and metadata. Text formats are read through
:func:`tui.documents.loading.load_document` (encodings, size limit, refusal of pipes and devices);
PDF and DOCX bytes are read with the same precautions by :mod:`.raw`.

The returned :class:`~tui.documents.loading.Document`'s ``text`` is the *extracted* text:
every offset Slant reports refers to it, and ``slant analyze --text`` prints it.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from ...analysis.libraries import LibraryError
from ..decoding import normalise_line_ends
from ..loading import (
    NO_LIMIT,
    Document,
    DocumentError,
    load_document,
    read_path_bytes,
    read_stdin_bytes,
    shown_source,
)
from .extracted import Extracted
from .sniff import (
    BINARY_FORMATS,
    EXTENSIONS,
    INPUT_FORMATS,
    format_from_extension,
    sniff_binary,
    sniff_format,
    sniff_text,
)

__all__ = [
    "EXTENSIONS",
    "INPUT_FORMATS",
    "extract_text_format",
    "open_document",
    "sniff_format",
]


def extract_text_format(text: str, fmt: str) -> Extracted:
    """Extract a decoded text document of format ``txt``, ``md`` or ``html``."""
    if fmt == "html":
        from .web import html_to_text

        return html_to_text(text)
    if fmt == "md":
        from .markup import markdown_to_text

        return markdown_to_text(text)
    return Extracted(text)


def _extract_binary(data: bytes, fmt: str, shown: str) -> Extracted:
    from .pdf import PdfError, pdf_to_text
    from .word import DocxError, docx_to_text

    try:
        return pdf_to_text(data) if fmt == "pdf" else docx_to_text(data)
    except (PdfError, DocxError) as error:
        raise DocumentError(f"cannot read {shown}: {error}") from None


def _with_extracted(document: Document, extracted: Extracted, fmt: str, shown: str) -> Document:
    # An extractor may pass on line ends of its own (a PDF's text layer, a page's <pre>).
    text = normalise_line_ends(extracted.text)
    if not text.strip():
        raise DocumentError(f"{shown} has no text to read (as {INPUT_FORMATS[fmt]})")
    return replace(document, text=text, title=extracted.title,
                   author=extracted.author, date=extracted.date, format=fmt)


def _check_format(input_format: str | None) -> str | None:
    if input_format is None:
        return None
    fmt = input_format.lower().lstrip(".")
    fmt = {"text": "txt", "markdown": "md", "htm": "html", "word": "docx"}.get(fmt, fmt)
    if fmt not in INPUT_FORMATS:
        known = ", ".join(INPUT_FORMATS)
        raise DocumentError(f"unknown input format {input_format!r} (known: {known})")
    return fmt


def open_document(
    source: str | None,
    *,
    input_format: str | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int | None = None,
) -> Document:
    """Open a document of any supported format and extract its text and metadata.

    Args:
        source: a path, ``"-"`` for standard input, or ``None`` for the bundled sample.
        input_format: ``txt``, ``md``, ``html``, ``pdf`` or ``docx`` to override sniffing.
        stdin: where ``"-"`` reads from; ``sys.stdin.buffer`` by default.
        max_bytes: the size limit (see :func:`tui.documents.loading.load_document`).

    Raises:
        DocumentError: the document cannot be opened or has no text, or a library its
            format needs cannot be imported; a one-line message.
    """
    try:
        return _open(source, input_format, stdin, max_bytes)
    except LibraryError as error:
        # A format's library is missing or broken: this document cannot be read, others can.
        raise DocumentError(str(error)) from None


def _open(
    source: str | None, input_format: str | None, stdin: BinaryIO | None, max_bytes: int | None
) -> Document:
    forced = _check_format(input_format)
    if source is None:
        return load_document(None)
    if source == "-":
        data = read_stdin_bytes(stdin, max_bytes)
        fmt = forced or sniff_format(data)
        if fmt in BINARY_FORMATS:
            document = Document(text="", name="<stdin>", path=None, encoding=fmt)
            return _with_extracted(document, _extract_binary(data, fmt, "<stdin>"), fmt,
                                   "<stdin>")
        document = load_document("-", stdin=io.BytesIO(data), max_bytes=NO_LIMIT)
        return _convert_text(document, fmt, "<stdin>")
    shown = shown_source(source)
    by_name = format_from_extension(source)
    if forced in BINARY_FORMATS or (forced is None and by_name in BINARY_FORMATS):
        return _open_binary(source, forced, shown, max_bytes)
    try:
        document = load_document(source, max_bytes=max_bytes)
    except DocumentError:
        # A PDF or Word file without its extension: load_document refuses binary files.
        if forced is None:
            binary = _sniff_path(source, max_bytes)
            if binary is not None:
                return _open_binary(source, binary, shown, max_bytes)
        raise
    fmt = forced or by_name or sniff_text(document.text[:8192].encode("utf-8", "replace"))
    return _convert_text(document, fmt, shown)


def _sniff_path(source: str, max_bytes: int | None) -> str | None:
    try:
        data, _ = read_path_bytes(source, max_bytes)
    except DocumentError:
        return None
    return sniff_binary(data)


def _open_binary(
    source: str, forced: str | None, shown: str, max_bytes: int | None
) -> Document:
    data, signature = read_path_bytes(source, max_bytes)
    fmt = forced or sniff_binary(data)
    if fmt is None:  # a .pdf or .docx name on a text file: read it as the text it is
        document = load_document(source, max_bytes=max_bytes)
        return _convert_text(document, sniff_text(data), shown)
    path = Path(source)
    document = Document(text="", name=path.name or source, path=path, encoding=fmt,
                        signature=signature)
    return _with_extracted(document, _extract_binary(data, fmt, shown), fmt, shown)


def _convert_text(document: Document, fmt: str, shown: str) -> Document:
    if fmt in BINARY_FORMATS:  # forced on a text file: the text cannot be that format
        raise DocumentError(f"{shown} is not a {INPUT_FORMATS[fmt]} file")
    if fmt == "txt":
        return document
    return _with_extracted(document, extract_text_format(document.text, fmt), fmt, shown)
