"""Shareable reports of an analysis: JSON, JSON Lines, CSV, Markdown and a standalone HTML page.

Pure, like the rest of :mod:`tui.analysis`: no textual, no rich. Each exporter takes the
:class:`~tui.analysis.model.Analysis`, the analysed (extracted) text and a
:class:`DocumentInfo` describing where the text came from, and returns a string. Every string
taken from the document is untrusted: the exporters escape it for their format and never let
terminal controls, bidi overrides or markup through (:mod:`tui.analysis.textsafety`).
"""

from __future__ import annotations

from .document import SCHEMA_FILE, DocumentInfo, document_to_dict, schema_path, to_document_json
from .html_report import HtmlTheme, to_html
from .markdown_report import to_markdown
from .tables import CSV_COLUMNS, to_csv, to_jsonl_line

__all__ = [
    "CSV_COLUMNS",
    "EXPORT_FORMATS",
    "FILE_EXTENSIONS",
    "SCHEMA_FILE",
    "DocumentInfo",
    "HtmlTheme",
    "document_to_dict",
    "schema_path",
    "to_csv",
    "to_document_json",
    "to_html",
    "to_jsonl_line",
    "to_markdown",
]

EXPORT_FORMATS: dict[str, str] = {
    "json": "the full analysis, for scripts (versioned schema)",
    "jsonl": "one JSON document per line, for many files",
    "csv": "one claim per row, for spreadsheets",
    "markdown": "a readable report: summary, techniques, claims by speaker",
    "html": "a self-contained page with the text highlighted",
    "text": "a plain-text report",
}
"""The export formats, by the name ``--format`` takes, with a one-line description."""

FILE_EXTENSIONS: dict[str, str] = {
    "json": ".json",
    "jsonl": ".jsonl",
    "csv": ".csv",
    "markdown": ".md",
    "html": ".html",
    "text": ".txt",
}
"""The file extension each export format is saved with."""
