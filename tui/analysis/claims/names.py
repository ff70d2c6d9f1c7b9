"""Plain names: the person a mention names, without the titles and words that describe them.

News introduces a person once with everything known about them ("Senate Minority Leader
Robert Kline", "campaign chairman John Podesta", "Defiant Robert Kline") and then by surname,
title or pronoun. A speaker's key and display name are the *plain* name — "Robert Kline" —
so that every mention of one person lands on one key. The words that title or describe a
person are data (``data/names.toml``, plus the cue lexicon's person nouns); the titles read
off a mention ("Sen." → senator) let a later "the senator" find its person.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .cues import cue_lexicon

__all__ = ["NameWords", "is_capitalised", "is_particle", "name_words", "split_title",
           "titles_in", "words_of"]

# A word of a name: letters with apostrophes, hyphens or a full stop ("J.", "O’Neill").
_WORD = re.compile(r"[^\W\d_][\w.’'-]*")
_POSSESSIVE = re.compile(r"['’]s?$")
# "R-Ga.", "D-Mass.": a lawmaker's party and state after the name.
_PARTY_STATE = re.compile(r"^[RDI]-[A-Z][a-z]*\.?$")
# Lower-case words that may sit inside a name ("Ludwig van Beethoven", "Osama bin Laden").
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "du",
                        "la", "le", "bin", "ibn", "al", "el", "ben", "y", "dos", "das"})


@dataclass(frozen=True, slots=True)
class NameWords:
    """The words that may stand before a name without being part of it."""

    abbreviations: Mapping[str, str]
    """Abbreviated titles (lower case, no full stop) → the title they stand for, or ``""``
    for a courtesy title (Mr., Mrs.)."""
    titles: frozenset[str]
    """Titles and roles (lower case): "senator", "spokesman", "minority", "leader"."""
    modifiers: frozenset[str]
    """Words that describe (lower case): "former", "defiant", "republican"."""
    person_nouns: frozenset[str]
    """Titles and roles only a person holds ("senator", "spokesman", "nominee")."""
    not_names: frozenset[str] = frozenset()
    """Capitalised words that open a sentence before a name ("Behind", "Ah", "Well")."""
    organisations: frozenset[str] = frozenset()
    """Words that end an organisation's name ("Post", "Party"): a name stops after one."""

    def is_title(self, word: str) -> bool:
        """True when ``word`` titles or describes rather than names."""
        lower = word.lower().rstrip(".")
        head = lower.split("-")[0]
        return (
            lower in self.abbreviations
            or lower in self.titles
            or lower in self.modifiers
            or head in self.titles
            or head in self.modifiers
        )

    def title_of(self, word: str) -> str:
        """The title ``word`` stands for ("Sen." → "senator", "Mr." → "mr"), or ``""``."""
        lower = word.lower().rstrip(".")
        if lower in self.abbreviations:
            return self.abbreviations[lower] or lower
        return lower if lower in self.titles else ""

    def is_personal(self, title: str) -> bool:
        """True when a title from :meth:`title_of` belongs to a person ("senator", "mr",
        "spokesman"), not to an office or a place ("state", "house")."""
        return (
            title in self.abbreviations
            or title in self.abbreviations.values()
            or title in self.person_nouns
        )


@lru_cache(maxsize=1)
def name_words() -> NameWords:
    """The packaged name words (read once)."""
    raw = resources.files(__package__).joinpath("data", "names.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    titles = data.get("titles", {})
    person_nouns = cue_lexicon().person_nouns
    return NameWords(
        abbreviations={str(k).lower(): str(v) for k, v in data.get("abbreviations", {}).items()},
        titles=frozenset(str(w).lower() for w in titles.get("words", ())) | person_nouns,
        modifiers=frozenset(str(w).lower() for w in titles.get("modifiers", ())),
        person_nouns=frozenset(str(w).lower() for w in titles.get("people", ())) | person_nouns,
        not_names=frozenset(str(w).lower() for w in titles.get("not_names", ())),
        organisations=frozenset(str(w).lower() for w in titles.get("organisations", ())),
    )


def is_capitalised(word: str) -> bool:
    """True for a word that starts with a capital letter."""
    return word[:1].isupper()


def is_particle(word: str) -> bool:
    """True for a word that may sit inside a name in lower case ("van", "de", "bin")."""
    return word.lower() in _PARTICLES


def words_of(text: str) -> list[str]:
    """The words of a mention, the possessive ending and a party-state tag removed."""
    words = [w for w in _WORD.findall(text) if not _PARTY_STATE.match(w)]
    while words and words[-1].lower().rstrip(".") in ("jr", "sr"):
        words.pop()
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1]).rstrip(".") or words[-1]
    return [w for w in words if w]


def split_title(text: str) -> tuple[str, tuple[str, ...]]:
    """The plain name a mention ends in, and the titles written before it.

    "Senate Minority Leader Robert Kline" → ("Robert Kline", ("senate", "minority", "leader"));
    "Sen. Holt's" → ("Holt", ("senator",)); "the senator" → ("", ("senator",)). The name is
    the trailing run of capitalised words (with particles such as "van" inside it) that are
    not titles or describing words; ``""`` when the mention does not end in one.
    """
    words = words_of(text)
    table = name_words()
    name: list[str] = []
    index = len(words) - 1
    while index >= 0:
        word = words[index]
        inner = bool(name) and is_particle(word) and index > 0
        if not (is_capitalised(word) or inner) or table.is_title(word) or (
            word.lower() in table.not_names
        ) or (name and word.lower().rstrip(".") in table.organisations):
            break
        if word.endswith(".") and len(word) > 2 and name:
            break  # a full stop after a whole word ends a sentence, not an initial
        name.insert(0, word)
        index -= 1
    while name and is_particle(name[0]):
        name.pop(0)
    return " ".join(name), titles_in(words[: index + 1])


def titles_in(words: Sequence[str]) -> tuple[str, ...]:
    """The titles ``words`` hold, in order ("Sen.", "Minority", "Leader" → "senator",
    "minority", "leader"); words that are no title are passed over."""
    table = name_words()
    return tuple(t for t in (table.title_of(w) for w in words) if t)
