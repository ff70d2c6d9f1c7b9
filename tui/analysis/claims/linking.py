"""Who speaks, across the whole document: one speaker per person, pronouns resolved.

Paragraphs are analysed on their own (in any order, in parallel), so a paragraph cannot
know that its "he" is the Friedrich Merz introduced three paragraphs earlier, nor that its
"Merz" and "the chancellor" are him. :func:`link_speakers` is the document-level pass that
does: a pure function over plain :class:`~tui.analysis.model.Claim` and
:class:`~tui.analysis.model.Entity` values, cheap and idempotent, so the reader can run it
again whenever more paragraphs arrive.

- A pronoun the paragraph could not resolve ("he", "she", "they", "it") becomes the most
  recent compatible speaker or named person before it.
- A short mention becomes the full name introduced in the document: "Merz", "Mr. Merz",
  "Chancellor Merz" → "Friedrich Merz"; "the chancellor" → the person introduced with that
  title ("German Chancellor Friedrich Merz", "Friedrich Merz, the chancellor,").
- A paragraph that opens with a quotation nobody is said to speak continues the quotation
  of the claim before it (news style reopens long quotations at each paragraph).
- Every claim gets a :attr:`~tui.analysis.model.Claim.speaker_key`, one per speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from ..model import AUTHOR, UNNAMED, Claim, Entity
from .cues import cue_lexicon

__all__ = ["link_speakers", "speaker_key"]

_PERSONAL = frozenset({"he", "she", "him", "her"})
_PLURAL = frozenset({"they", "them"})
_NEUTER = frozenset({"it"})
_HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "sen", "rep", "gov", "gen",
    "col", "lt", "sgt", "capt", "adm", "rev", "hon", "st", "president", "chancellor",
    "minister", "prime", "secretary", "senator", "governor", "mayor", "judge", "general",
    "ambassador", "speaker", "representative", "premier", "king", "queen", "pope",
    "vice", "foreign", "defence", "defense", "deputy", "former", "leader", "chief",
})
_DEMONYM_ENDINGS = ("ese", "ian", "ish", "an", "i")
_POSSESSIVE = re.compile(r"['’]s?$")
_WORD = re.compile(r"[\w.’'-]+")
# The words before a name that may hold its title: "German Chancellor Friedrich Merz".
_BEFORE = re.compile(r"((?:[\w.-]+\s+){1,3})$")
# An apposition after a name that may hold its title: "Friedrich Merz, the chancellor,".
_AFTER = re.compile(r"^\s*,\s+(?:the\s+|a\s+)?((?:[\w-]+\s+){0,3}[\w-]+)\s*[,.;]")
# How far back a quotation may have been opened for a paragraph to continue it.
_CONTINUATION_CHARS = 3000


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
    people = _People(entities, claims, text)
    order = sorted(range(len(claims)), key=lambda i: _position(claims[i]))
    linked: list[Claim | None] = [None] * len(claims)
    done: list[Claim] = []
    for index in order:
        people.advance(_position(claims[index]))
        claim = _link(claims[index], people, done, text)
        linked[index] = claim
        done.append(claim)
        if claim.speaker_span is not None and claim.speaker not in (AUTHOR, UNNAMED):
            people.note(claim.speaker, claim.speaker_span.start, weight=1)
    return tuple(c for c in linked if c is not None)


def _position(claim: Claim) -> int:
    """Where a claim's attribution sits: its speaker mention, cue or content."""
    anchor = claim.speaker_span or claim.cue or claim.content
    return min(anchor.start, claim.content.start)


def _link(claim: Claim, people: _People, done: list[Claim], text: str) -> Claim:
    """One claim with its speaker resolved against the claims before it."""
    if claim.speaker == AUTHOR:
        return replace(claim, speaker_key=speaker_key(AUTHOR))
    if claim.speaker == UNNAMED:
        earlier = _continued(claim, done, text)
        if earlier is not None:
            return replace(
                claim, speaker=earlier.speaker, speaker_key=earlier.key,
                confidence=min(claim.confidence, 0.6),
            )
        return replace(claim, speaker_key=speaker_key(UNNAMED))
    name = claim.speaker
    lower = name.lower()
    position = _position(claim)
    if lower in _PERSONAL | _PLURAL | _NEUTER:
        resolved = people.resolve(lower)
        if resolved is None:
            return replace(claim, speaker_key=speaker_key(name))
        name = resolved
    name = people.canonical(name, position)
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


class _People:
    """The named people of a document: full names, surnames and titles, with positions."""

    def __init__(self, entities: Iterable[Entity], claims: tuple[Claim, ...], text: str) -> None:
        """Collect full names from PERSON entities and from claims' speakers."""
        titles = {noun.lower() for noun in cue_lexicon().person_nouns}
        self.mentions: list[tuple[int, str, bool]] = []  # position, name, is a person
        self.full: dict[str, list[tuple[int, str]]] = {}  # surname → (position, full name)
        self.titled: dict[str, list[tuple[int, str]]] = {}  # title → (position, full name)
        self.places: dict[str, str] = {}  # first four letters → a country or city named
        for entity in entities:
            if entity.label not in ("PERSON", "ORG", "GPE", "NORP"):
                continue
            name = _clean(entity.text)
            if not name:
                continue
            person = entity.label == "PERSON"
            self.mentions.append((entity.span.start, name, person))
            if entity.label == "GPE" and len(name) >= 4:
                self.places.setdefault(name[:4].lower(), name)
            if not person or len(name.split()) < 2:
                continue
            self.full.setdefault(_surname(name), []).append((entity.span.start, name))
            for title in _titles_near(text, entity.span.start, entity.span.end, titles):
                self.titled.setdefault(title, []).append((entity.span.start, name))
        for claim in claims:
            if claim.speaker_span is not None and claim.speaker not in (AUTHOR, UNNAMED):
                name = _clean(claim.speaker)
                if len(name.split()) >= 2 and all(w[:1].isupper() for w in name.split()):
                    entry = (claim.speaker_span.start, name)
                    self.full.setdefault(_surname(name), []).append(entry)
        self.mentions.sort()
        self.person_words = {_surname(name) for _, name, person in self.mentions if person}
        self.last: dict[str, tuple[int, str, int]] = {}
        self._next = 0
        for table in (self.full, self.titled):
            for entries in table.values():
                entries.sort()

    def canonical(self, name: str, position: int) -> str:
        """The fullest name for ``name`` introduced in the document, else ``name``."""
        clean = _clean(name)
        words = clean.split()
        if not words:
            return name
        if len(words) == 1 and words[0][:1].isupper():
            found = _latest(self.full.get(words[0].lower(), []), position)
            return found or self._country(words[0]) or clean
        lower = [w.lower() for w in words]
        if len(words) <= 3 and lower[-1] in self.titled and not words[0][:1].isupper():
            # "the chancellor", "the German chancellor": a title introduced with a name.
            return _latest(self.titled[lower[-1]], position) or name
        if len(words) >= 2 and all(w[:1].isupper() for w in words):
            return clean
        return name

    def _country(self, word: str) -> str | None:
        """The country a nationality word speaks for when the text names it ("the Chinese"
        → "China"), else ``None``."""
        if len(word) < 5 or not word.lower().endswith(_DEMONYM_ENDINGS):
            return None
        return self.places.get(word[:4].lower())

    def advance(self, position: int) -> None:
        """Take in the named mentions before ``position`` (positions only grow)."""
        while self._next < len(self.mentions) and self.mentions[self._next][0] < position:
            at, name, person = self.mentions[self._next]
            self.note(name, at, weight=0, person=person)
            self._next += 1

    def note(self, name: str, at: int, weight: int, person: bool | None = None) -> None:
        """Remember ``name`` as the latest of its class (person, group or plural)."""
        if name.lower() in _PERSONAL | _PLURAL | _NEUTER:
            return
        if person is None:
            person = _surname(name) in self.person_words
        if person:
            kind = "person"
        elif name.lower().endswith("s") and not name[:1].isupper():
            kind = "plural"  # "European officials", "critics"
        else:
            kind = "group"
        last = self.last.get(kind)
        # A speaker beats a mere mention at the same place (the claim's own subject).
        if last is None or at > last[0] or weight >= last[2]:
            self.last[kind] = (at, name, weight)

    def resolve(self, pronoun: str) -> str | None:
        """The latest speaker or named person a pronoun can stand for."""
        if pronoun in _PERSONAL:
            kinds: tuple[str, ...] = ("person",)
        elif pronoun in _PLURAL:
            kinds = ("plural", "group")
        else:
            kinds = ("group",)
        for kind in kinds:
            found = self.last.get(kind)
            if found is not None:
                return found[1]
        return None


def _clean(name: str) -> str:
    """A name without honorifics, titles or a possessive ending: "Mr. Trump’s" → "Trump"."""
    words = _WORD.findall(name)
    while len(words) > 1 and words[0].lower().rstrip(".") in _HONORIFICS:
        words = words[1:]
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1]) or words[-1]
    return " ".join(words)


def _surname(name: str) -> str:
    """The last word of a name, lower case."""
    words = name.split()
    return words[-1].lower() if words else ""


def _latest(entries: list[tuple[int, str]], position: int) -> str | None:
    """The last entry introduced before ``position``, or the first one after it."""
    before = [name for at, name in entries if at <= position]
    if before:
        return before[-1]
    return entries[0][1] if entries else None


def _titles_near(text: str, start: int, end: int, titles: set[str]) -> list[str]:
    """Titles written next to a name: "Chancellor Friedrich Merz", "Merz, the chancellor,"."""
    found: list[str] = []
    before = _BEFORE.search(text[max(0, start - 60) : start])
    if before:
        found.extend(w.lower() for w in before.group(1).split() if w.lower() in titles)
    after = _AFTER.match(text[end : end + 80])
    if after:
        last = after.group(1).split()[-1].lower()
        if last in titles:
            found.append(last)
    return found
