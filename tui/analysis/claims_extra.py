"""Claims outside the hand rules, proposed for the re-scorer to judge.

The lexicon leaves out verbs that attribute only now and then: "knows that …", "compared
him to …", "voted for the bill". The re-scorer (:mod:`tui.analysis.claims_rescore`) names
the verbs worth proposing; this module reads their speaker and content the way the rules
do, and the re-scorer keeps the few it judges real. Nothing here raises on odd text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from .claims_cues import CueLexicon
from .claims_gaps import can_speak
from .claims_spans import Draft, Range
from .claims_speakers import Speakers
from .claims_verbs import VerbCues

__all__ = ["extra_verb_drafts", "loose_drafts"]

# Dependency relations under which a verb is a modifier or part of a name, never a clause.
_NOT_CLAUSE = frozenset({"amod", "compound", "nmod", "poss", "det", "aux", "auxpass", "case"})


def extra_verb_drafts(
    doc: Any, verbs: VerbCues, lemmas: frozenset[str], start: int, end: int, consumed: set[int]
) -> Iterator[Draft]:
    """Claims of the verbs in ``lemmas`` between ``start`` and ``end`` that no pass used.

    A verb the lexicon accepts only with a preposition is one of them only when its
    subject can speak: "the dialogue sees Washington nudging" stays the author's."""
    for token in doc[start:end]:
        if token.pos_ != "VERB" or token.i in consumed or token.dep_ in _NOT_CLAUSE:
            continue
        lemma = token.lemma_.lower()
        if lemma not in lemmas:
            continue
        consumed.add(token.i)
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
