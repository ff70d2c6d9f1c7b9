"""Exporting an analysis: JSON for scripts, a plain-text report, and claim lines to copy.

Pure: no textual, no rich. Every string taken from the document is untrusted, so the JSON
escapes the characters a terminal would act on or not show, and the text report shows them
as visible placeholders (:mod:`tui.analysis.textsafety`). Offsets in the JSON are character
(code point) offsets into the decoded, newline-normalised text, as everywhere in Slant.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable

from ..analysis.categories import DEVICE_CATEGORIES, ENTITY_LABELS
from ..analysis.dismissed import Dismissed
from ..analysis.entity_index import IndexedEntity, entity_index
from ..analysis.model import AUTHOR, Analysis, Claim, Device, DeviceKind, Entity, Paragraph, Span
from ..analysis.textsafety import escape_json_unsafe, visible_inline

__all__ = [
    "SCHEMA",
    "SCHEMA_VERSION",
    "analysis_to_dict",
    "claim_line",
    "claims_markdown",
    "readable_json",
    "to_json",
    "to_text_report",
]

SCHEMA = "slant.analysis"
"""The ``"schema"`` field of the JSON export."""

SCHEMA_VERSION = 1
"""The ``"version"`` field of the JSON export; bumped on incompatible changes."""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")

_Escape = Callable[[str], str]


def analysis_to_dict(
    analysis: Analysis,
    text: str,
    *,
    source: str | None = None,
    dismissed: Dismissed | None = None,
) -> dict[str, object]:
    """Return the analysis as plain JSON-ready data (the ``slant.analysis`` v1 schema).

    Args:
        analysis: the analysis of ``text``.
        text: the text that was analysed (spans are sliced from it).
        source: where the text came from (a path, ``"<stdin>"``), or ``None``.
        dismissed: what the reader dismissed: those entities and devices stay in the lists
            with ``"dismissed": true``, and are left out of the counts and the index.

    Raises:
        ValueError: ``text`` is not the text analysed (its length differs).
    """
    if len(text) != analysis.text_length:
        raise ValueError(
            f"the analysis is of a {analysis.text_length}-character text, not {len(text)}"
        )
    # A device's technique lives in its kind; copied into each device for scripts' sake.
    techniques = {kind.id: kind.technique for kind in analysis.device_kinds}
    kept = dismissed.analysis(analysis, text) if dismissed else analysis
    entities = [_entity(entity) for entity in analysis.entities]
    devices = [_device(device, text, techniques) for device in analysis.devices]
    if dismissed:
        pairs: list[tuple[dict[str, object], Entity | Device]] = [
            *zip(entities, analysis.entities, strict=True),
            *zip(devices, analysis.devices, strict=True)]
        for entry, item in pairs:
            if dismissed.hides(item, text):
                entry["dismissed"] = True
    return {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "source": source,
        "model": analysis.model,
        "text_length": analysis.text_length,
        "paragraphs": [_paragraph(paragraph) for paragraph in analysis.paragraphs],
        "entities": entities,
        "devices": devices,
        "claims": [_claim(claim, text) for claim in analysis.claims],
        "device_kinds": [_device_kind(kind) for kind in analysis.device_kinds],
        "entities_index": [_indexed(row) for row in entity_index(kept, text)],
        "counts": {
            "entities": len(kept.entities),
            "devices": len(kept.devices),
            "claims": len(kept.claims),
        },
    }


def _indexed(row: IndexedEntity) -> dict[str, object]:
    return {
        "key": row.key,
        "name": row.name,
        "group": row.group,
        "mentions": len(row.mentions),
        "claims": row.claims,
        "devices_aimed_at": len(row.aimed_at),
        "mention_spans": [[span.start, span.end] for span in row.mentions],
    }


def _paragraph(paragraph: Paragraph) -> dict[str, object]:
    return {"index": paragraph.index, "start": paragraph.span.start, "end": paragraph.span.end}


def _entity(entity: Entity) -> dict[str, object]:
    return {
        "label": entity.label,
        "start": entity.span.start,
        "end": entity.span.end,
        "text": entity.text,
    }


def _device(device: Device, text: str, techniques: dict[str, str | None]) -> dict[str, object]:
    return {
        "id": device.id,
        "name": device.name,
        "category": device.category,
        "technique": techniques.get(device.id),
        "start": device.span.start,
        "end": device.span.end,
        "text": device.span.text_of(text),
        "reason": device.reason,
    }


def _claim(claim: Claim, text: str) -> dict[str, object]:
    speaker, cue = claim.speaker_span, claim.cue
    return {
        "speaker": claim.speaker,
        "is_author": claim.is_author,
        "speaker_start": speaker.start if speaker else None,
        "speaker_end": speaker.end if speaker else None,
        "cue": cue.text_of(text) if cue else None,
        "cue_lemma": claim.cue_lemma if cue else None,
        "cue_start": cue.start if cue else None,
        "cue_end": cue.end if cue else None,
        "content": claim.content.text_of(text),
        "content_start": claim.content.start,
        "content_end": claim.content.end,
        "sentence_start": claim.sentence.start,
        "sentence_end": claim.sentence.end,
        "speaker_key": claim.key,
        "speaker_mentions": [
            {"start": span.start, "end": span.end, "text": span.text_of(text)}
            for span in claim.speaker_mentions
        ],
        "content_pieces": [
            {"start": span.start, "end": span.end, "text": span.text_of(text)}
            for span in claim.pieces
        ],
        "stance": claim.stance,
        "kind": claim.kind,
        "confidence": claim.confidence,
    }


def _device_kind(kind: DeviceKind) -> dict[str, object]:
    return {
        "id": kind.id,
        "name": kind.name,
        "category": kind.category,
        "definition": kind.definition,
        "example": kind.example,
        "technique": kind.technique,
    }


def to_json(
    analysis: Analysis, text: str, *, source: str | None = None, indent: int | None = 2
) -> str:
    """Return the analysis as JSON (see :func:`analysis_to_dict`), safe to print.

    Non-ASCII text stays readable, but C1 controls, ``DEL``, bidi controls, zero-width and
    other invisible characters are written as ``\\uXXXX`` escapes (``json.dumps`` already
    escapes C0 controls), so printing the JSON cannot drive or deceive a terminal. It
    decodes to exactly the same strings.
    """
    data = analysis_to_dict(analysis, text, source=source)
    if indent is None:
        return escape_json_unsafe(json.dumps(data, ensure_ascii=False))
    return escape_json_unsafe(readable_json(data))


def readable_json(data: dict[str, object]) -> str:
    """``data`` as JSON for people and fast to write: one key per line, and a list one item
    per line, each item on its line whole. (The standard library's indenting encoder is
    pure Python, seconds on a book; each line here is the C encoder's.)"""

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    lines = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {dumps(item)}" for item in value)
            lines.append(f"  {dumps(key)}: [\n{items}\n  ]")
        else:
            lines.append(f"  {dumps(key)}: {dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}"


def _collapse(text: str) -> str:
    """Whitespace runs, line breaks included, as single spaces."""
    return " ".join(text.split())


def claim_line(claim: Claim, text: str) -> str:
    """The claim on one line: ``Speaker — cue: “content”``, or ``Speaker: “content”``
    without a cue (as for the author asserting something directly).

    Whitespace in the cue and the content is collapsed. The line is raw document text:
    show it through :mod:`tui.ui.display`, copy it through :mod:`tui.ui.clipboard`.
    """
    return _claim_line(claim, text, escape=lambda part: part)


def _claim_line(claim: Claim, text: str, *, escape: _Escape, strong: str = "") -> str:
    """:func:`claim_line` with document text passed through ``escape`` and the speaker
    wrapped in ``strong`` (``"**"`` for Markdown)."""
    speaker = strong + (escape(_collapse(claim.speaker)) or AUTHOR) + strong
    # A quotation split around its cue shows its pieces, not the cue between them.
    content = " … ".join(escape(_collapse(piece.text_of(text))) for piece in claim.pieces)
    if claim.cue is None:
        return f"{speaker}: “{content}”"
    cue = escape(_collapse(claim.cue.text_of(text)))
    return f"{speaker} — {cue}: “{content}”"


def _markdown_escape(text: str) -> str:
    """Backslash-escape Markdown syntax, so a document cannot inject links or emphasis."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def claims_markdown(claims: Iterable[Claim], text: str, title: str | None = None) -> str:
    """All claims as a Markdown list in text order: ``- **Speaker** — cue: “content”``.

    ``title``, when given, becomes a level-1 heading above the list (used verbatim, on one
    line). Document text is whitespace-collapsed and its Markdown syntax escaped.
    """
    ordered = sorted(claims, key=lambda claim: (claim.content.start, claim.content.end))
    lines: list[str] = []
    if title is not None:
        lines += [f"# {_markdown_escape(_collapse(title))}", ""]
    for claim in ordered:
        lines.append("- " + _claim_line(claim, text, escape=_markdown_escape, strong="**"))
    if not ordered:
        lines.append("_No claims found._")
    return "\n".join(lines) + "\n"


def _safe(text: str) -> str:
    """Document text for the report: on one line, whitespace collapsed, controls visible."""
    return visible_inline(_collapse(text))


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def to_text_report(analysis: Analysis, text: str) -> str:
    """A plain-text report for people (``slant analyze --format text``).

    Entities grouped by label, each distinct name once with its count; devices with where
    they are and why they fired; claims as ``Speaker — cue: “content”``. Every string from
    the document is shown on one line with controls and invisible characters made visible.
    """
    lines = [
        "Slant analysis",
        f"Model: {_safe(analysis.model)}",
        f"Text: {_plural(analysis.text_length, 'character')} in "
        f"{_plural(len(analysis.paragraphs), 'paragraph')}",
        "",
        f"ENTITIES ({len(analysis.entities):,})",
        *_entity_lines(analysis.entities),
        "",
        f"RHETORICAL DEVICES ({len(analysis.devices):,})",
        *_device_lines(analysis.devices, text),
        "",
        f"CLAIMS ({len(analysis.claims):,})",
        *(f"  {_claim_line(claim, text, escape=_safe)}" for claim in analysis.claims),
    ]
    if not analysis.claims:
        lines.append("  (none)")
    return "\n".join(lines) + "\n"


def _entity_lines(entities: Iterable[Entity]) -> list[str]:
    by_label: dict[str, Counter[str]] = {}
    for entity in entities:
        # Counter keeps first-seen order, so names are listed as the text introduces them.
        by_label.setdefault(entity.label, Counter())[_safe(entity.text)] += 1
    known = [label for label in ENTITY_LABELS if label in by_label]
    labels = known + sorted(set(by_label) - set(known))
    lines: list[str] = []
    for label in labels:
        names = by_label[label]
        title = ENTITY_LABELS.get(label, _safe(label))
        lines.append(f"  {title} ({_safe(label)}): {_plural(names.total(), 'mention')}")
        listed = ", ".join(name if n == 1 else f"{name} ×{n}" for name, n in names.items())
        lines.append(f"    {listed}")
    return lines or ["  (none)"]


def _device_lines(devices: Iterable[Device], text: str) -> list[str]:
    lines: list[str] = []
    for device in devices:
        category = DEVICE_CATEGORIES.get(device.category, device.category)
        lines.append(
            f"  {_safe(device.name)} [{_safe(category)}] at {_where(device.span)}: "
            f"“{_safe(device.span.text_of(text))}”"
        )
        lines.append(f"    why: {_safe(device.reason)}")
    return lines or ["  (none)"]


def _where(span: Span) -> str:
    return f"{span.start}–{span.end}"
