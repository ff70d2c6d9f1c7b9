"""Counting where things fall along a text, and drawing it as a sparkline (no Textual)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["SPARKS", "buckets", "sparkline"]

SPARKS = "▁▂▃▄▅▆▇█"
"""A sparkline's glyphs, from the fewest to the most."""


def buckets(starts: Iterable[int], length: int, count: int) -> list[int]:
    """How many of ``starts`` fall in each of ``count`` equal shares of a ``length`` text."""
    counts = [0] * max(count, 0)
    if not counts or length <= 0:
        return counts
    for start in starts:
        counts[min(count - 1, max(0, start * count // length))] += 1
    return counts


def sparkline(counts: Sequence[int]) -> str:
    """``counts`` as a line of block glyphs, scaled to the largest; a space for none."""
    top = max(counts, default=0)
    if not top:
        return " " * len(counts)
    return "".join(SPARKS[min(len(SPARKS) - 1, (n * len(SPARKS) - 1) // top)] if n else " "
                   for n in counts)
