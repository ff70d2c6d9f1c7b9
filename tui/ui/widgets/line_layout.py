"""Soft-wrapping a text into visual lines, as character ranges, lazily.

The document view never builds one big renderable: it asks, for the current width, where
each visual line starts and ends in the text, and renders a line only when it is on screen.

Wrapping a whole book takes a noticeable fraction of a second, so it is done in blocks of
about :data:`BLOCK_CHARS` characters (whole source lines each). A block not wrapped yet has
an estimated number of visual lines; it is wrapped exactly when a line of it is asked for,
or in the background (:meth:`LineLayout.wrap_some`). Opening a book or changing the width
therefore costs the blocks on screen, not the whole text. Ranges are compact integer arrays.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable

from rich.cells import cell_len

__all__ = ["BLOCK_CHARS", "LineLayout", "column_to_offset"]

BLOCK_CHARS = 16_384
"""Characters per block of source lines wrapped together (a few milliseconds of work)."""

# A token is a run of spaces before a word (only at line start), the word, and the spaces
# after it; trailing spaces may hang past the right edge like in any word processor.
_TOKEN = re.compile(r" *[^ ]+ *| +")


class _Offsets:
    """``layout.starts[i]`` / ``layout.ends[i]``: one end of visual line ``i``."""

    def __init__(self, layout: LineLayout, which: int) -> None:
        self._layout = layout
        self._which = which

    def __getitem__(self, line: int) -> int:
        return self._layout.line_range(line)[self._which]

    def __len__(self) -> int:
        return len(self._layout)


class LineLayout:
    """The visual lines of ``text`` soft-wrapped at ``width`` cells, wrapped on demand."""

    def __init__(self, text: str, width: int) -> None:
        self.width = max(1, width)
        """The width, in cells, lines are wrapped to."""
        self._text = text
        self._block_starts = array("q")
        self._block_ends = array("q")
        position = 0
        length = len(text)
        while True:
            cut = text.find("\n", position + BLOCK_CHARS) if position + BLOCK_CHARS < length else -1
            end = length if cut == -1 else cut
            self._block_starts.append(position)
            self._block_ends.append(end)
            if cut == -1:
                break
            position = cut + 1
        self._counts = array("q", (self._estimate(b) for b in range(len(self._block_starts))))
        self._exact: list[tuple[array[int], array[int]] | None] = [None] * len(self._counts)
        self._pending = len(self._counts)
        self._next = 0
        self._first_lines = array("q")
        self._dirty = True
        self.starts = _Offsets(self, 0)
        """Offset of the first character of each visual line."""
        self.ends = _Offsets(self, 1)
        """Offset one past the last character of each visual line (newline excluded)."""

    # -- queries -------------------------------------------------------------------------------

    def __len__(self) -> int:
        self._index()
        return self._first_lines[-1]

    @property
    def complete(self) -> bool:
        """True when every block is wrapped exactly (no line count is an estimate)."""
        return self._pending == 0

    def line_range(self, line: int) -> tuple[int, int]:
        """``(start, end)`` offsets of visual line ``line`` (clamped); wraps its block."""
        total = len(self)
        line = min(max(line, 0), total - 1)
        block = self._block_of_line(line)
        if self._exact[block] is None:
            self._wrap_block(block)
            return self.line_range(line)
        starts, ends = self._exact[block]  # type: ignore[misc]
        local = min(line - self._first_lines[block], len(starts) - 1)
        return starts[local], ends[local]

    def line_of(self, offset: int) -> int:
        """Index of the visual line that holds character ``offset`` (clamped); wraps its
        block."""
        block = max(0, bisect_right(self._block_starts, offset) - 1)
        if self._exact[block] is None:
            self._wrap_block(block)
        self._index()
        starts, _ = self._exact[block]  # type: ignore[misc]
        local = max(0, bisect_right(starts, offset) - 1)
        return self._first_lines[block] + local

    def is_exact(self, line: int) -> bool:
        """True when ``line`` lies in a block already wrapped."""
        return self._exact[self._block_of_line(line)] is not None

    # -- wrapping ------------------------------------------------------------------------------

    def ensure(self, first: int, last: int, moved: Callable[[int, int], None]) -> bool:
        """Wrap every block holding lines ``first``…``last``; returns True if a line count
        changed. ``moved(line, delta)`` is told of each change: the lines after ``line``
        moved by ``delta``."""
        changed = False
        line = max(first, 0)
        while line <= last and line < len(self):
            block = self._block_of_line(line)
            if self._exact[block] is None:
                delta = self._wrap_block(block)
                if delta:
                    changed = True
                    moved(self._first_lines[block], delta)
                continue
            line = self._first_lines[block] + self._counts[block]
        return changed

    def wrap_some(self, blocks: int, moved: Callable[[int, int], None]) -> bool:
        """Wrap up to ``blocks`` blocks not yet wrapped (in the background); returns True
        while some remain. ``moved`` is told of line count changes as in :meth:`ensure`."""
        count = len(self._counts)
        while blocks > 0 and self._pending:
            block = self._next
            self._next = (self._next + 1) % count
            if self._exact[block] is not None:
                continue
            self._index()
            first = self._first_lines[block]
            delta = self._wrap_block(block)
            if delta:
                moved(first, delta)
            blocks -= 1
        return bool(self._pending)

    def _block_of_line(self, line: int) -> int:
        self._index()
        return max(0, min(bisect_right(self._first_lines, line) - 1, len(self._counts) - 1))

    def _index(self) -> None:
        if self._dirty:
            firsts = array("q", [0])
            total = 0
            for count in self._counts:
                total += count
                firsts.append(total)
            self._first_lines = firsts
            self._dirty = False

    def _estimate(self, block: int) -> int:
        """Visual lines the block will probably take: at least its source lines, and as
        many as its characters fill at nine tenths of the width (words do not fill a line).

        Counted in C, so estimating every block of a large file costs next to nothing."""
        start, end = self._block_starts[block], self._block_ends[block]
        lines = self._text.count("\n", start, end) + 1
        return max(lines, -(-(end - start) * 10 // (self.width * 9)))

    def _wrap_block(self, block: int) -> int:
        """Wrap one block exactly; returns how its line count changed."""
        starts, ends = array("q"), array("q")
        text = self._text
        position, stop = self._block_starts[block], self._block_ends[block]
        while True:
            newline = text.find("\n", position, stop)
            line_end = stop if newline == -1 else newline
            self._wrap(text, position, line_end, starts, ends)
            if newline == -1:
                break
            position = newline + 1
        self._exact[block] = (starts, ends)
        self._pending -= 1
        delta = len(starts) - self._counts[block]
        if delta:
            self._counts[block] = len(starts)
            self._dirty = True
        return delta

    def _wrap(self, text: str, start: int, end: int, starts: array[int], ends: array[int]) -> None:
        """Append the visual lines of the source line ``text[start:end]``."""
        width = self.width
        line = text[start:end]
        ascii_only = line.isascii()
        if (len(line) if ascii_only else cell_len(line)) <= width:
            starts.append(start)
            ends.append(end)
            return
        line_start = start
        column = 0
        for token in _TOKEN.finditer(text, start, end):
            word = token.group().rstrip(" ")
            word_cells = len(word) if ascii_only else cell_len(word)
            if column and column + word_cells > width:
                starts.append(line_start)
                ends.append(token.start())
                line_start = token.start()
                column = 0
            if word_cells > width:
                # A word wider than the pane is cut wherever the pane ends.
                line_start, column = self._hard_break(
                    text, line_start, token.start() + len(word), starts, ends
                )
                column += token.end() - token.start() - len(word)
                continue
            column += word_cells + (token.end() - token.start() - len(word))
        starts.append(line_start)
        ends.append(end)

    def _hard_break(
        self, text: str, start: int, stop: int, starts: array[int], ends: array[int]
    ) -> tuple[int, int]:
        """Emit full-width pieces of ``text[start:stop]``; return where the rest begins and
        the cells it takes."""
        column = 0
        piece_start = start
        for index in range(start, stop):
            cells = cell_len(text[index])
            if column + cells > self.width and column:
                starts.append(piece_start)
                ends.append(index)
                piece_start = index
                column = 0
            column += cells
        return piece_start, column


def column_to_offset(text: str, start: int, end: int, column: int) -> int:
    """The character in ``text[start:end]`` under cell ``column`` (clamped to the line)."""
    if column <= 0:
        return start
    cells = 0
    for index in range(start, end):
        cells += cell_len(text[index])
        if cells > column:
            return index
    return max(start, end - 1) if end > start else start
