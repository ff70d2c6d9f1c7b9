"""The people of one document: who is named, with which titles, and which mention is whom.

:class:`People` is built once per document from its named entities and its claims' speakers,
then answers two questions as :func:`tui.analysis.claims.linking.link_speakers` walks the
claims in text order: what a pronoun stands for (the latest compatible name), and which
person a mention names (:meth:`People.canonical`).

A mention resolves to the *fullest plain name* of its person: "Senate Minority Leader Robert
Kline", "Kline's", "Sen. Kline" and "the senator" all become "Robert Kline". Two people who
share a surname ("Robert Kline", "Dana Kline") stay apart: a bare "Kline" goes to the one its
title fits ("Gov. Kline"), else to the only one named in its paragraph, else — when only one
of them has been introduced so far — to that one; otherwise it is left as "Kline", never
merged by guess. A single first name ("Hillary") goes to the one full name that starts with
it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from ..model import AUTHOR, UNNAMED, Claim, Entity, Span
from .names import is_capitalised, is_particle, name_words, split_title, titles_in, words_of

__all__ = ["NEUTER", "PERSONAL", "PLURAL", "People", "label_speakers"]

PERSONAL = frozenset({"he", "she", "him", "her", "his", "hers"})
PLURAL = frozenset({"they", "them", "their"})
NEUTER = frozenset({"it", "its"})
_DEMONYM_ENDINGS = ("ese", "ian", "ish", "an", "i")
# The words before a name that may hold its title: "German Chancellor Friedrich Merz".
_BEFORE = re.compile(r"((?:[\w.-]+\s+){1,4})$")
# An apposition after a name that may hold its title: "Friedrich Merz, the chancellor,".
_AFTER = re.compile(r"^\s*,\s+(?:the\s+|a\s+)?((?:[\w-]+\s+){0,3}[\w-]+)\s*[,.;]")
# Words before a name that make the name someone else's ("spokeswoman for Hillary Clinton").
_NOT_THE_SPEAKER = frozenset({"of", "for", "to", "from", "with", "by", "at", "on", "and", "&",
                              "about", "against", "like", "than", "or", "nor"})


class People:
    """The named people of a document: full names, surnames, titles and positions."""

    def __init__(self, entities: Iterable[Entity], claims: tuple[Claim, ...], text: str) -> None:
        """Collect the people from PERSON entities (and titled speakers) of the document."""
        self.text = text
        self.mentions: list[tuple[int, str, bool]] = []  # position, name, is a person
        self.introduced: dict[str, list[int]] = {}  # full name → positions of its mentions
        self.titles: dict[str, set[str]] = {}  # full name → titles written next to it
        self.places: dict[str, str] = {}  # first four letters → a country or city named
        self.persons: list[tuple[int, int]] = []  # PERSON entity spans, in text order
        for entity in entities:
            if entity.label not in ("PERSON", "ORG", "GPE", "NORP"):
                continue
            person = entity.label == "PERSON"
            name = split_title(entity.text)[0] if person else " ".join(words_of(entity.text))
            if not name:
                continue
            self.mentions.append((entity.span.start, name, person))
            if entity.label == "GPE" and len(name) >= 4:
                self.places.setdefault(name[:4].lower(), name)
            if person:
                self.persons.append((entity.span.start, entity.span.end))
                titles = _titles_near(text, entity.span.start, entity.span.end)
                self._introduce(name, entity.span.start, titles)
        for claim in claims:
            span = claim.speaker_span
            if span is None or claim.speaker in (AUTHOR, UNNAMED):
                continue
            name, written = split_title(text[span.start : span.end] or claim.speaker)
            if name and written and _personal_title(written):
                self._introduce(name, span.start, set(written))
        self.persons.sort()
        self.mentions.sort()
        self._fullest = self._fullest_names()
        self._people = sorted(set(self._fullest.values()))
        self._by_last: dict[str, list[str]] = {}
        self._by_first: dict[str, list[str]] = {}
        for full in self._people:
            self._by_last.setdefault(full.split()[-1].lower(), []).append(full)
            self._by_first.setdefault(full.split()[0].lower(), []).append(full)
        self._at: dict[str, list[int]] = {}
        self._titled_people: dict[str, set[str]] = {}
        for name, ats in self.introduced.items():
            if name in self._fullest:
                full = self._fullest[name]
                self._at.setdefault(full, []).extend(ats)
            else:
                # A bare surname's titles ("Gov. Kline") belong to a person only when one
                # person has that surname.
                owners = self._by_last.get(name.lower(), [])
                if len(owners) != 1:
                    continue
                full = owners[0]
            self._titled_people.setdefault(full, set()).update(self.titles[name])
        self.person_words = {n.split()[-1].lower() for _, n, person in self.mentions if person}
        self.last: dict[str, tuple[int, str, int]] = {}
        self._next = 0

    def _introduce(self, name: str, at: int, titles: set[str]) -> None:
        """Remember a person's name (and titles) at ``at``; one word is kept as a mention."""
        self.introduced.setdefault(name, []).append(at)
        self.titles.setdefault(name, set()).update(titles)

    def _fullest_names(self) -> dict[str, str]:
        """Each name of two words or more → the fullest name of the same person
        ("Hillary Clinton" → "Hillary Rodham Clinton" when the text has both)."""
        # Grouped by first and last word: linear in the names, however long the book.
        ends: dict[tuple[str, str], list[str]] = {}
        for name in self.introduced:
            words = name.split()
            if len(words) >= 2:
                ends.setdefault((words[0], words[-1]), []).append(name)
        fullest: dict[str, str] = {}
        for names in ends.values():
            for name in names:
                longer = [o for o in names if len(o.split()) > len(name.split())]
                fullest[name] = longer[0] if len(longer) == 1 else name
        return fullest

    def canonical(self, name: str, span: Span | None, position: int) -> str:
        """The fullest plain name of the person ``name`` (at ``span``) names, else ``name``
        (a group, a noun phrase, or a surname two people share)."""
        plain, titles = self._plain(name, span)
        if not plain:
            words = words_of(name)
            country = self._country(words[-1]) if len(words) <= 2 and words else None
            return country or self._titled(name, position)
        if len(plain.split()) >= 2:
            return self._fullest.get(plain, plain)
        return self._single(plain, titles, position) or self._country(plain) or plain

    def _plain(self, name: str, span: Span | None) -> tuple[str, tuple[str, ...]]:
        """The plain name a speaker mention ends in, with the titles before it; ``("", …)``
        when the mention is not a name (a noun phrase, a name inside a phrase)."""
        person = self._person_in(span) if span is not None else None
        if span is not None and person is not None:
            before = self.text[span.start : person[0]]
            words = before.split()
            if words and words[-1].lower() in _NOT_THE_SPEAKER:
                return "", ()
            return split_title(self.text[person[0] : person[1]])[0], titles_in(words)
        plain, titles = split_title(name)
        words = words_of(name)
        if not plain:
            return "", titles
        # "De Blasio" opening a sentence: the capitalised particle is the surname's own.
        leading = [w for w in words[: len(words) - len(plain.split())] if not is_particle(w)]
        if leading and leading[-1].lower() in _NOT_THE_SPEAKER:
            return "", ()
        if len(plain.split()) == 1 and leading and not _personal_title(titles):
            return " ".join(words), ()  # "Justice Department": a title word, not a person's
        return plain, titles

    def _person_in(self, span: Span) -> tuple[int, int] | None:
        """The PERSON entity a speaker mention ends in ("Donald Trump, under fire …" too)."""
        found = None
        # Only the entities that start inside the mention: a bisection, not a scan per claim.
        for start, end in self.persons[bisect_left(self.persons, (span.start, -1)) :]:
            if start >= span.end:
                break
            if end > span.end:
                continue
            after = self.text[end : span.end]
            if not after.strip(" '’s.") or after.lstrip().startswith(","):
                found = (start, end)
                if after.lstrip().startswith(","):
                    break
        return found

    def is_person(self, name: str) -> bool:
        """True when ``name`` names one of the document's people."""
        plain = split_title(name)[0]
        if not plain:
            return False
        lower = plain.split()[-1].lower()
        return lower in self.person_words or lower in self._by_last or (
            len(plain.split()) == 1 and lower in self._by_first)

    def _single(self, word: str, titles: tuple[str, ...], position: int) -> str | None:
        """The one person a single name stands for in its context, else ``None``."""
        lower = word.lower()
        by_last = self._by_last.get(lower, [])
        if len(by_last) == 1:
            return by_last[0]
        if by_last:
            fits = [n for n in by_last if set(titles) & self._titles_of(n)]
            if len(fits) == 1:
                return fits[0]
            paragraph = self.text.rfind("\n", 0, position) + 1
            near = [n for n in by_last if any(paragraph <= at < position
                                              for at in self._positions(n))]
            if len(near) == 1:
                return near[0]
            so_far = [n for n in by_last if min(self._positions(n), default=position) < position]
            return so_far[0] if len(so_far) == 1 else None
        by_first = self._by_first.get(lower, [])
        return by_first[0] if len(by_first) == 1 else None

    def _positions(self, full: str) -> list[int]:
        """Where the person with the fullest name ``full`` is named in full."""
        return self._at.get(full, [])

    def _titles_of(self, full: str) -> set[str]:
        """The titles written next to the person with the fullest name ``full``."""
        return self._titled_people.get(full, set())

    def _titled(self, name: str, position: int) -> str:
        """The person a title stands for ("the senator"), when one person holds it."""
        words = name.split()
        if not words or len(words) > 3 or is_capitalised(words[0]):
            return name
        title = name_words().title_of(words[-1])
        if not title:
            return name
        holders = [n for n in self._people if title in self._titles_of(n)]
        if len(holders) == 1:
            return holders[0]
        before = [n for n in holders if min(self._positions(n), default=position + 1) <= position]
        return max(before, key=lambda n: max(a for a in self._positions(n) if a <= position)) \
            if before else name

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
        if name.lower() in PERSONAL | PLURAL | NEUTER:
            return
        if person is None:
            words = name.split()
            person = bool(words) and words[-1].lower() in self.person_words
        if person:
            kind = "person"
        elif name.lower().endswith("s") and not is_capitalised(name):
            kind = "plural"  # "European officials", "critics"
        else:
            kind = "group"
        last = self.last.get(kind)
        # A speaker beats a mere mention at the same place (the claim's own subject).
        if last is None or at > last[0] or weight >= last[2]:
            self.last[kind] = (at, name, weight)

    def resolve(self, pronoun: str) -> str | None:
        """The latest speaker or named person a pronoun can stand for."""
        if pronoun in PERSONAL:
            kinds: tuple[str, ...] = ("person",)
        elif pronoun in PLURAL:
            kinds = ("plural", "group")
        else:
            kinds = ("group",)
        for kind in kinds:
            found = self.last.get(kind)
            if found is not None:
                return found[1]
        return None


def _personal_title(titles: Iterable[str]) -> bool:
    """True when one of ``titles`` is a person's ("senator", "spokesman", "mr")."""
    table = name_words()
    return any(table.is_personal(t) for t in titles)


def _titles_near(text: str, start: int, end: int) -> set[str]:
    """Titles written next to a name: "Chancellor Friedrich Merz", "Sen. Holt",
    "Merz, the chancellor,"."""
    table = name_words()
    found: set[str] = set()
    before = _BEFORE.search(text[max(0, start - 60) : start])
    if before:
        found.update(t for t in (table.title_of(w) for w in before.group(1).split()) if t)
    found.update(t for t in (table.title_of(w) for w in text[start:end].split()[:-1]) if t)
    after = _AFTER.match(text[end : end + 80])
    if after:
        title = table.title_of(after.group(1).split()[-1])
        if title:
            found.add(title)
    return found


def label_speakers(entities: tuple[Entity, ...], claims: Iterable[Claim],
                   text: str) -> tuple[Entity, ...]:
    """``entities`` with the people who speak labelled PERSON where the model said otherwise.

    A speaker is a person when the model tags its name PERSON somewhere in the document;
    its other mentions tagged ORG, GPE, NORP or LOC are relabelled when they name that
    speaker where a claim is attributed ("Holt said"), are an organisation that is only its
    name ("Holt"), or follow a person's title ("Sen. Holt").
    """
    plain = {split_title(e.text)[0] for e in entities if e.label == "PERSON"}
    persons = {c.speaker for c in claims if c.speaker in plain and " " in c.speaker}
    if not persons:
        return entities
    names = persons | {p.split()[-1] for p in persons}
    mentions = sorted((m.start, m.end) for c in claims if c.speaker in persons
                      for m in (*c.speaker_mentions, *([c.speaker_span] if c.speaker_span
                                                        else [])))
    table = name_words()
    relabelled: list[Entity] = []
    for entity in entities:
        if entity.label in ("ORG", "GPE", "NORP", "LOC", "FAC"):
            words = words_of(entity.text)
            name = " ".join(words)
            if words and is_particle(words[0]):
                name = " ".join(words[1:])  # "De Blasio" opening a sentence is "Blasio"
            spoke = any(s <= entity.span.start and entity.span.end <= e for s, e in mentions)
            before = text[max(0, entity.span.start - 12) : entity.span.start].split()
            titled = bool(before) and table.is_personal(table.title_of(before[-1]))
            if name in names and (spoke or entity.label == "ORG" or titled):
                entity = Entity("PERSON", entity.span, entity.text)
        relabelled.append(entity)
    return tuple(relabelled)
