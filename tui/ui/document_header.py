"""The reading screen's title line: the document's name and its metadata.

``Slant · article.pdf · Council backs the bridge — Jane Roe · 2024-03-05 · PDF``: the file
name, then the title, author and date the format carried, then the format when it is not
plain text. Every part comes from the document, so every part is made inert.
"""

from __future__ import annotations

from rich.text import Text

from ..documents.loading import Document
from .display import safe_inline

__all__ = ["FORMAT_LABELS", "document_heading"]

FORMAT_LABELS = {"txt": "", "md": "Markdown", "html": "HTML", "pdf": "PDF", "docx": "Word"}
"""How the header names each input format (plain text is not named)."""


def document_heading(document: Document) -> Text:
    """The title line for ``document`` (one line, cut with … when too long)."""
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    line.append("Slant", style="bold")
    line.append(f" · {safe_inline(document.name, 80)}")
    if document.title and document.title != document.name:
        line.append(" · ")
        line.append(safe_inline(document.title, 120), style="bold")
    if document.author:
        line.append(f" — {safe_inline(document.author, 60)}", style="italic")
    if document.date:
        line.append(f" · {safe_inline(document.date, 30)}")
    label = FORMAT_LABELS.get(document.format, document.format)
    if label:
        line.append(f" · {label}", style="dim")
    return line
