"""The results received so far for a document being analysed, kept cheap to update and query.

Results arrive out of order (the paragraphs on screen first) and in layers (a paragraph's
lexical devices, then its entities, then everything). :class:`Collected` keeps the best
analysis of every paragraph and, for the UI:

* counts of entities, devices and claims, updated by difference, never recounted;
* the claims in text order, released as the fully analysed stretch from the start of the
  text grows, so a list showing them only ever appends;
* stepping to the next or previous highlight from a position, by looking at the paragraphs
  around it instead of sorting every highlight of the document.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence

from ..analysis.model import Claim, Paragraph, ParagraphAnalysis
from .layers import FULL

__all__ = ["Collected", "step_through_parts"]


class Collected:
    """The best analysis so far of each paragraph of one document."""

    def __init__(self, paragraphs: Sequence[Paragraph]) -> None:
        self.paragraphs = list(paragraphs)
        """The document's paragraphs."""
        self.starts = [paragraph.span.start for paragraph in self.paragraphs]
        """Where each paragraph starts (for bisecting)."""
        self.parts: dict[int, ParagraphAnalysis] = {}
        """The best analysis of each paragraph received, by index."""
        self.levels = bytearray(len(self.paragraphs))
        """The layer each paragraph has reached."""
        self.entity_count = 0
        """Entities in :attr:`parts`."""
        self.device_count = 0
        """Devices in :attr:`parts`."""
        self.claim_count = 0
        """Claims in :attr:`parts` (listed or not yet)."""
        self.listed: list[Claim] = []
        """Claims released in text order: those of the fully analysed paragraphs from the
        start of the text up to the first one that is not."""
        self._listed_upto = 0

    def add(self, parts: Iterable[ParagraphAnalysis], levels: Iterable[int]) -> None:
        """Take newer analyses of some paragraphs."""
        for part, level in zip(parts, levels, strict=True):
            index = part.paragraph.index
            if not 0 <= index < len(self.levels) or level < self.levels[index]:
                continue
            old = self.parts.get(index)
            if old is not None:
                self.entity_count -= len(old.entities)
                self.device_count -= len(old.devices)
                self.claim_count -= len(old.claims)
            self.parts[index] = part
            self.levels[index] = level
            self.entity_count += len(part.entities)
            self.device_count += len(part.devices)
            self.claim_count += len(part.claims)

    def release_claims(self) -> list[Claim]:
        """Claims that can now join :attr:`listed` (they follow every claim listed)."""
        released: list[Claim] = []
        index = self._listed_upto
        while index < len(self.levels) and self.levels[index] >= FULL:
            released.extend(self.parts[index].claims)
            index += 1
        self._listed_upto = index
        self.listed.extend(released)
        return released

    @property
    def complete(self) -> bool:
        """True when every paragraph is fully analysed."""
        return self._listed_upto >= len(self.levels) or self.levels.count(FULL) == len(
            self.levels
        )

    def all_claims(self) -> list[Claim]:
        """Every claim received so far, in text order (listed or not)."""
        return [claim for index in sorted(self.parts) for claim in self.parts[index].claims]

    def paragraph_at(self, offset: int) -> int:
        """Index of the paragraph at or before ``offset`` (0 if none)."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def parts_between(self, start: int, end: int) -> list[ParagraphAnalysis]:
        """Analyses of the paragraphs overlapping ``[start, end)``."""
        first = self.paragraph_at(start)
        found: list[ParagraphAnalysis] = []
        for index in range(first, len(self.paragraphs)):
            if self.paragraphs[index].span.start >= max(end, start + 1):
                break
            part = self.parts.get(index)
            if part is not None:
                found.append(part)
        return found


def step_through_parts(
    collected: Collected,
    position: int,
    forward: bool,
    highlights_of: Callable[[ParagraphAnalysis], Sequence[object]],
    start_of: Callable[[object], int],
) -> object | None:
    """The first highlight starting after ``position`` (before it, going back), wrapping
    around the document; ``highlights_of`` lists one paragraph's highlights in order.

    Only the paragraphs between ``position`` and the answer are looked at.
    """
    count = len(collected.paragraphs)
    if not count or not collected.parts:
        return None
    here = collected.paragraph_at(position)
    direction = 1 if forward else -1
    for step in range(count + 1):
        index = (here + direction * step) % count
        part = collected.parts.get(index)
        if part is None:
            continue
        found = highlights_of(part)
        if not found:
            continue
        wrapped = step > 0 and (index < here if forward else index > here)
        candidates = found if forward else list(reversed(found))
        for highlight in candidates:
            start = start_of(highlight)
            if wrapped or step == count:
                return highlight
            if (forward and start > position) or (not forward and start < position):
                return highlight
    return None
