"""The reading screen's title line: the document's name and its metadata.

``Slant · article.pdf · Council backs the bridge · Jane Roe · 2024-03-05 · PDF``: the file
name, then the title, author and date the format carried, then the format when it is not
plain text. Every part comes from the document, so every part is made inert.
"""

from __future__ import annotations

from ..documents.loading import Document
from .display import safe_inline

__all__ = ["FORMAT_LABELS", "document_heading"]

FORMAT_LABELS = {"txt": "", "md": "Markdown", "html": "HTML", "pdf": "PDF", "docx": "Word"}
"""How the header names each input format (plain text is not named)."""


def document_heading(document: Document) -> list[tuple[int, str, str]]:
    """The title line's items for ``document``, as ``(priority, text, style)``: what does not
    fit the width is left out whole, the least important (format, date, author) first."""
    items = [(0, "Slant", "bold"), (1, safe_inline(document.name, 80), "")]
    if document.title and document.title != document.name:
        items.append((2, safe_inline(document.title, 120), "bold"))
    if document.author:
        items.append((4, safe_inline(document.author, 60), "italic"))
    if document.date:
        items.append((5, safe_inline(document.date, 30), ""))
    label = FORMAT_LABELS.get(document.format, document.format)
    if label:
        items.append((3, label, "dim"))
    return items
