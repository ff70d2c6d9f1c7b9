"""Finding text as ``less`` does, and going to a place typed at the ``:`` prompt.

:func:`find_matches` finds every occurrence of a literal query, case-insensitively unless the
query holds a capital letter (smart case, as in less and vim). A whole book is searched in
well under a tenth of a second (``re`` runs in C, and matches are kept as two compact integer
arrays); the screen still runs it in a thread so that no key waits for it.

:func:`goto_offset` reads what is typed after ``:``: a percentage (``50%``), a line of the
text (``1200``) or ``$`` for the end.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..analysis.model import Span

__all__ = ["GotoError", "Matches", "find_matches", "goto_offset"]


@dataclass(frozen=True)
class Matches:
    """Every match of one query in one text, in text order."""

    query: str
    """What was searched for, as typed."""
    starts: array[int] = field(default_factory=lambda: array("q"))
    """Offset of each match's first character."""
    ends: array[int] = field(default_factory=lambda: array("q"))
    """Offset one past each match's last character."""
    what: str = "match"
    """What the status bar calls each one (``match 2 of 17``, ``Merz: mention 2 of 4``)."""

    @classmethod
    def of_spans(cls, spans: Iterable[Span], what: str) -> Matches:
        """Spans found another way (an entity's mentions), stepped through like matches."""
        ordered = sorted(spans, key=lambda span: (span.start, span.end))
        starts = array("q", (span.start for span in ordered))
        return cls(what, starts, array("q", (span.end for span in ordered)), what)

    def __len__(self) -> int:
        return len(self.starts)

    def span(self, index: int) -> Span:
        """Match ``index`` as a span of the text."""
        return Span(self.starts[index], self.ends[index])

    def first_from(self, offset: int) -> int:
        """The index of the first match starting at or after ``offset``, wrapping to the
        first match of the text when there is none after it."""
        index = bisect_left(self.starts, offset)
        return index if index < len(self.starts) else 0

    def in_window(self, start: int, end: int) -> list[Span]:
        """The matches overlapping ``[start, end)``."""
        # A match starting before the window may reach into it: matches never overlap, so
        # only the one just before can.
        first = max(0, bisect_right(self.starts, start) - 1)
        found = []
        for index in range(first, len(self.starts)):
            if self.starts[index] >= end:
                break
            if self.ends[index] > start:
                found.append(self.span(index))
        return found


def find_matches(text: str, query: str) -> Matches:
    """Every occurrence of ``query`` in ``text`` (literally: no pattern syntax), ignoring
    case unless the query holds a capital letter."""
    matches = Matches(query)
    if not query:
        return matches
    flags = 0 if any(character.isupper() for character in query) else re.IGNORECASE
    for found in re.finditer(re.escape(query), text, flags):
        if found.end() > found.start():
            matches.starts.append(found.start())
            matches.ends.append(found.end())
    return matches


class GotoError(ValueError):
    """What is typed after ``:`` is no place; ``str()`` says what is understood."""


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


def goto_offset(typed: str, text: str) -> int:
    """The offset ``typed`` names in ``text``: ``50%`` of the way through, line ``1200``
    (counted from 1, as an editor shows the text's lines), or ``$``, the last line.

    Raises:
        GotoError: not one of those.
    """
    value = typed.strip().removeprefix(":").strip()
    last_line = text.rfind("\n", 0, len(text.rstrip("\n"))) + 1
    if value in ("$", "end"):
        return last_line
    percent = _PERCENT.fullmatch(value)
    if percent is not None:
        share = min(float(percent.group(1)), 100.0) / 100
        position = min(int(len(text) * share), len(text.rstrip("\n")))
        # The start of the line that holds that point, so the view opens on a whole line.
        return text.rfind("\n", 0, position) + 1 if position else 0
    if value.isdigit():
        line = max(int(value), 1)
        position = 0
        for _ in range(line - 1):
            found = text.find("\n", position)
            if found == -1:
                break
            position = found + 1
        return min(position, last_line)
    raise GotoError("go to: type a percentage (50%), a line number (1200) or $ for the end")
