"""A document's :class:`~tui.analysis.model.Analysis`, assembled from its paragraphs'."""

from __future__ import annotations

from collections.abc import Iterable

from .claims.linking import link_speakers
from .claims.people import label_speakers
from .devices.voice import assign_voices
from .model import Analysis, DeviceKind, ParagraphAnalysis

__all__ = ["assemble_analysis"]


def assemble_analysis(
    text_length: int,
    model: str,
    parts: Iterable[ParagraphAnalysis],
    device_kinds: tuple[DeviceKind, ...] = (),
    text: str | None = None,
) -> Analysis:
    """Assemble a document analysis from its paragraph analyses (in any order).

    Claims' speakers are resolved across paragraphs
    (:func:`tui.analysis.claims.linking.link_speakers`); give the document's ``text`` for
    titles ("the chancellor") and quotations reopened in a later paragraph. Devices inside a
    speaker's words are then given that speaker's resolved name as their voice ("Mara
    Quill", not the paragraph's "She").
    """
    ordered = sorted(parts, key=lambda part: part.paragraph.index)
    entities = tuple(entity for part in ordered for entity in part.entities)
    claims = link_speakers((claim for part in ordered for claim in part.claims), entities,
                           text or "")
    entities = label_speakers(entities, claims, text or "")
    return Analysis(
        text_length=text_length,
        model=model,
        paragraphs=tuple(part.paragraph for part in ordered),
        entities=entities,
        devices=assign_voices((device for part in ordered for device in part.devices), claims),
        claims=claims,
        device_kinds=device_kinds,
    )
