"""The *speaker identity* figure of ``benchmarks/eval_claims.py``: one key per person.

Only attributions whose gold source plainly names a person take part:

- the source's text ends in a capitalised name ("Senate Minority Leader Robert Kline",
  "Kline's"); the titles and capitalised modifiers before the name ("Senate", "Minority",
  "Leader", "Republican", "Sen.") are not part of it;
- a name of two words or more is the person (lower-case particles inside it: "Bill de
  Blasio"); a bare surname ("Kline", "De Blasio") is joined to *the one* full name in the
  document that ends in it, and the attribution is left out when several do (two people
  share the surname) or none does (nothing says it is a person);
- pronouns, common nouns ("the senator", "officials") and organisation-like names ("Sierra
  Coalition", "Fox News") are left out.

Each such attribution is matched to the system claim whose content overlaps it most (a claim
whose source also overlaps preferred). Over the pairs of attributions in one document that
both have a match, the figure gives the share of *same-person* pairs given one speaker key,
and of *different-person* pairs kept apart; and over all such attributions, the share matched
by a claim whose speaker key is that person's name ("named"). The rules here are the
benchmark's own and deliberately independent of Slant's code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Protocol

_TITLE_WORDS = frozenset([
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "sen", "rep",
    "gov", "gen", "col", "lt", "sgt", "capt", "adm", "rev", "hon", "st", "president", "vice",
    "chancellor", "minister", "prime", "secretary", "senator", "senate", "governor", "mayor",
    "judge", "justice", "general", "ambassador", "speaker", "representative", "premier",
    "king", "queen", "pope", "prince", "princess", "count", "countess", "duke", "duchess",
    "baron", "baroness", "emperor", "empress", "tsar", "czar", "chairman", "chairwoman",
    "chair", "director", "chief", "leader", "majority", "minority", "house", "white", "former",
    "acting", "deputy", "foreign", "defense", "defence", "state", "attorney", "commissioner",
    "congressman", "congresswoman", "councilman", "councilwoman", "spokesman", "spokeswoman",
    "spokesperson", "sheriff", "officer", "captain", "colonel", "major", "lieutenant",
    "sergeant", "admiral", "commander", "nominee", "candidate", "candidates", "campaign",
    "manager", "press", "u.s.", "us", "american", "republican", "republicans", "democrat",
    "democratic", "democrats", "gop", "independent", "libertarian", "russian", "british",
    "french", "german", "chinese", "israeli", "iranian", "mexican", "canadian", "national",
    "executive", "senior", "the", "a", "an", "then", "now", "new", "top", "presidential",
])
_ORG_WORDS = frozenset([
    "news", "times", "post", "journal", "press", "party", "committee", "campaign",
    "foundation", "institute", "department", "ministry", "agency", "association", "council",
    "university", "college", "group", "center", "centre", "company", "corp", "inc", "llc",
    "co", "network", "channel", "magazine", "times'", "organization", "organisation", "union",
    "commission", "office", "administration", "court", "board", "bank", "fund", "coalition",
    "alliance", "league", "network's", "cnn", "fox", "msnbc", "reuters", "ap", "abc", "nbc",
    "cbs", "npr", "bbc", "twitter", "facebook",
])
# Capitalised words that begin sentences rather than names ("When PolitiFact asked").
_FUNCTION_WORDS = frozenset([
    "when", "but", "and", "or", "if", "as", "at", "in", "on", "of", "for", "to", "by", "with",
    "from", "after", "before", "while", "since", "though", "although", "because", "so", "yet",
    "then", "also", "that", "this", "these", "those", "there", "here", "it", "he", "she",
    "they", "we", "i", "what", "who", "how", "why", "where", "which", "meanwhile", "still",
    "however", "asked", "told", "said",
])
_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w.’'-]*")
_POSSESSIVE = re.compile(r"['’]s?$")
# A word of a name: an initial ("J.") or a word without a full stop inside or after it.
_NAME_WORD = r"(?:[A-Z]\.|[A-ZÀ-Þ][\w’'-]*)"
# Lower-case words inside a name: "Bill de Blasio", "Ludwig van Beethoven".
_PARTICLES = frozenset(["de", "van", "von", "der", "den", "del", "della", "di", "da", "du",
                        "la", "le", "bin", "ibn", "al", "el", "ben"])
_PARTICLE = "(?:" + "|".join(sorted(_PARTICLES)) + ")"
_NAME_RUN = re.compile(
    rf"{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_NAME_WORD}){{1,5}}")
# "(R-Ga.)", "R-Utah": a party and state after a lawmaker's name.
_PARTY_STATE = re.compile(r"^[RDI]-[A-Z][a-z]*\.?$")


class Claimlike(Protocol):
    """What the figure needs of a system claim."""

    content: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]
    key: str


def _normal(name: str) -> str:
    return " ".join(name.replace("’", "'").lower().split())


def plain_name(text: str) -> str | None:
    """The trailing capitalised name of a source's text, without titles, or ``None``."""
    words = [w for w in _WORD.findall(text) if not _PARTY_STATE.match(w)]
    if not words:
        return None
    words[-1] = _POSSESSIVE.sub("", words[-1]) or words[-1]
    if not words[-1][:1].isupper():
        return None
    run: list[str] = []
    for word in reversed(words):
        lower = word.lower().rstrip(".").split("-")[0]
        if run and word in _PARTICLES:
            run.insert(0, word)  # "Bill de Blasio": a particle inside the name
            continue
        if not word[:1].isupper() or lower in _TITLE_WORDS or lower in _FUNCTION_WORDS:
            break
        if word.endswith(".") and len(word) > 2 and run:
            break  # a full stop ends the sentence before the name
        run.insert(0, word)
    while run and run[0] in _PARTICLES:
        run.pop(0)
    if not run or len(run) > 4:
        return None
    if any(w.lower().strip(".'’") in _ORG_WORDS for w in run) or run[-1].isupper():
        return None  # an organisation or an acronym
    return " ".join(run)


def full_names(text: str) -> set[str]:
    """The names of two words or more written in a document (titles left out)."""
    found: set[str] = set()
    for match in _NAME_RUN.finditer(text):
        name = plain_name(match.group(0))
        if name and len(name.split()) >= 2:
            found.add(name)
    return found


def person_of(source_text: str, names: set[str], persons: set[str]) -> str | None:
    """The normalised person a gold source names, or ``None`` when it is left out.

    ``persons`` are the normalised texts of the document's PERSON entities: a name counts as
    a person's when one of them contains it ("Flight Attendants" is not one).
    """
    name = plain_name(source_text)
    if name is None:
        return None
    words = name.split()
    if len(words) < 2 or (len(words) == 2 and words[0].lower() in _PARTICLES):
        # A bare surname, "De Blasio" too: the one full name that ends in it.
        candidates = {n for n in names if n.lower().endswith(" " + name.lower())
                      and len(n.split()) > len(words)}
        if len(words) == 2 and not candidates:
            candidates = {name}
        if len(candidates) != 1:
            return None
        name = next(iter(candidates))
    normal = _normal(name)
    return normal if any(normal in p for p in persons) else None


def _overlap(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    return sum(max(0, min(e, e2) - max(s, s2)) for s, e in a for s2, e2 in b)


@dataclass
class Identity:
    """Running counts of the speaker identity figure."""

    same: int = 0
    same_kept: int = 0
    different: int = 0
    different_apart: int = 0
    named: int = 0
    named_matched: int = 0

    def add(self, text: str, gold: Sequence[Claimlike], system: Sequence[Claimlike],
            persons: set[str]) -> None:
        """Count one document: gold attributions (``key`` unused), the system's claims and
        the normalised texts of the document's PERSON entities."""
        names = full_names(text)
        found: list[tuple[str, str | None]] = []  # (person, system key of the match)
        for relation in gold:
            if not relation.source:
                continue
            source_text = " ".join(text[s:e] for s, e in relation.source)
            person = person_of(source_text, names, persons)
            if person is None:
                continue
            best, best_score = None, (0, 0)
            for claim in system:
                content = _overlap(claim.content, relation.content)
                if content == 0:
                    continue
                score = (1 if _overlap(claim.source, relation.source) else 0, content)
                if score > best_score:
                    best, best_score = claim, score
            self.named += 1
            key = best.key if best is not None else None
            if key is not None and any(
                c.key == person for c in system if _overlap(c.content, relation.content)
            ):
                self.named_matched += 1
            found.append((person, key))
        matched = [(p, k) for p, k in found if k is not None]
        for (p1, k1), (p2, k2) in combinations(matched, 2):
            if p1 == p2:
                self.same += 1
                self.same_kept += k1 == k2
            else:
                self.different += 1
                self.different_apart += k1 != k2

    def report(self) -> None:
        """Print the figure."""
        def share(a: int, b: int) -> str:
            return f"{a / b:.3f} ({a}/{b})" if b else "n/a"

        print(f"speaker identity: same person one key {share(self.same_kept, self.same)}"
              f"   different people apart {share(self.different_apart, self.different)}"
              f"   named attributions with that speaker {share(self.named_matched, self.named)}")
