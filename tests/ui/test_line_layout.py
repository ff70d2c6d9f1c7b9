"""Lazy wrapping gives the same lines as wrapping everything, in whatever order it is asked."""

from __future__ import annotations

import itertools
import random

from tui.ui.widgets.line_layout import BLOCK_CHARS, LineLayout

WORDS = ["the", "council", "met", "on", "Friday", "and", "a", "very" * 30, "日本語", "—"]


def document(seed: int) -> str:
    rng = random.Random(seed)
    paragraphs = []
    while sum(map(len, paragraphs)) < 6 * BLOCK_CHARS:
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 120))]
        paragraphs.append(" ".join(words))
    return "\n\n".join(paragraphs) + "\n"


def all_lines(layout: LineLayout) -> list[tuple[int, int]]:
    return [layout.line_range(line) for line in range(len(layout))]


def test_lazy_wrapping_matches_wrapping_everything() -> None:
    text = document(1)
    for width in (80, 23, 1):
        eager = LineLayout(text, width)
        eager.wrap_some(10**6, lambda line, delta: None)
        assert eager.complete
        expected = all_lines(eager)
        lazy = LineLayout(text, width)
        assert not lazy.complete
        # Jump around as a reader would: the end, the middle, back to the top.
        for offset in (len(text) - 1, len(text) // 2, 0, len(text) // 3):
            line = lazy.line_of(offset)
            start, end = lazy.line_range(line)
            assert start <= offset <= max(end, start) or text[offset] == "\n"
        lazy.wrap_some(10**6, lambda line, delta: None)
        assert all_lines(lazy) == expected
        # Lines cover the text in order; only newlines and wrap points fall between them.
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(expected))


def test_changes_of_line_count_are_reported_where_they_happen() -> None:
    text = document(2)
    layout = LineLayout(text, 30)
    moves: list[tuple[int, int]] = []
    estimate = len(layout)
    layout.wrap_some(10**6, lambda line, delta: moves.append((line, delta)))
    assert estimate + sum(delta for _, delta in moves) == len(layout)


def test_starts_and_ends_read_like_arrays() -> None:
    text = "one two three\nfour five six seven"
    layout = LineLayout(text, 9)
    layout.wrap_some(1, lambda line, delta: None)  # the line count was an estimate until now
    assert [text[layout.starts[i]:layout.ends[i]] for i in range(len(layout))] == [
        "one two ", "three", "four five ", "six seven",
    ]
    assert len(layout.starts) == len(layout) == 4
