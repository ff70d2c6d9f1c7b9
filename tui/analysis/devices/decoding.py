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

__all__ = ["Matrix", "ModelHit", "decode", "edge_trim", "fit_to_phrase", "token_strings"]

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
    return [str(strings[int(value)]) for value in doc.to_array(attr)]


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
    ("the | mighty"); cut a finite verb left dangling at its end ("war profiteers | swell")."""
    start, end = hit.start, hit.end
    last = doc[end - 1]
    while (
        last.dep_ in _MODIFIERS
        and end <= last.head.i < end + 3
        # A "noun" with an object is a verb the tagger misread ("the oppressed replaces …").
        and not any(child.dep_ in _OBJECTS for child in last.head.children)
    ):
        end = last.head.i + 1
        last = doc[end - 1]
    while end - start > 1 and doc[end - 1].tag_ in _FINITE and not any(
        start <= child.i < end for child in doc[end - 1].children if child.dep_ in _OBJECTS
    ):
        end -= 1
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
