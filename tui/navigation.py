"""Finding highlights by position: what ``n`` / ``N`` jump to and what a click lands on.

Pure functions over the paragraph analyses the screen has received so far.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .analysis.categories import NAMED_ENTITY_LABELS
from .analysis.model import Claim, Device, Entity, ParagraphAnalysis, Span

__all__ = ["Highlight", "claims_at", "highlights", "highlights_at", "step"]


@dataclass(frozen=True)
class Highlight:
    """An entity or a device, as something the reader can move to."""

    span: Span
    """Where it is."""
    item: Entity | Device
    """What it is."""


def highlights(
    parts: Iterable[ParagraphAnalysis], *, entities: bool = True, devices: bool = True
) -> list[Highlight]:
    """Every highlight of the shown layers, ordered by start then by length."""
    found: list[Highlight] = []
    for part in parts:
        if entities:
            # Dates, amounts and numbers are coloured but not stopped at: names carry the
            # argument, "three" and "quarterly" rarely do.
            found.extend(
                Highlight(entity.span, entity)
                for entity in part.entities
                if entity.label in NAMED_ENTITY_LABELS
            )
        if devices:
            found.extend(Highlight(device.span, device) for device in part.devices)
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


def highlights_at(parts: Iterable[ParagraphAnalysis], offset: int) -> list[Highlight]:
    """Highlights covering character ``offset`` (any entity type), devices first, shortest
    first."""
    point = Span(offset, offset + 1)
    found: list[Highlight] = []
    for part in parts:
        if not part.paragraph.span.start <= offset < part.paragraph.span.end:
            continue
        found.extend(Highlight(e.span, e) for e in part.entities if e.span.overlaps(point))
        found.extend(Highlight(d.span, d) for d in part.devices if d.span.overlaps(point))
    found.sort(key=lambda h: (not isinstance(h.item, Device), len(h.span)))
    return found


def claims_at(claims: Iterable[Claim], offset: int) -> list[Claim]:
    """Claims whose speaker mention, cue or content covers ``offset``."""
    point = Span(offset, offset + 1)
    return [
        claim
        for claim in claims
        if any(
            part is not None and part.overlaps(point)
            for part in (claim.speaker_span, claim.cue, claim.content)
        )
    ]
