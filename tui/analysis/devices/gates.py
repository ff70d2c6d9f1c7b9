"""Which sentences a matcher needs to see: the literal words its patterns require.

spaCy's token ``Matcher`` and ``DependencyMatcher`` walk every token of what they are given,
whether or not a pattern can match there, and they are most of the device component's cost.
Most of their patterns name words ("so-called", "regime" as the subject of "say"), and a
pattern cannot match in a sentence that lacks one of its required words. So the matchers run
only over the runs of sentences holding all the literal words of some pattern; a pattern that
names no word makes every sentence worth a look.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import Any

import numpy

__all__ = ["Gates", "literal_words"]

_SPLIT_FROM = 120
"""Tokens from which a paragraph is looked at sentence by sentence: in a shorter one the
matchers cost less than the look."""

Gate = list[tuple[str, frozenset[int]]]
"""Per pattern: for each token naming its words, the attribute and the words' hashes."""


def literal_words(pattern: Any, strings: Any) -> Gate:
    """For each node of a dependency pattern that names its word (``LOWER`` or ``LEMMA`` as a
    string or an ``IN`` list), the attribute and the hashes of the words it accepts."""
    gate: Gate = []
    for node in pattern:
        attrs = node.get("RIGHT_ATTRS", {}) if isinstance(node, dict) else {}
        for attr in ("LOWER", "LEMMA"):
            value = attrs.get(attr)
            words = [value] if isinstance(value, str) else None
            if isinstance(value, dict) and isinstance(value.get("IN"), list):
                words = [str(word) for word in value["IN"]]
            if words:
                gate.append((attr, frozenset(strings.add(word) for word in words)))
    return gate


class Gates:
    """The literal words of one matcher's patterns."""

    def __init__(self) -> None:
        self._gates: list[Gate] | None = []

    def add(self, gate: Gate) -> None:
        """Add one pattern's gate; an empty gate (a pattern naming no word) opens all."""
        if gate and self._gates is not None:
            self._gates.append(gate)
        else:
            self._gates = None

    def passes(self, words: dict[str, frozenset[int]]) -> bool:
        """Whether some pattern's literal words all occur among ``words`` (by attribute)."""
        if self._gates is None:
            return True
        return any(all(accepted & words[attr] for attr, accepted in gate)
                   for gate in self._gates)

    def runs(self, doc: Any, present: dict[str, Any]) -> list[tuple[int, int]]:
        """The token ranges of ``doc`` worth matching: whole runs of consecutive sentences
        that pass, or the whole doc when sentences are unknown or every pattern may match
        anywhere. ``present`` keeps the doc's word arrays from one call to the next."""
        if not present:
            present["LOWER"] = doc.to_array("LOWER")
            present["LEMMA"] = doc.to_array("LEMMA")
            present["all"] = {attr: frozenset(present[attr].tolist())
                              for attr in ("LOWER", "LEMMA")}
        if not self.passes(present["all"]):
            return []
        if (
            self._gates is None
            or len(doc) < _SPLIT_FROM
            or not doc.has_annotation("SENT_START")
        ):
            return [(0, len(doc))]
        if "sentences" not in present:
            starts = numpy.flatnonzero(doc.to_array("SENT_START") == 1).tolist()
            bounds = sorted({0, *starts, len(doc)})
            present["sentences"] = [
                (start, end, {attr: frozenset(present[attr][start:end].tolist())
                              for attr in ("LOWER", "LEMMA")})
                for start, end in pairwise(bounds)
            ]
        return _joined(
            (start, end) for start, end, words in present["sentences"] if self.passes(words)
        )


def _joined(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Adjacent ranges merged, so a matcher is called once per run of sentences."""
    runs: list[tuple[int, int]] = []
    for start, end in ranges:
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs
