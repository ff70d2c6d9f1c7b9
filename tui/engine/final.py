"""A document's analysis made final: the document-level passes over its paragraphs' results.

Paragraphs are analysed apart (in workers, in any order); some answers need the whole
document: a speaker named in one paragraph and quoted in the next, the voice a device is in.
Every run does this the same way, in the process that collects the paragraphs (the reader's
feed, ``slant analyze`` on one machine or on a cluster), so all give the same analysis, and
the cache stores the final paragraphs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..analysis.assembly import assemble_analysis
from ..analysis.model import Analysis, Claim, Device, DeviceKind, Entity, ParagraphAnalysis

__all__ = ["analysis_of", "final_parts"]


def final_parts(
    text: str, model: str, parts: list[ParagraphAnalysis]
) -> tuple[list[ParagraphAnalysis], tuple[Claim, ...]]:
    """The parts after the document-level passes of
    :func:`~tui.analysis.assembly.assemble_analysis` (speakers linked across paragraphs,
    device voices), redistributed by paragraph, and the final
    claims. Parts the passes leave alone are returned as they were (the same objects)."""
    analysis = assemble_analysis(len(text), model, parts, text=text)
    starts = [part.paragraph.span.start for part in parts]

    def place(offset: int) -> int:
        return max(0, bisect_right(starts, offset) - 1)

    entities: list[list[Entity]] = [[] for _ in parts]
    devices: list[list[Device]] = [[] for _ in parts]
    claims: list[list[Claim]] = [[] for _ in parts]
    for entity in analysis.entities:
        entities[place(entity.span.start)].append(entity)
    for device in analysis.devices:
        devices[place(device.span.start)].append(device)
    for claim in analysis.claims:
        claims[place(claim.sentence.start)].append(claim)
    final: list[ParagraphAnalysis] = []
    for position, part in enumerate(parts):
        found = ParagraphAnalysis(part.paragraph, tuple(entities[position]),
                                  tuple(devices[position]), tuple(claims[position]))
        same = (found.entities, found.devices, found.claims) == (
            part.entities, part.devices, part.claims
        )
        final.append(part if same else replace(part, entities=found.entities,
                                               devices=found.devices, claims=found.claims))
    return final, analysis.claims


def analysis_of(
    text: str, model: str, parts: Sequence[ParagraphAnalysis], kinds: Iterable[DeviceKind] = ()
) -> Analysis:
    """The :class:`Analysis` of ``text`` from its final paragraphs (from
    :func:`final_parts`, or the cache): what :func:`tui.analysis.analyze` returns."""
    return Analysis(
        text_length=len(text),
        model=model,
        paragraphs=tuple(part.paragraph for part in parts),
        entities=tuple(entity for part in parts for entity in part.entities),
        devices=tuple(device for part in parts for device in part.devices),
        claims=tuple(claim for part in parts for claim in part.claims),
        device_kinds=tuple(kinds),
    )
