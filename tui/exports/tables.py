"""Claims as CSV (one row per claim) and documents as JSON Lines (one per line).

CSV cells holding document text are made visible (controls and invisible characters become
placeholders, line breaks spaces; one character for one, so the offsets still measure
them) and guarded against spreadsheet formula injection: a cell that would start with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'``, as OWASP
advises, so a spreadsheet shows it as text instead of running it.
"""

from __future__ import annotations

import csv
import io
import json

from ..analysis.dismissed import Dismissed
from ..analysis.model import Analysis, Claim
from ..analysis.textsafety import escape_json_unsafe, visible_inline
from .document import DocumentInfo, document_to_dict

__all__ = ["CSV_COLUMNS", "to_csv", "to_jsonl_line"]

CSV_COLUMNS: tuple[str, ...] = (
    "source",
    "speaker",
    "speaker_key",
    "is_author",
    "cue",
    "cue_lemma",
    "stance",
    "kind",
    "confidence",
    "content",
    "speaker_start",
    "speaker_end",
    "cue_start",
    "cue_end",
    "content_start",
    "content_end",
    "sentence_start",
    "sentence_end",
)
"""The CSV header, in column order."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    shown = visible_inline(value)
    return "'" + shown if shown.startswith(_FORMULA_START) else shown


def _row(claim: Claim, text: str, source: str) -> list[object]:
    speaker, cue = claim.speaker_span, claim.cue
    return [
        _cell(source),
        _cell(claim.speaker),
        _cell(claim.key),
        "true" if claim.is_author else "false",
        _cell(cue.text_of(text)) if cue else "",
        _cell(claim.cue_lemma) if cue else "",
        claim.stance,
        claim.kind,
        f"{claim.confidence:.3f}",
        _cell(claim.content.text_of(text)),
        speaker.start if speaker else "",
        speaker.end if speaker else "",
        cue.start if cue else "",
        cue.end if cue else "",
        claim.content.start,
        claim.content.end,
        claim.sentence.start,
        claim.sentence.end,
    ]


def to_csv(
    documents: list[tuple[Analysis, str, DocumentInfo]], *, header: bool = True
) -> str:
    """One row per claim of every document, in document then text order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(CSV_COLUMNS)
    for analysis, text, info in documents:
        source = info.source or info.name
        for claim in analysis.claims:
            writer.writerow(_row(claim, text, source))
    return buffer.getvalue()


def to_jsonl_line(
    analysis: Analysis, text: str, info: DocumentInfo, dismissed: Dismissed | None = None
) -> str:
    """The document's JSON (the same object as the ``json`` export) on one line, with the
    line end. JSON escapes line breaks inside strings, so a document never spans lines."""
    encoded = json.dumps(document_to_dict(analysis, text, info, dismissed), ensure_ascii=False,
                         separators=(",", ":"))
    return escape_json_unsafe(encoded) + "\n"
