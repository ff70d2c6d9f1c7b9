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
    """The document's entities, most mentioned first (then by first mention).

    Linear in the document (a book's index takes a fraction of a second): speaker mentions
    are looked up by position, devices are filed by sentence once."""
    named = [entity for entity in analysis.entities if entity.label in NAMED_ENTITY_LABELS]
    speakers = _Speakers(analysis.claims)
    full_names = _full_names(named)
    rows: dict[str, tuple[str, str, list[Span]]] = {}
    for entity in named:
        key, name = _key_of(entity, speakers, full_names)
        _, old_name, mentions = rows.setdefault(key, (_group(entity), name, []))
        mentions.append(entity.span)
        if len(name) > len(old_name) and " " in name:
            rows[key] = (rows[key][0], name, mentions)
    claims_by: dict[str, int] = {}
    for claim in analysis.claims:
        claims_by[claim.speaker_key] = claims_by.get(claim.speaker_key, 0) + 1
    bounds = sentences(text)
    starts = [span.start for span in bounds]
    by_sentence: dict[int, list[Device]] = {}
    for device in analysis.devices:
        index = max(0, bisect_right(starts, device.span.start) - 1)
        if index < len(bounds) and bounds[index].contains(device.span):
            by_sentence.setdefault(index, []).append(device)
    result = [
        IndexedEntity(key, name, group, tuple(mentions), claims_by.get(key, 0),
                      _aimed_at(mentions, name, by_sentence, starts))
        for key, (group, name, mentions) in rows.items()
    ]
    result.sort(key=lambda row: (-len(row.mentions), row.mentions[0].start))
    return tuple(result)


class _Speakers:
    """Every claim's speaker mention, with the speaker's key and resolved name, looked up by
    position; and each resolved name's key."""

    def __init__(self, claims: Iterable[Claim]) -> None:
        found: list[tuple[Span, str, str]] = []
        self.keys: dict[str, str] = {}
        for claim in claims:
            if claim.is_author:
                continue
            spans = claim.speaker_mentions or (
                (claim.speaker_span,) if claim.speaker_span is not None else ())
            found += [(span, claim.speaker_key, claim.speaker) for span in spans]
            self.keys.setdefault(claim.speaker.lower(), claim.speaker_key)
        found.sort(key=lambda item: item[0].start)
        self._mentions = found
        self._starts = [span.start for span, _, _ in found]
        self._longest = max((len(span) for span, _, _ in found), default=0)

    def overlapping(self, span: Span) -> list[tuple[Span, str, str]]:
        """The speaker mentions overlapping ``span``."""
        first = bisect_right(self._starts, span.start - self._longest)
        last = bisect_right(self._starts, span.end)
        return [item for item in self._mentions[first:last] if item[0].overlaps(span)]


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
    entity: Entity, speakers: _Speakers, full_names: dict[str, list[str]]
) -> tuple[str, str]:
    for span, key, name in speakers.overlapping(entity.span):
        # The mention names the speaker (a place inside "Moscow's adviser" does not).
        if (entity.label == "PERSON" or entity.span.contains(span)
                or _plain(entity.text).lower() == name.lower()):
            return key, name
    name = _plain(entity.text)
    if entity.label == "PERSON":
        candidates = full_names.get(name.split()[-1], []) if name else []
        if " " not in name and len(candidates) == 1:
            name = candidates[0]
    # Named elsewhere as a speaker: the same row as those mentions.
    linked = speakers.keys.get(name.lower())
    if linked is not None:
        return linked, name
    return f"{_group(entity)}:{name.lower()}", name


def _aimed_at(
    mentions: Sequence[Span], name: str, by_sentence: dict[int, list[Device]],
    starts: Sequence[int],
) -> tuple[Span, ...]:
    """The devices in the sentences of ``mentions`` that are not in ``name``'s own words."""
    sentences_of = {max(0, bisect_right(starts, mention.start) - 1) for mention in mentions}
    aimed = {
        device.span
        for index in sentences_of
        for device in by_sentence.get(index, ())
        if device.voice != name and not any(device.span.overlaps(m) for m in mentions)
    }
    return tuple(sorted(aimed, key=lambda span: (span.start, span.end)))
