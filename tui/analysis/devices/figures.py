"""Detectors for figures of repetition and rhythm: anaphora / epistrophe and the tricolon.

Like the other procedural detectors they take a doc (with its
:class:`~.filters.DocContext`) and their rule's options, and return hits
``(start_token, end_token, reason)``; rule files switch them on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy

from .filters import DocContext

__all__ = ["anaphora", "tricolon"]

Hit = tuple[int, int, str]

_UNIT_BREAKS = frozenset({";", ":", ",", "—", "–"})
_ITEM_POS = frozenset({"NOUN", "VERB", "ADJ"})
_MAX_ITEM_TOKENS = 8


def _units(ctx: DocContext) -> list[tuple[int, int]]:
    """Sentences and the clauses inside them cut at ``;`` ``:`` ``,`` and dashes, as token
    ranges without the punctuation at their ends."""
    doc = ctx.doc
    sentences = [(s.start, s.end) for s in doc.sents] if ctx.parsed else [(0, len(doc))]
    # Read from the doc's arrays: a Token per word would cost more than the whole detector.
    strings = doc.vocab.strings
    texts = [strings[orth] for orth in doc.to_array("ORTH").tolist()]
    edge = (doc.to_array("IS_PUNCT") | doc.to_array("IS_SPACE")).tolist()
    units: list[tuple[int, int]] = []
    for first, last in sentences:
        start = first
        for index in range(first, last + 1):
            if index == last or texts[index] in _UNIT_BREAKS:
                begin, end = start, index
                while begin < end and edge[begin]:
                    begin += 1
                while end > begin and edge[end - 1]:
                    end -= 1
                if end > begin:
                    units.append((begin, end))
                start = index + 1
    return units


def _shared(doc: Any, units: list[tuple[int, int]], *, from_end: bool) -> int:
    """How many words all ``units`` share at their start (or end)."""
    length = min(end - start for start, end in units)
    count = 0
    for offset in range(length):
        words = {
            doc[end - 1 - offset].lower_ if from_end else doc[start + offset].lower_
            for start, end in units
        }
        if len(words) != 1:
            break
        count += 1
    return count


def anaphora(ctx: DocContext, options: Mapping[str, Any]) -> list[Hit]:
    """Runs of adjacent sentences or clauses opening (anaphora) or closing (epistrophe) with
    the same words: three words shared by two of them, or two by three or more of them, in
    which case one must be a content word (not "it is", "of the")."""
    doc = ctx.doc
    units = _units(ctx)
    hits: list[Hit] = []
    for from_end, name in ((False, "anaphora"), (True, "epistrophe")):
        index = 0
        while index < len(units) - 1:
            run = 2
            while index + run <= len(units) and _shared(
                doc, units[index : index + run], from_end=from_end
            ) >= 2:
                run += 1
            run -= 1
            group = units[index : index + run]
            shared = _shared(doc, group, from_end=from_end) if run >= 2 else 0
            if shared and (shared >= 3 or run >= 3):
                start, end = group[0][0], group[-1][1]
                words = (
                    doc[group[0][1] - shared : group[0][1]]
                    if from_end
                    else doc[group[0][0] : group[0][0] + shared]
                )
                content = shared >= 3 or any(not t.is_stop and t.is_alpha for t in words)
                if content and not ctx.quoted(
                    doc[start]
                ):
                    where = "closes" if from_end else "opens"
                    reason = f'{name}: "{words.text.lower()}" {where} {run} clauses'
                    hits.append((start, end, reason))
                index += run
            else:
                index += 1
    return hits


def tricolon(ctx: DocContext, options: Mapping[str, Any]) -> list[Hit]:
    """Three coordinated, parallel phrases ("our jobs, our homes, and our future"): a head
    with exactly two conjuncts, all three of the same part of speech (nouns, verbs or
    adjectives, not names or numbers), each at most a few words long."""
    if not ctx.parsed:
        return []
    doc = ctx.doc
    hits: list[Hit] = []
    # Only the heads of conjuncts can open a series: find them from the arrays.
    if "conj" not in doc.vocab.strings:
        return []
    conj = doc.vocab.strings["conj"]
    offsets = doc.to_array("HEAD").astype(numpy.int64)  # relative, stored unsigned
    found = numpy.flatnonzero(doc.to_array("DEP") == conj)
    heads = {int(i + offsets[i]) for i in found.tolist()}
    for token in (doc[i] for i in sorted(heads)):
        if token.dep_ == "conj" or token.pos_ not in _ITEM_POS:
            continue
        conjuncts = [c for c in token.children if c.dep_ == "conj"]
        if len(conjuncts) == 1:
            # "A, B and C" is sometimes parsed as a chain: C hangs off B.
            conjuncts += [c for c in conjuncts[0].children if c.dep_ == "conj"]
        if len(conjuncts) != 2 or any(c.pos_ != token.pos_ for c in conjuncts):
            continue
        if any(
            c.ent_type_ or any(g.dep_ == "conj" for g in c.children if g not in conjuncts)
            for c in (token, *conjuncts)
        ):
            continue
        items = [_item(token, conjuncts), _item(conjuncts[0], conjuncts[1:]), _item(
            conjuncts[1], []
        )]
        if any(end - start > _MAX_ITEM_TOKENS for start, end in items) or ctx.quoted(token):
            continue
        if not any(t.lower_ == "," for t in doc[items[0][1] : items[1][0]]):
            continue  # "A and B and C" is polysyndeton, and often just a list
        if token.pos_ == "NOUN" and not _parallel(doc, items):
            continue  # bare nouns ("apples, pears and plums") are a list, not a figure
        start, end = items[0][0], items[2][1]
        reason = f'tricolon: "{doc[token.i].text}", "{conjuncts[0].text}", "{conjuncts[1].text}"'
        hits.append((start, end, reason))
    return hits


def _item(head: Any, skip: list[Any]) -> tuple[int, int]:
    """The token range of one item of a series: the head's subtree without the conjuncts
    that follow it (and their punctuation and conjunction)."""
    skipped = {t.i for c in skip for t in c.subtree}
    words = [
        t.i
        for t in head.subtree
        if t.i not in skipped and t.dep_ not in ("cc", "punct") and not (
            t.dep_ == "conj" and t.head.i == head.i
        )
    ]
    inner = [i for i in words if not any(i in {s.i for s in c.subtree} for c in head.children
                                          if c.dep_ == "conj")]
    return min(inner), max(inner) + 1


def _parallel(doc: Any, items: list[tuple[int, int]]) -> bool:
    """Noun phrases built alike: each of two words or more, opening with the same kind of
    word ("our jobs, our homes", "the wounded, the displaced")."""
    if any(end - start < 2 for start, end in items):
        return False
    return len({doc[start].tag_ for start, _ in items}) == 1
