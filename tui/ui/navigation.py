"""Finding highlights by position: what ``n`` / ``N`` jump to and what a click lands on.

Pure functions over the paragraph analyses the screen has received so far.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..analysis.categories import NAMED_ENTITY_LABELS
from ..analysis.model import Claim, Device, Entity, ParagraphAnalysis, Span

__all__ = [
    "Highlight",
    "claim_marks",
    "claims_at",
    "highlights",
    "highlights_at",
    "speaker_mentions",
    "step",
]


@dataclass(frozen=True)
class Highlight:
    """An entity or a device, as something the reader can move to."""

    span: Span
    """Where it is."""
    item: Entity | Device
    """What it is."""


def highlights(
    parts: Iterable[ParagraphAnalysis],
    *,
    entities: bool = True,
    devices: bool = True,
    hidden_categories: frozenset[str] = frozenset(),
    kind: str | None = None,
) -> list[Highlight]:
    """Every highlight of the shown layers, ordered by start then by length.

    Devices of ``hidden_categories`` are left out. With ``kind`` (a device kind id), only
    devices of that kind are: the reader is stepping through one device type.
    """
    found: list[Highlight] = []
    for part in parts:
        if entities and kind is None:
            # Dates, amounts and numbers are coloured but not stopped at: names carry the
            # argument, "three" and "quarterly" rarely do.
            found.extend(
                Highlight(entity.span, entity)
                for entity in part.entities
                if entity.label in NAMED_ENTITY_LABELS
            )
        if devices:
            found.extend(
                Highlight(device.span, device)
                for device in part.devices
                if device.category not in hidden_categories and kind in (None, device.id)
            )
    found.sort(key=lambda highlight: (highlight.span.start, highlight.span.end))
    return found


def step(ordered: list[Highlight], position: int, forward: bool) -> Highlight | None:
    """The first highlight starting after ``position`` (or before it, going back), wrapping
    around at either end of the document."""
    if not ordered:
        return None
    if forward:
        for highlight in ordered:
            if highlight.span.start > position:
                return highlight
        return ordered[0]
    for highlight in reversed(ordered):
        if highlight.span.start < position:
            return highlight
    return ordered[-1]


def highlights_at(
    parts: Iterable[ParagraphAnalysis],
    offset: int,
    *,
    entities: bool = True,
    devices: bool = True,
    hidden_categories: frozenset[str] = frozenset(),
) -> list[Highlight]:
    """Highlights of the shown layers covering character ``offset`` (any entity type),
    devices first, shortest first."""
    point = Span(offset, offset + 1)
    found: list[Highlight] = []
    for part in parts:
        if not part.paragraph.span.start <= offset < part.paragraph.span.end:
            continue
        if entities:
            found.extend(Highlight(e.span, e) for e in part.entities if e.span.overlaps(point))
        if devices:
            found.extend(
                Highlight(d.span, d)
                for d in part.devices
                if d.span.overlaps(point) and d.category not in hidden_categories
            )
    found.sort(key=lambda h: (not isinstance(h.item, Device), len(h.span)))
    return found


def speaker_mentions(claim: Claim) -> tuple[Span, ...]:
    """The mentions of the claim's speaker in the text: every attributing mention when the
    analysis lists them, else the one speaker span, else none (the author)."""
    if claim.speaker_mentions:
        return claim.speaker_mentions
    return (claim.speaker_span,) if claim.speaker_span is not None else ()


def claim_marks(claim: Claim) -> list[tuple[Span, str]]:
    """What a selected claim marks in the document, weakest first, each with its theme
    variable: the content's pieces, the speaker's mentions, then the cue."""
    marks = [(piece, "claim-content") for piece in claim.pieces]
    marks.extend((mention, "claim-source") for mention in speaker_mentions(claim))
    if claim.cue is not None:
        marks.append((claim.cue, "claim-cue"))
    return marks


def claims_at(claims: Iterable[Claim], offset: int) -> list[Claim]:
    """Claims whose speaker mention, cue or content covers ``offset``."""
    point = Span(offset, offset + 1)
    return [
        claim
        for claim in claims
        if any(span.overlaps(point) for span, _ in claim_marks(claim))
    ]
