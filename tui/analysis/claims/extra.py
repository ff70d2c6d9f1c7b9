"""Claims outside the hand rules, proposed for the re-scorer to judge.

The lexicon leaves out verbs that attribute only now and then: "knows that …", "compared
him to …", "voted for the bill". The re-scorer (:mod:`tui.analysis.claims.rescore`) names
the verbs worth proposing; this module reads their speaker and content the way the rules
do, and the re-scorer keeps the few it judges real. Nothing here raises on odd text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from .cues import CueLexicon
from .gaps import can_speak
from .spans import Draft, Range
from .speakers import Speakers
from .tokens import TokenTable
from .verbs import VerbCues

__all__ = ["extra_verb_drafts", "loose_drafts", "other_drafts"]

# Dependency relations under which a verb is a modifier or part of a name, never a clause.
_NOT_CLAUSE = frozenset({"amod", "compound", "nmod", "poss", "det", "aux", "auxpass", "case"})


def other_drafts(
    table: TokenTable, verbs: VerbCues, lemmas: frozenset[str], silent: list[int],
    span: Range, consumed: set[int]
) -> Iterator[tuple[str, Draft]]:
    """Claims the rules did not make in the sentence ``span``, each with the name of how it
    was found: ``extra`` for a verb in ``lemmas`` that no pass used, ``loose`` for a cue
    verb at ``silent`` read again without requiring a clause."""
    start, end = span
    for draft in extra_verb_drafts(verbs.doc, table, verbs, lemmas, start, end, consumed):
        yield "extra", draft
    inside = [i for i in silent if start <= i < end]
    for draft in loose_drafts(verbs.doc, verbs.lex, verbs.speakers, verbs.quotes, inside):
        yield "loose", draft


def extra_verb_drafts(
    doc: Any, table: TokenTable, verbs: VerbCues, lemmas: frozenset[str], start: int, end: int,
    consumed: set[int]
) -> Iterator[Draft]:
    """Claims of the verbs in ``lemmas`` between ``start`` and ``end`` that no pass used.

    A verb the lexicon accepts only with a preposition is one of them only when its
    subject can speak: "the dialogue sees Washington nudging" stays the author's."""
    pos, deps, lemma_of = table.pos, table.dep, table.lemma
    for index in range(start, end):
        lemma = lemma_of[index]
        if (
            pos[index] != "VERB" or lemma not in lemmas or index in consumed
            or deps[index] in _NOT_CLAUSE
        ):
            continue
        token = doc[index]
        consumed.add(index)
        for draft in _usable(verbs.read(token, lemma, None)):
            where = draft.speaker_range
            if lemma not in verbs.lex.prep_only or where is None or can_speak(
                doc[where[0] : where[1]].root, verbs.lex
            ):
                yield draft


def loose_drafts(
    doc: Any, lexicon: CueLexicon, speakers: Speakers, quotes: list[Range], silent: list[int]
) -> Iterator[Draft]:
    """Claims of the cue verbs at ``silent`` that the rules read nothing from, read again
    without requiring a clause: "added a plug for himself", "wrote an assessment of …"."""
    if not silent:
        return
    loose = dataclasses.replace(lexicon, clause_only=frozenset())
    verbs = VerbCues(doc, loose, speakers, quotes)
    for index in silent:
        token = doc[index]
        lemma = token.lemma_.lower()
        yield from _usable(verbs.read(token, lemma, verbs.particle(token, lemma)))


def _usable(drafts: list[Draft]) -> Iterator[Draft]:
    """The drafts with a cue, a speaker and some content."""
    for draft in drafts:
        if draft.cue is not None and draft.speaker and draft.content[0] < draft.content[1]:
            yield draft
