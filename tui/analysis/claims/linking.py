"""Who speaks, across the whole document: one speaker per person, pronouns resolved.

Paragraphs are analysed on their own (in any order, in parallel), so a paragraph cannot
know that its "he" is the Friedrich Merz introduced three paragraphs earlier, nor that its
"Merz" and "the chancellor" are him. :func:`link_speakers` is the document-level pass that
does: a pure function over plain :class:`~tui.analysis.model.Claim` and
:class:`~tui.analysis.model.Entity` values, cheap and idempotent, so the reader can run it
again whenever more paragraphs arrive.

- A pronoun the paragraph could not resolve ("he", "she", "they", "it") becomes the most
  recent compatible speaker or named person before it.
- Every mention of a person becomes that person's fullest plain name
  (:class:`~tui.analysis.claims.people.People`): "Merz", "Mr. Merz", "Chancellor Merz",
  "German Chancellor Friedrich Merz" → "Friedrich Merz"; "the chancellor" → the one person
  introduced with that title. Two people who share a surname stay apart.
- A paragraph that opens with a quotation nobody is said to speak continues the quotation
  of the claim before it (news style reopens long quotations at each paragraph): it becomes
  one more piece of that claim.
- Every claim gets a :attr:`~tui.analysis.model.Claim.speaker_key`, one per speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from ..model import AUTHOR, UNNAMED, Claim, Entity, Span
from .people import NEUTER, PERSONAL, PLURAL, People

__all__ = ["link_speakers", "speaker_key"]

# How far back a quotation may have been opened for a paragraph to continue it.
_CONTINUATION_CHARS = 3000
_LEADING_THE = re.compile(r"^[Tt]he\s+(?=[A-Z])")
_PRONOUNS = PERSONAL | PLURAL | NEUTER


def speaker_key(name: str) -> str:
    """The key of a display name: lower case, single spaces, straight apostrophes."""
    return " ".join(name.replace("’", "'").lower().split())


def link_speakers(
    claims: Iterable[Claim], entities: Iterable[Entity], text: str
) -> tuple[Claim, ...]:
    """Resolve every claim's speaker across the document and give it a speaker key.

    ``claims`` are the paragraph extractor's (in any order); the result keeps their order.
    Running the pass on its own output changes nothing.
    """
    claims = tuple(claims)
    people = People(entities, claims, text)
    order = sorted(range(len(claims)), key=lambda i: _position(claims[i]))
    linked: list[Claim | None] = [None] * len(claims)
    done: list[Claim] = []
    # id of a linked claim → its index in the result and in ``done`` (looked up by identity:
    # comparing claims field by field made a book's linking quadratic).
    slot: dict[int, tuple[int, int]] = {}
    for index in order:
        people.advance(_position(claims[index]))
        earlier = _continued(claims[index], done, text) \
            if claims[index].speaker == UNNAMED else None
        if earlier is not None:
            # The quotation reopened in this paragraph is the same speaker's: one claim.
            at, place = slot[id(earlier)]
            merged = _joined(earlier, claims[index])
            linked[at] = done[place] = merged
            slot[id(merged)] = (at, place)
            continue
        claim = _link(claims[index], people, done, text)
        linked[index] = claim
        slot[id(claim)] = (index, len(done))
        done.append(claim)
        if claim.speaker_span is not None and claim.speaker not in (AUTHOR, UNNAMED):
            people.note(claim.speaker, claim.speaker_span.start, weight=1)
    return tuple(c for c in linked if c is not None)


def _joined(claim: Claim, more: Claim) -> Claim:
    """``claim`` with the pieces of the quotation that continues it in a later paragraph."""
    pieces = tuple(sorted((*claim.pieces, *more.pieces), key=lambda p: p.start))
    return replace(
        claim,
        content=Span(min(claim.content.start, more.content.start),
                     max(claim.content.end, more.content.end)),
        content_spans=pieces,
        sentence=Span(min(claim.sentence.start, more.sentence.start),
                      max(claim.sentence.end, more.sentence.end)),
    )


def _position(claim: Claim) -> int:
    """Where a claim's attribution sits: its speaker mention, cue or content."""
    anchor = claim.speaker_span or claim.cue or claim.content
    return min(anchor.start, claim.content.start)


def _link(claim: Claim, people: People, done: list[Claim], text: str) -> Claim:
    """One claim with its speaker resolved against the claims before it."""
    if claim.speaker == AUTHOR:
        return replace(claim, speaker_key=speaker_key(AUTHOR))
    if claim.speaker == UNNAMED:
        return replace(claim, speaker_key=speaker_key(UNNAMED))
    name = claim.speaker
    span = claim.speaker_span
    position = _position(claim)
    said = name.lower()
    mention = text[span.start : span.end].lower() if span is not None else ""
    if said in _PRONOUNS or mention in _PRONOUNS:
        resolved: str | None = name
        if said in _PRONOUNS:  # the paragraph could not resolve it
            resolved = people.resolve(said)
        elif mention in PERSONAL and not people.is_person(name):
            # The paragraph resolved "he" on its own to a name that is no person of the
            # document ("Patriot's mines … he said"): the person the document last named.
            resolved = people.resolve(mention) or name
        if resolved is None:
            return replace(claim, speaker_key=speaker_key(name))
        name, span = resolved, None
    name = _LEADING_THE.sub("", people.canonical(name, span, position))
    return replace(claim, speaker=name, speaker_key=speaker_key(name))


def _continued(claim: Claim, done: list[Claim], text: str) -> Claim | None:
    """The claim whose quotation an unattributed opening quotation continues, if any."""
    if claim.cue is not None:
        return None
    start = claim.content.start
    before = text[max(0, start - 2) : start]
    if not before or before.strip()[-1:] not in ("“", '"', "«", "„"):
        return None
    for earlier in reversed(done):
        if earlier.content.end <= start - _CONTINUATION_CHARS:
            return None
        if earlier.is_author or earlier.speaker == UNNAMED:
            continue
        first = earlier.pieces[0].start
        opened = text[max(0, first - 2) : first]
        return earlier if any(mark in opened for mark in "“\"«„") else None
    return None
