"""Bytes to a :class:`~tui.documents.loading.Document`: reading files and standard input
(size limit, refusal of pipes and devices), decoding (encodings, line ends) and extracting the
text of each format (:mod:`tui.documents.formats`: sniffing, web pages, PDF, Word, Markdown),
with the format libraries imported behind one guard."""

from __future__ import annotations

from .formats import open_document
from .loading import Document, DocumentError

__all__ = ["Document", "DocumentError", "open_document"]
