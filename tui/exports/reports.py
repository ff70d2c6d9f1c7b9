"""Rendering one document's export in any format, for ``slant analyze`` and the export dialog,
and the export metadata (:class:`DocumentInfo`) of an opened document. No Textual: the HTML
page's colours come from :mod:`tui.ui.html_theme`."""

from __future__ import annotations

from ..analysis.dismissed import Dismissed
from ..analysis.model import Analysis
from ..analysis.textsafety import visible_inline
from ..documents.loading import Document
from . import (
    EXPORT_FORMATS,
    DocumentInfo,
    HtmlTheme,
    to_csv,
    to_document_json,
    to_html,
    to_jsonl_line,
    to_markdown,
)
from .json_and_text import to_text_report

__all__ = ["document_info", "render"]


def document_info(document: Document) -> DocumentInfo:
    """The export metadata of an opened document."""
    return DocumentInfo(
        name=document.name,
        source=str(document.path) if document.path is not None else None,
        title=document.title,
        author=document.author,
        date=document.date,
        format=document.format,
    )


def _text_report(analysis: Analysis, text: str, info: DocumentInfo) -> str:
    facts = [("Document", info.source or info.name), ("Title", info.title),
             ("Author", info.author), ("Date", info.date), ("Format", info.format)]
    header = [f"{label}: {visible_inline(value, 300)}" for label, value in facts if value]
    return "\n".join(header) + "\n" + to_text_report(analysis, text)


def render(
    fmt: str,
    analysis: Analysis,
    text: str,
    info: DocumentInfo,
    *,
    theme: HtmlTheme | None = None,
    dismissed: Dismissed | None = None,
    include_dismissed: bool = False,
) -> str:
    """One document's export in ``fmt`` (a key of :data:`EXPORT_FORMATS`).

    What the reader ``dismissed`` is marked ``"dismissed": true`` in JSON and JSON Lines and
    left out of the other formats, unless ``include_dismissed``."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if fmt == "json":
        return to_document_json(analysis, text, info, dismissed=dismissed) + "\n"
    if fmt == "jsonl":
        return to_jsonl_line(analysis, text, info, dismissed)
    if dismissed and not include_dismissed:
        analysis = dismissed.analysis(analysis, text)
    if fmt == "csv":
        return to_csv([(analysis, text, info)])
    if fmt == "markdown":
        return to_markdown(analysis, text, info)
    if fmt == "html":
        return to_html(analysis, text, info, theme)
    return _text_report(analysis, text, info)
