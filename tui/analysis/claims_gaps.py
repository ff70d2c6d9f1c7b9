"""Content for cue verbs the parse leaves without one.

The parser sometimes hangs what a speaker says on the wrong word: in "Kirby said for the
first time that emails were found" the clause becomes a relative clause of "time", and in
"He tells the crowd: “…”" the quotation ends up above the verb. These readers find the
content from the words instead: a colon after the cue (and its listener) announces what
follows, and a "that" a few words after the cue opens the reported clause.
"""

from __future__ import annotations

from typing import Any

from .claims_spans import Range, trim

__all__ = ["unparsed_content"]

_OPENERS = frozenset({"“", "„", "«", '"'})
# How far after the cue a colon or a "that" may sit ("told the crowd on Monday: …").
_REACH = 6
_STOPS = frozenset({";", ".", "?", "!"})


def unparsed_content(doc: Any, verb: Any, quotes: list[Range], end: int) -> list[tuple[Range, int]]:
    """What ``verb`` reports when its parse has nothing: the words after a colon, or a
    "that" clause, within ``_REACH`` tokens of it. ``end`` closes the sentence."""
    for index in range(verb.i + 1, min(verb.i + 1 + _REACH, end)):
        token = doc[index]
        if token.text in _STOPS or (token.pos_ == "VERB" and token.i != verb.i):
            return []
        if token.text == ":":
            return _after_colon(doc, index + 1, quotes, end)
        if token.lower_ == "that" and token.tag_ == "IN" and index + 1 < end:
            content = trim(doc, index, end)
            if content[0] < content[1]:
                return [(content, index + 1)]
            return []
    return []


def _after_colon(doc: Any, start: int, quotes: list[Range], end: int) -> list[tuple[Range, int]]:
    """The words after a colon: a quotation (to the paragraph's end when it is not closed
    there, as a quotation continued in the next paragraph is not), else the sentence."""
    while start < end and doc[start].is_space:
        start += 1
    if start >= end:
        return []
    if doc[start].text in _OPENERS:
        closed = next((q for q in quotes if q[0] == start), None)
        stop = closed[1] if closed is not None else len(doc)
    else:
        stop = end
    content = trim(doc, start, stop)
    return [(content, content[0])] if content[0] < content[1] else []
