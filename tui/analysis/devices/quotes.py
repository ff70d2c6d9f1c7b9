"""Finding quoted stretches of text, for scare quotes and for "is this the text's own voice?".

Pure string code, no spaCy: quotation marks are paired by a single left-to-right scan, one
family at a time, so unbalanced or mixed quotes never raise and never pair across families.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

__all__ = ["Quote", "find_quotes", "inside_quote"]

# Single quotes double as apostrophes ("Berlin’s", "workers’"), so a single-quoted stretch
# must be short and on one line to count; double quotes and guillemets may run on.
_MAX_SINGLE_QUOTE_CHARS = 300
# Characters after which an opening single quote is plausible (start of a word).
_OPENING_CONTEXT = " \t\n\r([{\u2014\u2013-/\"\u201c"
_ANY_MARK = re.compile("[\"'\u201c\u201d\u2018\u2019\u00ab\u00bb]")


@dataclass(frozen=True, slots=True)
class Quote:
    """A stretch of text between quotation marks, marks included."""

    start: int
    """Offset of the opening mark."""
    end: int
    """Offset one past the closing mark, or the text's length when the quote is unclosed."""
    closed: bool
    """False when no closing mark was found (the quote runs to the end of the text)."""

    @property
    def content(self) -> tuple[int, int]:
        """The offsets of the quoted words, without the marks."""
        return self.start + 1, self.end - 1 if self.closed else self.end


def find_quotes(text: str) -> list[Quote]:
    """Return the quoted stretches of ``text`` sorted by start.

    Curly double quotes, guillemets and straight double quotes may stay unclosed: a quotation
    running over several paragraphs conventionally reopens each paragraph without closing it.
    Single quotes (curly or straight) only count when closed on the same line, because the
    same characters are apostrophes.
    """
    if not _ANY_MARK.search(text):
        return []
    quotes: list[Quote] = []
    quotes += _paired(text, "\u201c", "\u201d")
    quotes += _paired(text, "\u00ab", "\u00bb")
    quotes += _straight(text, '"', single=False)
    quotes += _single(text, "\u2018", "\u2019")
    quotes += _straight(text, "'", single=True)
    quotes.sort(key=lambda quote: (quote.start, -quote.end))
    return quotes


def inside_quote(quotes: Sequence[Quote], position: int) -> bool:
    """True when the character at ``position`` lies between the marks of some quote."""
    for quote in quotes:
        if quote.start > position:
            break
        first, last = quote.content
        if first <= position < last:
            return True
    return False


def _paired(text: str, opener: str, closer: str) -> list[Quote]:
    """Pair distinct opening and closing marks; a reopened or unclosed quote runs on."""
    found: list[Quote] = []
    open_at: int | None = None
    for index, char in _marks(text, opener + closer):
        if char == opener:
            if open_at is not None:
                found.append(Quote(open_at, index, closed=False))
            open_at = index
        elif char == closer and open_at is not None:
            found.append(Quote(open_at, index + 1, closed=True))
            open_at = None
    if open_at is not None:
        found.append(Quote(open_at, len(text), closed=False))
    return found


def _straight(text: str, mark: str, *, single: bool) -> list[Quote]:
    """Pair straight quotes, telling openers from closers by the characters around them."""
    found: list[Quote] = []
    open_at: int | None = None
    length = len(text)
    for index, _ in _marks(text, mark):
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < length else " "
        if open_at is None:
            # An opener starts a word: "the 'experts'" but not "workers' rights" or "it's".
            if before in _OPENING_CONTEXT and not after.isspace():
                open_at = index
        elif not before.isspace() and not (single and after.isalnum()):
            if not single or _short_single(text, open_at, index):
                found.append(Quote(open_at, index + 1, closed=True))
            open_at = None
    if open_at is not None and not single:
        found.append(Quote(open_at, length, closed=False))
    return found


def _single(text: str, opener: str, closer: str) -> list[Quote]:
    """Pair curly single quotes, skipping closers that are really apostrophes."""
    found: list[Quote] = []
    open_at: int | None = None
    length = len(text)
    for index, char in _marks(text, opener + closer):
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < length else " "
        if char == opener and before in _OPENING_CONTEXT:
            open_at = index
        elif (
            char == closer
            and open_at is not None
            and not after.isalnum()
            and _short_single(text, open_at, index)
        ):
            found.append(Quote(open_at, index + 1, closed=True))
            open_at = None
    return found


def _marks(text: str, marks: str) -> Iterator[tuple[int, str]]:
    """The positions and characters of ``marks`` in ``text`` (a regex scan, not a char loop)."""
    for found in re.finditer(f"[{re.escape(marks)}]", text):
        yield found.start(), found.group()


def _short_single(text: str, start: int, end: int) -> bool:
    """True when a single-quoted stretch is short enough and on one line."""
    return end - start <= _MAX_SINGLE_QUOTE_CHARS and "\n" not in text[start:end]
