"""Hard-wrapped plain text, shown reflowed to the pane's width as a browser shows HTML.

Project Gutenberg books, e-mails and many reports break every line near one width (~70
columns). Shown at another width those breaks make ragged text. :func:`soft_breaks` finds the
line breaks that only wrap a paragraph; the view shows each as a space, so the paragraph
flows to the pane. Offsets are untouched (a newline and a space are one character each), so
highlights, exports and claims still refer to the original text.

A break is *soft* when the document as a whole is hard-wrapped (most lines end within a few
columns of one width of 55 to 120 columns, and most of them mid-sentence) and the break looks
like a wrap: the line before it is full (the next line's first word would not have fitted within the
document's width), neither line is blank, indented like code or a quotation, a list item, a
table row or a heading. Poetry (short lines of varying length), code, lists, tables and short
lines therefore keep their breaks.
"""

from __future__ import annotations

import re
from array import array
from itertools import pairwise

__all__ = ["MIN_WIDTH", "reflowed", "soft_breaks", "wrap_width"]

MIN_WIDTH = 55
"""Narrower than this, short lines are a choice (poetry, addresses), not a wrap."""
MAX_WIDTH = 120
"""Wider than this, lines are paragraphs already."""
MIN_WRAPPED_LINES = 6
"""Lines that must look wrapped before a document counts as hard-wrapped."""
WRAPPED_SHARE = 0.5
"""Share of the lines followed by another line that must look wrapped."""
PUNCTUATED_SHARE = 0.5
"""Verse ends most lines with punctuation; wrapped prose ends most lines mid-sentence."""

_LIST_ITEM = re.compile(r"\s*(?:[-*+•–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])\s")
_TABLE = re.compile(r"\||\t|\S {3,}\S")
_CODE_INDENT = re.compile(r"(?: {4}|\t)")
_PUNCTUATION = frozenset(",.;:!?")


def wrap_width(lines: list[str]) -> int:
    """The width a text's lines are wrapped to: the length most full lines come near (the
    90th percentile of the lengths of lines followed by another line); 0 for none."""
    lengths = sorted(len(line) for line, following in pairwise(lines)
                     if line.strip() and following.strip())
    if len(lengths) < MIN_WRAPPED_LINES:
        return 0
    return lengths[int(len(lengths) * 0.9)]


def _plain(line: str) -> bool:
    """A line of running prose: not code, a list item, a table row or blank."""
    return bool(line.strip()) and not (
        _CODE_INDENT.match(line) or _LIST_ITEM.match(line) or _TABLE.search(line.strip())
    )


def _looks_wrapped(line: str, following: str, width: int) -> bool:
    """True when the break between ``line`` and ``following`` is a wrap at ``width``."""
    if not (_plain(line) and _plain(following)):
        return False
    if len(following) - len(following.lstrip()) > len(line) - len(line.lstrip()):
        return False  # indented more: a new paragraph, a quotation, a verse's indent
    body = line.rstrip()
    next_word = following.split(maxsplit=1)[0]
    slack = max(6, width // 6)
    return len(body) + 1 + len(next_word) > width - slack


def soft_breaks(text: str) -> array[int]:
    """Offsets of the newlines in ``text`` that only wrap a paragraph (empty when the text
    is not hard-wrapped)."""
    lines = text.split("\n")
    width = wrap_width(lines)
    breaks = array("q")
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return breaks
    candidates = array("q")
    wrapped = considered = punctuated = 0
    offset = 0
    for line, following in pairwise(lines):
        offset += len(line)
        if line.strip() and following.strip():
            considered += 1
            if _looks_wrapped(line, following, width):
                wrapped += 1
                punctuated += line.rstrip()[-1] in _PUNCTUATION
                candidates.append(offset)
        offset += 1  # the newline
    if (wrapped < MIN_WRAPPED_LINES or wrapped < WRAPPED_SHARE * considered
            or punctuated > PUNCTUATED_SHARE * wrapped):
        return breaks
    return candidates


def reflowed(display: str, breaks: array[int]) -> str:
    """``display`` with each soft break shown as a space (the same length)."""
    pieces = []
    previous = 0
    for offset in breaks:
        pieces.append(display[previous:offset])
        previous = offset + 1
    pieces.append(display[previous:])
    return " ".join(pieces)
