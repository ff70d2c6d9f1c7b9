"""Whose voice a device is in: the text's own, or a quoted or reported speaker's.

A device lies in a speaker's words when one of the content pieces of a claim attributed to
someone other than the author contains it. Pure functions on the analysis dataclasses.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import replace

from ..model import AUTHOR, Claim, Device

__all__ = ["assign_voices", "voice_of"]


def voice_of(device: Device, claims: Iterable[Claim]) -> str:
    """The speaker whose claim content holds ``device`` (the tightest such content when
    claims nest), or :data:`~tui.analysis.model.AUTHOR`."""
    return _Voices(claims).of(device)


class _Voices:
    """The reported speakers' content pieces, sorted by start, to find the tightest piece
    around a span without looking at every claim of a book for every device."""

    def __init__(self, claims: Iterable[Claim]) -> None:
        pieces = sorted((piece.start, piece.end, order, claim.speaker)
                        for order, claim in enumerate(claims) if not claim.is_author
                        for piece in claim.pieces)
        self.starts = [piece[0] for piece in pieces]
        self.pieces = pieces
        self.longest = max((end - start for start, end, _, _ in pieces), default=0)

    def of(self, device: Device) -> str:
        span = device.span
        best: tuple[int, int, str] | None = None  # length, claim order, speaker
        # A piece that holds the span starts at or before it, and no further back than the
        # longest piece is long. The tightest wins; between equals, the earlier claim.
        index = bisect_right(self.starts, span.start) - 1
        while index >= 0 and self.starts[index] >= span.start - self.longest:
            start, end, order, speaker = self.pieces[index]
            if end >= span.end and (best is None or (end - start, order) < best[:2]):
                best = (end - start, order, speaker)
            index -= 1
        return AUTHOR if best is None else best[2]


def assign_voices(devices: Iterable[Device], claims: Iterable[Claim]) -> tuple[Device, ...]:
    """``devices`` with :attr:`~tui.analysis.model.Device.voice` set from ``claims``."""
    voices = _Voices(claims)
    result: list[Device] = []
    for device in devices:
        voice = voices.of(device) if voices.pieces else AUTHOR
        result.append(device if device.voice == voice else replace(device, voice=voice))
    return tuple(result)
