"""Finding highlights by position: what ``n`` / ``N`` jump to and what a click lands on.

Pure functions over the paragraph analyses the screen has received so far.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
            found.extend(Highlight(entity.span, entity) for entity in part.entities)
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
    """Highlights covering character ``offset``, devices first, shortest first."""
    point = Span(offset, offset + 1)
    found = [h for h in highlights(parts) if h.span.overlaps(point)]
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
