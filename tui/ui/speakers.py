"""Claims by speaker: who speaks in the text, which claims a name in the text makes, and the
claims as Markdown grouped by speaker.

Pure functions over :class:`~tui.analysis.model.Claim` values; the claims pane and the
reading screen use them. A speaker is identified by :attr:`Claim.key` (one key per person
across the document) and shown by :attr:`Claim.speaker`, the resolved display name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..analysis.model import Claim, Entity
from ..exports.json_and_text import claims_markdown
from .navigation import speaker_mentions

__all__ = [
    "Speaker",
    "SpeakerFilter",
    "entity_filter",
    "grouped_by_speaker",
    "speakers",
    "speakers_markdown",
]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#])")
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True)
class Speaker:
    """Someone who makes claims in the text."""

    key: str
    """The speaker key shared by all their claims."""
    name: str
    """The display name (of their first claim)."""
    count: int
    """How many claims they make."""
    first: int
    """Offset of their first claim's sentence, for text order."""


@dataclass(frozen=True)
class SpeakerFilter:
    """Which speakers' claims the claims pane lists."""

    label: str
    """What the filter is called on screen (a speaker's name; document text, untrusted)."""
    keys: frozenset[str]
    """The speaker keys admitted."""

    def admits(self, claim: Claim) -> bool:
        """True when ``claim`` is by one of the filter's speakers."""
        return claim.key in self.keys


def speakers(claims: Iterable[Claim]) -> list[Speaker]:
    """Every speaker of ``claims``, in the order they first speak."""
    names: dict[str, str] = {}
    counts: dict[str, int] = {}
    firsts: dict[str, int] = {}
    for claim in claims:
        key = claim.key
        names.setdefault(key, claim.speaker)
        counts[key] = counts.get(key, 0) + 1
        firsts[key] = min(firsts.get(key, claim.sentence.start), claim.sentence.start)
    found = [Speaker(key, names[key], counts[key], firsts[key]) for key in names]
    found.sort(key=lambda speaker: speaker.first)
    return found


def grouped_by_speaker(claims: Sequence[Claim]) -> list[tuple[Speaker, list[Claim]]]:
    """``claims`` grouped by speaker: groups in the order their speakers first speak,
    claims in text order within each group."""
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.key, []).append(claim)
    return [(speaker, groups[speaker.key]) for speaker in speakers(claims)]


def _words(name: str) -> tuple[str, ...]:
    """A name as comparable words: case-folded, without a leading "the" or a final
    possessive ("the Kremlin's" → ``("kremlin",)``)."""
    words = [_POSSESSIVE.sub("", word) for word in re.findall(r"[\w'’]+", name.casefold())]
    words = [word for word in words if word]
    if words and words[0] == "the":
        words = words[1:]
    return tuple(words)


def _names_match(entity: tuple[str, ...], speaker: tuple[str, ...]) -> bool:
    """True when a name in the text names the speaker: the same words, or the end of the
    speaker's full name ("Merz" for "Friedrich Merz", "Council" for "EU Council")."""
    if not entity or not speaker:
        return False
    return speaker == entity or (
        len(speaker) > len(entity) and speaker[-len(entity):] == entity
    )


def _mentioned_by(entity: Entity, claim: Claim, text: str) -> bool:
    """True when ``entity`` is part of a mention that attributes ``claim`` to its speaker,
    and not a possessive in front of it (“Moscow” in “Moscow’s adviser” is not the
    adviser)."""
    following = text[entity.span.end : entity.span.end + 2]
    if following[:1] in ("'", "’") and following[1:2] in ("s", "S", ""):
        return False
    return any(mention.overlaps(entity.span) for mention in speaker_mentions(claim))


def entity_filter(claims: Iterable[Claim], entity: Entity, text: str) -> SpeakerFilter | None:
    """The filter listing the claims of the speaker ``entity`` names, or ``None`` when it
    makes none.

    An entity names a speaker when it is (part of) a mention attributing one of their
    claims, or when its words are the speaker's display name or key or the end of it.
    """
    entity_words = _words(entity.text)
    keys: dict[str, str] = {}
    for claim in claims:
        if claim.is_author or claim.key in keys:
            continue
        if _mentioned_by(entity, claim, text) or any(
            _names_match(entity_words, _words(name)) for name in (claim.speaker, claim.key)
        ):
            keys[claim.key] = claim.speaker
    if not keys:
        return None
    names = list(dict.fromkeys(keys.values()))
    label = names[0] if len(names) == 1 else entity.text
    return SpeakerFilter(label, frozenset(keys))


def _escape(text: str) -> str:
    """A speaker name for a Markdown heading: on one line, its syntax escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def speakers_markdown(claims: Sequence[Claim], text: str, title: str) -> str:
    """``claims`` as Markdown under ``title``, one level-2 section per speaker (in the
    order they first speak), each a list as :func:`claims_markdown` writes it."""
    sections = [f"# {_escape(title)}", ""]
    for speaker, group in grouped_by_speaker(claims):
        sections.append(f"## {_escape(speaker.name)}")
        sections.append("")
        sections.append(claims_markdown(group, text).rstrip("\n"))
        sections.append("")
    if len(sections) == 2:
        sections.append("_No claims found._")
    return "\n".join(sections).rstrip("\n") + "\n"
