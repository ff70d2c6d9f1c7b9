"""Who is in the text: one row per entity, its mentions merged across the document, with the
claims it makes and the devices aimed at it.

Mentions are merged as the claims' speakers are: a mention inside a claim's speaker mentions
joins that speaker (so "Merz", "Friedrich Merz" and "the chancellor" are one row when the
claims code linked them); otherwise a bare surname joins the one full name in the document
that ends with it (left alone when several do), and other names join by their normalised text.
A device is *aimed at* an entity when it lies in a sentence that mentions the entity and is not
in the entity's own words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .categories import NAMED_ENTITY_LABELS
from .model import Analysis, Claim, Device, Entity, Span

__all__ = ["GROUPS", "IndexedEntity", "entity_index", "sentences"]

GROUPS: dict[str, str] = {
    "PERSON": "people", "ORG": "organisations", "GPE": "places", "LOC": "places",
    "FAC": "places", "NORP": "groups",
}
"""The index's group of each entity label; every other named label is ``"other"``."""

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+|\n\s*\n")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class IndexedEntity:
    """One entity of the document, all its mentions together."""

    key: str
    """Stable within the document: the speaker key when it speaks, else group and name."""
    name: str
    """The fullest plain name it is mentioned by."""
    group: str
    """``people``, ``organisations``, ``places``, ``groups`` or ``other``."""
    mentions: tuple[Span, ...]
    """Where it is named, in text order."""
    claims: int
    """How many claims it makes."""
    aimed_at: tuple[Span, ...]
    """The devices aimed at it, in text order."""


def sentences(text: str) -> list[Span]:
    """The text's sentences, roughly: split after end punctuation and at blank lines."""
    spans: list[Span] = []
    start = 0
    for found in _SENTENCE_END.finditer(text):
        if found.start() > start:
            spans.append(Span(start, found.start()))
        start = found.end()
    if start < len(text):
        spans.append(Span(start, len(text)))
    return spans


def _plain(text: str) -> str:
    return _POSSESSIVE.sub("", " ".join(text.split()))


def _group(entity: Entity) -> str:
    return GROUPS.get(entity.label, "other")


def entity_index(analysis: Analysis, text: str) -> tuple[IndexedEntity, ...]:
    """The document's entities, most mentioned first (then by first mention)."""
    named = [entity for entity in analysis.entities if entity.label in NAMED_ENTITY_LABELS]
    speaker_of = _speaker_mentions(analysis.claims)
    full_names = _full_names(named)
    rows: dict[str, tuple[str, str, list[Span]]] = {}
    for entity in named:
        key, name = _key_of(entity, speaker_of, full_names)
        _, old_name, mentions = rows.setdefault(key, (_group(entity), name, []))
        mentions.append(entity.span)
        if len(name) > len(old_name) and " " in name:
            rows[key] = (rows[key][0], name, mentions)
    claims_by: dict[str, int] = {}
    for claim in analysis.claims:
        claims_by[claim.speaker_key] = claims_by.get(claim.speaker_key, 0) + 1
    bounds = sentences(text)
    starts = [span.start for span in bounds]
    result = [
        IndexedEntity(key, name, group, tuple(mentions), claims_by.get(key, 0),
                      _aimed_at(mentions, name, analysis.devices, bounds, starts))
        for key, (group, name, mentions) in rows.items()
    ]
    result.sort(key=lambda row: (-len(row.mentions), row.mentions[0].start))
    return tuple(result)


def _speaker_mentions(claims: Iterable[Claim]) -> list[tuple[Span, str, str]]:
    """Every claim's speaker mention, with the speaker's key and resolved name."""
    found = []
    for claim in claims:
        if claim.is_author:
            continue
        spans = claim.speaker_mentions or (
            (claim.speaker_span,) if claim.speaker_span is not None else ())
        found += [(span, claim.speaker_key, claim.speaker) for span in spans]
    return found


def _full_names(named: Sequence[Entity]) -> dict[str, list[str]]:
    """Surname → the multi-word people's names in the document that end with it."""
    by_surname: dict[str, list[str]] = {}
    for entity in named:
        name = _plain(entity.text)
        if entity.label == "PERSON" and " " in name:
            names = by_surname.setdefault(name.split()[-1], [])
            if name not in names:
                names.append(name)
    return by_surname


def _key_of(
    entity: Entity, speaker_of: Sequence[tuple[Span, str, str]],
    full_names: dict[str, list[str]],
) -> tuple[str, str]:
    for span, key, name in speaker_of:
        # The mention names the speaker (a place inside "Moscow's adviser" does not).
        if span.overlaps(entity.span) and (
            entity.label == "PERSON" or entity.span.contains(span)
            or _plain(entity.text).lower() == name.lower()
        ):
            return key, name
    name = _plain(entity.text)
    if entity.label == "PERSON":
        candidates = full_names.get(name.split()[-1], []) if name else []
        if " " not in name and len(candidates) == 1:
            name = candidates[0]
    # Named elsewhere as a speaker: the same row as those mentions.
    linked = next((key for _, key, speaker in speaker_of if speaker.lower() == name.lower()),
                  None)
    if linked is not None:
        return linked, name
    return f"{_group(entity)}:{name.lower()}", name


def _aimed_at(
    mentions: Sequence[Span], name: str, devices: Iterable[Device], bounds: Sequence[Span],
    starts: Sequence[int],
) -> tuple[Span, ...]:
    """The devices in the sentences of ``mentions`` that are not in ``name``'s own words."""
    sentences_of = {max(0, bisect_right(starts, mention.start) - 1) for mention in mentions}
    windows = [bounds[index] for index in sorted(sentences_of) if index < len(bounds)]
    aimed: list[Span] = []
    for device in devices:
        if device.voice == name or any(device.span.overlaps(m) for m in mentions):
            continue
        if any(window.contains(device.span) for window in windows):
            aimed.append(device.span)
    return tuple(sorted(set(aimed), key=lambda span: (span.start, span.end)))
