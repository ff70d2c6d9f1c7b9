"""Shaping the trained layer's token probabilities into spans a reader can check.

Decoding with hysteresis, trimming to whole phrases, and the cheap per-token string arrays
both this and the features need. Plain NumPy over the doc's arrays, with a ``Token`` made
only for the few words at the edges of a span.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy
from numpy.typing import NDArray

__all__ = [
    "Matrix",
    "ModelHit",
    "bridge",
    "cut_at_clause",
    "decode",
    "edge_trim",
    "fit_to_phrase",
    "token_strings",
    "widen",
]

Matrix = NDArray[numpy.float32]
"""A float matrix, one row per token."""

_FINITE = frozenset({"VBZ", "VBP", "VBD", "MD"})
_OBJECTS = frozenset({"dobj", "attr", "acomp", "xcomp", "ccomp", "prep", "dative", "oprd"})
_MODIFIERS = frozenset({"amod", "compound", "nummod", "poss", "advmod", "punct"})
_EDGE_POS = frozenset({"ADP", "CCONJ", "SCONJ", "AUX", "PART"})
"""Parts of speech a model span neither starts nor ends with ("from", "and", "can")."""

_TRIM = frozenset(".,;:!?)(]['\"“”‘’«»—–-")


@dataclass(frozen=True, slots=True)
class ModelHit:
    """A span the model found: token range, corpus technique and mean probability."""

    start: int
    end: int
    technique: str
    confidence: float


def token_strings(doc: Any, attr: str) -> list[str]:
    """The strings of one attribute of every token (``ORTH``, ``LOWER``, ``LEMMA``, ``POS``),
    read from the doc's arrays: much cheaper than making a ``Token`` per word."""
    strings = doc.vocab.strings
    if attr == "POS":
        names: dict[int, str] = {}
        return [
            names.get(tag) or names.setdefault(tag, str(strings[tag]) if tag else "")
            for tag in doc.to_array(attr).tolist()
        ]
    return [str(strings[value]) for value in doc.to_array(attr).tolist()]


def edge_trim(doc: Any) -> NDArray[numpy.bool_]:
    """Tokens a model span may not start or end with: punctuation, symbols and emoji, and
    function words (prepositions, conjunctions, auxiliaries, particles)."""
    return numpy.fromiter(
        (
            text in _TRIM or not any(char.isalnum() for char in text) or pos in _EDGE_POS
            for text, pos in zip(token_strings(doc, "ORTH"), token_strings(doc, "POS"),
                                 strict=True)
        ),
        dtype=bool,
        count=len(doc),
    )


def fit_to_phrase(doc: Any, hit: ModelHit) -> ModelHit:
    """Fit a span to its phrase: widen one that stops on a modifier to the noun it modifies
    ("a predatory, profit-first | order") and one that starts after its phrase's determiner
    ("the | mighty"); cut a finite verb or a bare infinitive left dangling at its end ("war
    profiteers | swell", "the arsenal | to refit")."""
    start, end = hit.start, hit.end
    last = doc[end - 1]
    while (
        last.dep_ in _MODIFIERS
        and end <= last.head.i < end + 3
        # A "noun" with an object is a verb the tagger misread ("the oppressed replaces …");
        # a preposition is no sign of one ("a profit-first order toward a world").
        and not any(child.dep_ in _OBJECTS - {"prep"} for child in last.head.children)
    ):
        end = last.head.i + 1
        last = doc[end - 1]
    while end - start > 1 and doc[end - 1].tag_ in _FINITE and not any(
        start <= child.i < end for child in doc[end - 1].children if child.dep_ in _OBJECTS
    ):
        end -= 1
    # Nor on a bare infinitive ("the predator arsenal | to refit"): the charged words are
    # before it.
    while end - start > 2 and doc[end - 1].tag_ == "VB" and doc[end - 2].tag_ == "TO":
        end -= 2
    while end - start > 1 and doc[end - 1].pos_ in _EDGE_POS:
        end -= 1
    if start and doc[start - 1].dep_ == "det" and start <= doc[start - 1].head.i < end:
        start -= 1
    return hit if (start, end) == (hit.start, hit.end) else replace(hit, start=start, end=end)


def decode(
    probs: Matrix,
    sentence_starts: NDArray[Any] | None,
    trim: NDArray[numpy.bool_],
    labels: Sequence[str],
    seed: float,
    extend: float,
) -> list[ModelHit]:
    """Turn per-token class probabilities into spans, with hysteresis: a token whose chance
    of being in some technique reaches ``seed`` starts a span, which grows over neighbours
    whose chance reaches ``extend`` (never across a sentence start), loses the punctuation
    marked in ``trim`` at either end, and takes the technique of the highest summed
    probability over its tokens."""
    inside = 1.0 - probs[:, 0]
    length = len(probs)
    boundary = (
        numpy.zeros(length, dtype=bool) if sentence_starts is None else sentence_starts == 1
    )
    hits: list[ModelHit] = []
    reached = -1
    for index in numpy.flatnonzero(inside >= seed).tolist():
        if index < reached:
            continue
        first, last = index, index + 1
        while first > max(reached, 0) and not boundary[first] and inside[first - 1] >= extend:
            first -= 1
        while last < length and not boundary[last] and inside[last] >= extend:
            last += 1
        reached = last
        while first < last and trim[first]:
            first += 1
        while last > first and trim[last - 1]:
            last -= 1
        if last > first:
            scores = probs[first:last, 1:].sum(axis=0)
            technique = labels[1 + int(scores.argmax())]
            confidence = float(inside[first:last].max())
            hits.append(ModelHit(first, last, technique, round(confidence, 3)))
    return hits


def bridge(
    hits: Sequence[ModelHit], sentence_starts: NDArray[Any] | None, gap: int
) -> list[ModelHit]:
    """Join spans of the same technique separated by at most ``gap`` tokens of one sentence:
    the corpus marks a charged phrase whole ("a brutal, | illegal | war"), where the model's
    chance may dip on a word in the middle."""
    if gap <= 0 or len(hits) < 2:
        return list(hits)
    joined: list[ModelHit] = []
    for hit in sorted(hits, key=lambda h: h.start):
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.technique == hit.technique
            and hit.start - last.end <= gap
            and (
                sentence_starts is None
                or not (numpy.asarray(sentence_starts[last.end : hit.start + 1]) == 1).any()
            )
        ):
            joined[-1] = replace(
                last, end=max(last.end, hit.end), confidence=max(last.confidence, hit.confidence)
            )
        else:
            joined.append(hit)
    return joined


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def cut_at_clause(doc: Any, hit: ModelHit) -> ModelHit | None:
    """Cut a span before a finite verb whose subject it holds: loaded words and labels are
    phrases, and a span that runs on from its subject into the verb's clause ("the oppressed
    | replaces the flag of …") reads as a sentence fragment. The function words this leaves at
    the end go too; ``None`` when nothing is left."""
    for index in range(hit.start + 1, hit.end):
        token = doc[index]
        finite, noun = token.tag_ in _FINITE, token.pos_ == "NOUN"
        if not (finite or noun):
            continue  # most words: no children to look at
        # A finite verb with its subject in the span, or a "noun" with an object: a verb the
        # tagger misread ("the oppressed replaces the flag").
        children = list(token.children)
        if (
            finite
            and any(child.dep_ in _SUBJECTS and hit.start <= child.i < index for child in children)
        ) or (noun and any(child.dep_ == "dobj" for child in children)):
            end = index
            while end > hit.start and (
                doc[end - 1].pos_ in _EDGE_POS or doc[end - 1].pos_ == "PRON"
                or not any(char.isalnum() for char in doc[end - 1].text)
            ):
                end -= 1
            return replace(hit, end=end) if end > hit.start else None
    return hit


def widen(doc: Any, hit: ModelHit, mode: str) -> ModelHit:
    """Widen a span to the extent the corpus marks for its technique: ``"clause"`` takes the
    whole clause of the verb governing it, ``"sentence"`` the whole sentence (without the end
    punctuation); anything else leaves it as it is."""
    if mode not in ("clause", "sentence"):
        return hit
    sentence = doc[hit.start].sent
    first, last = sentence.start, sentence.end
    if mode == "clause":
        head = doc[hit.start]
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if head.pos_ in ("VERB", "AUX"):
            first, last = head.left_edge.i, head.right_edge.i + 1
    start, end = min(first, hit.start), max(last, hit.end)
    while end - start > 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while end - start > 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    start, end = min(start, hit.start), max(end, hit.end)
    return hit if (start, end) == (hit.start, hit.end) else replace(hit, start=start, end=end)
