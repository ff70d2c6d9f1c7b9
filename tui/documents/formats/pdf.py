"""PDF: the text layer read with pypdf, its lines rejoined into paragraphs.

A PDF stores lines, not paragraphs. The lines are joined back: a word hyphenated at a line
end is made whole again (``rail-`` / ``way`` → ``railway``), a line break inside a paragraph
becomes a space, and a paragraph ends at an empty line or at a line clearly shorter than
the text's usual width (the last line of a paragraph, a heading). Lines that are only a
page number are dropped, and a paragraph running over a page break is joined across it.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from ...analysis.libraries import require
from .extracted import Extracted, clean_field, join_blocks

__all__ = ["PdfError", "pdf_to_text", "rejoin_lines"]

READING_PDF = "reading PDF files"
PARAGRAPH_GAP = 1.3
"""A vertical gap wider than this many usual line spacings separates two paragraphs."""

SHORT_LINE = 0.7
"""A line shorter than this fraction of the usual line width ends its paragraph."""

_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]",
                          re.IGNORECASE)
_CLOSERS = ".!?:;\"”’)…"
_HYPHENATED = re.compile(r"[^\W\d_][-\u00ad]\Z")


# pypdf reports a damaged file's oddities through logging; with no handler, Python would print
# them on standard error (over the reader's screen, into a script's output). A file pypdf
# cannot read is reported by Slant itself, once, as a PdfError.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False


class PdfError(ValueError):
    """The bytes are not a PDF pypdf can read, or it has no text to read."""


def _typical_width(lines: Sequence[str]) -> int:
    """The usual length of a full line: the 80th percentile of the non-empty lines."""
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.8))]


def _ends_paragraph(line: str, following: str) -> bool:
    """Whether a short line ends its paragraph: it ends a sentence, or it is a heading
    (the next line starts afresh with a capital), rather than a line cut short by a page
    break or a column end."""
    return line[-1] in _CLOSERS or not following or not following[0].islower()


def rejoin_lines(lines: Iterable[str]) -> list[str]:
    """Turn a PDF's lines (all pages in order, ``""`` for an empty line) into paragraphs."""
    cleaned = [" ".join(line.split()) for line in lines]
    cleaned = [line for line in cleaned if not _PAGE_NUMBER.fullmatch(line)]
    short = _typical_width(cleaned) * SHORT_LINE
    paragraphs: list[str] = []
    current = ""
    # The next non-empty line after each line, found in one backward pass.
    upcoming: list[str] = []
    later = ""
    for line in reversed(cleaned):
        upcoming.append(later)
        later = line or later
    upcoming.reverse()
    for line, following in zip(cleaned, upcoming, strict=True):
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if not current:
            current = line
        elif _HYPHENATED.search(current) and line[0].islower():
            current = current[:-1] + line  # a word split over two lines
        else:
            current = f"{current} {line}"
        if len(line) < short and _ends_paragraph(line, following):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _page_lines(page: Any) -> list[str]:
    """A page's lines, with ``""`` where the vertical gap before a line is clearly wider
    than the page's usual line spacing (space between paragraphs)."""
    positioned: list[tuple[str, float | None]] = []
    pending = [""]
    pending_y: list[float | None] = [None]

    def visit(text: str, cm: Any, tm: Any, *_: Any) -> None:
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            if index:  # a line ended: start the next one
                positioned.append((pending[0], pending_y[0]))
                pending[0], pending_y[0] = "", None
            if piece.strip() and pending_y[0] is None:
                # The text's baseline on the page: the text matrix's y through the CTM.
                pending_y[0] = float(tm[4]) * float(cm[1]) + float(tm[5]) * float(cm[3]) \
                    + float(cm[5])
            pending[0] += piece

    page.extract_text(visitor_text=visit)
    positioned.append((pending[0], pending_y[0]))
    return _gapped(positioned)


def _gapped(positioned: list[tuple[str, float | None]]) -> list[str]:
    """Lines with an empty line inserted at each wide vertical gap."""
    gaps: list[float] = []
    previous: float | None = None
    for line, y in positioned:
        if y is None or not line.strip():
            continue
        if previous is not None and previous - y > 0:
            gaps.append(previous - y)
        previous = y
    usual = sorted(gaps)[len(gaps) // 2] if gaps else 0.0
    lines: list[str] = []
    previous = None
    for line, y in positioned:
        if y is not None and line.strip():
            if previous is not None and usual and previous - y > usual * PARAGRAPH_GAP:
                lines.append("")
            previous = y
        lines.append(line)
    return lines


def _date(value: object) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return None


def pdf_to_text(data: bytes) -> Extracted:
    """Extract a PDF's text and its title, author and creation date.

    Raises:
        PdfError: the file cannot be parsed, is encrypted with a password, or has no text
            layer (a scan); the message says which.
    """
    PdfReader = require("pypdf", READING_PDF).PdfReader
    PyPdfError = require("pypdf.errors", READING_PDF).PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfError("it is protected by a password")
        lines: list[str] = []
        for page in reader.pages:
            lines.extend(_page_lines(page))
            lines.append("")  # a page break may end a paragraph; rejoin_lines decides
    except PdfError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, NotImplementedError, OSError) as error:
        raise PdfError(f"it is not a PDF Slant can read ({type(error).__name__})") from None
    paragraphs = _join_pages(lines)
    text = join_blocks(paragraphs)
    if not text:
        raise PdfError("it has no text layer (a scanned PDF needs OCR first)")
    title = author = created = None
    try:
        metadata = reader.metadata
        if metadata is not None:
            title = clean_field(metadata.title)
            author = clean_field(metadata.author)
            created = _date(metadata.creation_date)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        pass  # broken metadata costs the metadata, not the text
    return Extracted(text, title=title, author=author, date=created)


def _join_pages(lines: list[str]) -> list[str]:
    """Rejoin lines; a page break only ends a paragraph when its last line did."""
    # A page break is marked by "" after each page; drop the marks where the line before
    # does not end a sentence, so a paragraph flows on to the next page.
    lines = [line for line in lines if not _PAGE_NUMBER.fullmatch(" ".join(line.split()))]
    kept: list[str] = []
    for index, line in enumerate(lines):
        if line == "" and kept and kept[-1].strip() and index + 1 < len(lines):
            previous = kept[-1].rstrip()
            if previous and previous[-1] not in _CLOSERS:
                continue
        kept.append(line)
    return rejoin_lines(kept)
