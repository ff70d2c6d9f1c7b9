"""Soft-wrapping a text into visual lines, as character ranges.

The document view never builds one big renderable: it keeps, for the current width, where
each visual line starts and ends in the text, and renders a line only when it is on screen.
Ranges are kept in compact integer arrays so a 3 MB book costs a few megabytes.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right

from rich.cells import cell_len

__all__ = ["LineLayout", "column_to_offset"]

# A token is a run of spaces before a word (only at line start), the word, and the spaces
# after it; trailing spaces may hang past the right edge like in any word processor.
_TOKEN = re.compile(r" *[^ ]+ *| +")


class LineLayout:
    """The visual lines of ``text`` soft-wrapped at ``width`` cells."""

    def __init__(self, text: str, width: int) -> None:
        self.width = max(1, width)
        """The width, in cells, lines are wrapped to."""
        self.starts = array("q")
        """Offset of the first character of each visual line."""
        self.ends = array("q")
        """Offset one past the last character of each visual line (newline excluded)."""
        position = 0
        length = len(text)
        while True:
            newline = text.find("\n", position)
            stop = length if newline == -1 else newline
            self._wrap(text, position, stop)
            if newline == -1:
                break
            position = newline + 1

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """Index of the visual line that holds character ``offset`` (clamped)."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def _emit(self, start: int, end: int) -> None:
        self.starts.append(start)
        self.ends.append(end)

    def _wrap(self, text: str, start: int, end: int) -> None:
        """Append the visual lines of the source line ``text[start:end]``."""
        width = self.width
        line = text[start:end]
        ascii_only = line.isascii()
        if (len(line) if ascii_only else cell_len(line)) <= width:
            self._emit(start, end)
            return
        line_start = start
        column = 0
        for token in _TOKEN.finditer(text, start, end):
            word = token.group().rstrip(" ")
            word_cells = len(word) if ascii_only else cell_len(word)
            if column and column + word_cells > width:
                self._emit(line_start, token.start())
                line_start = token.start()
                column = 0
            if word_cells > width:
                # A word wider than the pane is cut wherever the pane ends.
                line_start, column = self._hard_break(text, line_start, token.start() + len(word))
                column += token.end() - token.start() - len(word)
                continue
            column += word_cells + (token.end() - token.start() - len(word))
        self._emit(line_start, end)

    def _hard_break(self, text: str, start: int, stop: int) -> tuple[int, int]:
        """Emit full-width pieces of ``text[start:stop]``; return where the rest begins and
        the cells it takes."""
        column = 0
        piece_start = start
        for index in range(start, stop):
            cells = cell_len(text[index])
            if column + cells > self.width and column:
                self._emit(piece_start, index)
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
