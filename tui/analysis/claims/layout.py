"""A paragraph's layout for the claim extractor: its sentences and its quotations.

Sentences come from spaCy's parse, split again at line breaks that end a line of their own
(headings, list items); quotations are the balanced quotation marks of the text. Both are
half-open ranges of token indices into the paragraph's ``Doc``.
"""

from __future__ import annotations

import re
from typing import Any

from .spans import Range

__all__ = ["quote_regions", "segments"]

# Balanced quotations only: an unbalanced mark matches nothing, so it cannot swallow text.
# Typewriter text writes double quotes as two apostrophes (''…''), on one line.
_QUOTES = re.compile(r"“[^“”]*”|„[^„“”]*[“”]|«[^«»]*»|\"[^\"]*\"|''(?:(?!'')[^\n])*''")
_OPENERS = frozenset({"“", "„", "«", '"'})
_LIST_MARKERS = frozenset({"-", "*", "•", "–", "—", "·", "▪", "‣"})
# A line this short that is followed by a capital is a heading, not a wrapped sentence.
_SHORT_LINE = 10


def quote_regions(doc: Any, text: str) -> list[Range]:
    """Token ranges of balanced quotations in ``doc`` (whose text is ``text``), quote marks
    included."""
    regions: list[Range] = []
    for match in _QUOTES.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and len(span) > 0:
            regions.append((span.start, span.end))
    return regions


def segments(doc: Any, texts: list[str] | None = None) -> list[Range]:
    """Sentences of ``doc``, also split at line breaks that end a line of their own.

    Headings and list items are lines of their own; a hard-wrapped sentence is not, so a
    line break splits only after a short line, a sentence end, or before a list marker.
    Segments carry no whitespace tokens at their edges. ``texts`` are the texts of
    ``doc``'s tokens, when they have been read already.
    """
    if texts is None:
        texts = [token.text for token in doc]
    segments: list[Range] = []

    def push(start: int, end: int) -> None:
        while start < end and (doc[start].is_space or doc[start].text in _LIST_MARKERS):
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if start < end:
            segments.append((start, end))

    for sentence in doc.sents:
        start = line = sentence.start
        for index in range(sentence.start, sentence.end):
            # A token is a space when its text is.
            if "\n" in texts[index] and texts[index].isspace():
                if _ends_line(doc, line, index):
                    push(start, index)
                    start = index + 1
                line = index + 1
        push(start, sentence.end)
    return segments


def _ends_line(doc: Any, line: int, newline: int) -> bool:
    """True when the line ``[line, newline)`` stands on its own (heading, item, verse)."""
    words = [t for t in doc[line:newline] if not t.is_space]
    following = doc[newline + 1] if newline + 1 < len(doc) else None
    if not words or following is None:
        return True
    if words[-1].text[-1:] in ".!?:;”\"…" or following.text in _LIST_MARKERS:
        return True
    starts_upper = following.text[:1].isupper() or following.text in _OPENERS
    return len(words) <= _SHORT_LINE and starts_upper


