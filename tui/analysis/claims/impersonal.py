"""Attributions without a named speaker: appearances, hearsay adverbs, forecasts, sources.

- *Appearances* ("The plan seems doomed", "Turnout appears to have fallen", "It looks
  like a trap"): the author presents the claim as an impression, with a hedging cue.
- *Hearsay adverbs* ("The minister reportedly resigned", "allegedly paid"): someone
  unnamed reported what the clause says.
- *Agentless forecasts and questions* ("Revenue is expected to rise", "Asked about the
  deal, …"): someone unnamed expects, or asked, what the phrase says.
- *Documents as sources* ("In the latest poll, the mayor leads by ten points", "in a
  statement, the party said"): the poll or statement is the source of its clause.

Each function returns :class:`~tui.analysis.claims.spans.Draft` claims in token ranges of
one paragraph's ``Doc``; :mod:`tui.analysis.claims` finishes them. Nothing raises.
"""

from __future__ import annotations

from typing import Any

from ..model import AUTHOR, UNNAMED
from .cues import CueLexicon
from .spans import Draft, Range, trim
from .speakers import Speakers
from .tokens import TokenTable

__all__ = ["appearance_drafts", "document_drafts", "hearsay_drafts", "impersonal_passive"]

# Complements that say what something seems to be or do.
_SEEM_COMPLEMENTS = frozenset({"xcomp", "acomp", "oprd", "attr", "ccomp"})
# Subjects that stand for nothing ("it seems that …", "there appears to be …").
_EXPLETIVES = frozenset({"it", "there"})
_AUX = frozenset({"aux", "auxpass", "neg"})


def _cue_words(doc: Any, verb: Any, extra: Any | None = None) -> Range:
    """The cue: ``verb`` with the auxiliaries and negation right before it ("did not
    appear") and an adjacent preposition ("looks like")."""
    start = verb.i
    while start > 0 and doc[start - 1].dep_ in _AUX and doc[start - 1].head.i == verb.i:
        start -= 1
    end = verb.i + 1
    if extra is not None and extra.i == end:
        end += 1
    return start, end


def _subject(verb: Any) -> Any | None:
    """The subject of ``verb``, or of the verb it is coordinated with."""
    for node in (verb, verb.head if verb.dep_ == "conj" else None):
        if node is None:
            continue
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
    return None


def _with_subject(doc: Any, verb: Any, complement: Range) -> tuple[Range, list[Range]]:
    """Content made of the verb's subject and ``complement``: the extent and its pieces."""
    subject = _subject(verb)
    if subject is None or subject.lower_ in _EXPLETIVES or subject.i > verb.i:
        return complement, []
    first = trim(doc, subject.left_edge.i, subject.right_edge.i + 1)
    if first[0] >= first[1] or first[1] > complement[0]:
        return complement, []
    return (first[0], complement[1]), [first, complement]


def appearance_drafts(doc: Any, table: TokenTable, lex: CueLexicon, start: int, end: int,
                      consumed: set[int]) -> list[Draft]:
    """ "The plan seems doomed": the author's impression, cue "seems"."""
    found = []
    lemmas, pos = table.lemma, table.pos
    for index in range(start, end):
        lemma = lemmas[index]
        if index in consumed or lemma not in lex.appearances or pos[index] not in ("VERB", "AUX"):
            continue
        verb = doc[index]
        like = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "like"), None)
        allowed = lex.appearances[lemma]
        complement = next((c for c in verb.rights if c.dep_ in allowed), None)
        if like is not None and "like" in allowed:
            objects = [c for c in like.children if c.dep_ in ("pobj", "pcomp")]
            complement = objects[0] if objects else None
        if complement is None:
            continue
        rng = trim(doc, complement.left_edge.i, complement.right_edge.i + 1)
        if rng[0] >= rng[1]:
            continue
        content, pieces = _with_subject(doc, verb, rng)
        cue = _cue_words(doc, verb, like)
        region = (verb.left_edge.i, verb.right_edge.i + 1)
        said = f"{lemma} like" if like is not None else lemma
        consumed.add(verb.i)
        found.append(Draft(AUTHOR, None, cue, said, content, complement.i, region, None, pieces))
    return found


def hearsay_drafts(doc: Any, table: TokenTable, lex: CueLexicon, start: int, end: int,
                   consumed: set[int]) -> list[Draft]:
    """ "The minister reportedly resigned": an unnamed source reports the clause."""
    found = []
    lower = table.lower
    for index in range(start, end):
        if lower[index] not in lex.hearsay or index in consumed:
            continue
        adverb = doc[index]
        clause = adverb.head
        if clause.i == adverb.i:
            continue
        low, high = clause.left_edge.i, clause.right_edge.i + 1
        pieces = [trim(doc, low, adverb.i), trim(doc, adverb.i + 1, high)]
        pieces = [p for p in pieces if p[0] < p[1]]
        if not pieces:
            continue
        content = (pieces[0][0], pieces[-1][1])
        consumed.add(adverb.i)
        found.append(Draft(UNNAMED, None, (adverb.i, adverb.i + 1), adverb.lower_, content,
                           clause.i, (low, high), None, pieces if len(pieces) > 1 else []))
    return found


def impersonal_passive(doc: Any, verb: Any, lemma: str, lex: CueLexicon) -> list[Draft]:
    """An agentless passive cue: "is expected to rise" (someone expects), "Asked about
    the deal, …" (someone asked). Empty for other verbs or without a complement."""
    cue = _cue_words(doc, verb)
    region: Range = (verb.left_edge.i, verb.right_edge.i + 1)
    if lemma in lex.predictions:
        clause = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if clause is None:
            return []
        rng = trim(doc, clause.left_edge.i, clause.right_edge.i + 1)
        content, pieces = _with_subject(doc, verb, rng)
        return [Draft(UNNAMED, None, cue, lemma, content, clause.i, region, None, pieces)]
    if lemma not in lex.asking:
        return []
    if verb.dep_ == "advcl" and not lex.is_verb_cue(verb.head.lemma_.lower()):
        return []  # "Asked whether she was optimistic, Holt smiled": a question, no claim
    for child in verb.rights:
        target = child
        if child.dep_ == "prep" and child.lower_ in ("about", "on", "whether", "if"):
            target = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
        elif child.dep_ not in ("ccomp", "xcomp", "dobj"):
            continue
        if target is None or (target.pos_ == "PRON" and target.n_lefts + target.n_rights == 0):
            continue
        content = trim(doc, target.left_edge.i, target.right_edge.i + 1)
        if content[0] < content[1]:
            return [Draft(UNNAMED, None, cue, lemma, content, target.i, region)]
    return []


def document_drafts(doc: Any, table: TokenTable, lex: CueLexicon, speakers: Speakers,
                    start: int, end: int, consumed: set[int]) -> list[Draft]:
    """ "In the latest poll, the mayor leads": the poll is the source of its clause. A
    clause that reports someone ("in a statement, the party said …") is left to its cue."""
    found = []
    lower, deps = table.lower, table.dep
    for index in range(start, end):
        if lower[index] != "in" or deps[index] != "prep" or index in consumed:
            continue
        token = doc[index]
        source = next((c for c in token.children if c.dep_ == "pobj"), None)
        clause = token.head
        if source is None or source.lemma_.lower() not in lex.documents:
            continue
        if clause.pos_ not in ("VERB", "AUX") or lex.is_verb_cue(clause.lemma_.lower()):
            continue
        named = speakers.name(source)
        if named is None or named[0] == AUTHOR:
            continue
        phrase = (token.i, token.right_edge.i + 1)
        if phrase[1] <= clause.i:
            content = trim(doc, phrase[1], clause.right_edge.i + 1)
        else:
            content = trim(doc, clause.left_edge.i, phrase[0])
        if content[0] >= content[1]:
            continue
        consumed.add(token.i)
        found.append(Draft(named[0], named[1], (token.i, token.i + 1), "in", content,
                           clause.i, phrase))
    return found
