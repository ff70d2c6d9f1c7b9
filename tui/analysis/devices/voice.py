"""Whose voice a device is in: the text's own, or a quoted or reported speaker's.

A device lies in a speaker's words when one of the content pieces of a claim attributed to
someone other than the author contains it. Pure functions on the analysis dataclasses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..model import AUTHOR, Claim, Device

__all__ = ["assign_voices", "voice_of"]


def voice_of(device: Device, claims: Iterable[Claim]) -> str:
    """The speaker whose claim content holds ``device`` (the tightest such content when
    claims nest), or :data:`~tui.analysis.model.AUTHOR`."""
    best: tuple[int, str] | None = None
    for claim in claims:
        if claim.is_author:
            continue
        for piece in claim.pieces:
            if piece.contains(device.span) and (best is None or len(piece) < best[0]):
                best = (len(piece), claim.speaker)
    return AUTHOR if best is None else best[1]


def assign_voices(devices: Iterable[Device], claims: Iterable[Claim]) -> tuple[Device, ...]:
    """``devices`` with :attr:`~tui.analysis.model.Device.voice` set from ``claims``."""
    reported = tuple(claim for claim in claims if not claim.is_author)
    result: list[Device] = []
    for device in devices:
        voice = voice_of(device, reported) if reported else AUTHOR
        result.append(device if device.voice == voice else replace(device, voice=voice))
    return tuple(result)
