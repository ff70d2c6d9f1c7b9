"""Quotations that run across a cue, a sentence or a paragraph.

- "“We are ready,” he said. “We will fight.”": the quotation reopens after the cue, in the
  next sentence; both parts are one claim with discontinuous content.
- "“We are ready,” he said, “and we will fight.”": two quotations on either side of one
  cue are one claim too.
- A paragraph that opens with a quotation nobody is said to speak continues the quotation
  of the paragraph before (news style reopens a long quotation at each paragraph). Within
  a paragraph it is an unnamed claim without a cue; the document pass
  (:func:`tui.analysis.claims.linking.link_speakers`) gives it its speaker.

Everything works on :class:`~tui.analysis.claims.spans.Draft` token ranges of one ``Doc``.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import UNNAMED
from .spans import Draft, Range, trim

__all__ = ["OPENERS", "continued_quotation", "dash_attributions", "join_split_quotes",
           "whole_quotes"]

OPENERS = frozenset({"“", "„", "«", '"'})
"""Marks that open a quotation."""
_CLOSER_OF = {"“": ("”",), "„": ("“", "”"), "«": ("»",), '"': ('"',)}
# "“We will win.” ― Jane Doe" at the end of a line: a quotation signed with a dash.
_SIGNED = re.compile(
    r"([“\"])[^“”\"\n]{3,}?([”\"])[ \t\u00a0]*([―—–]|-{1,2})[ \t\u00a0]*"
    r"([A-Z][\w.'’-]*(?:[ \u00a0][A-Z][\w.'’-]*){0,3})(?=[ \t\u00a0]*[.,]?[ \t\u00a0]*(?:\n|$))"
)
# Words that may stand between a quotation and the end of its cue's sentence: the speaker,
# the cue and what news style adds there ("…,” said Len Barton, head of the centrist Tax
# Policy Center. “…”; "…,” she said as hundreds of marchers moved through the city. “…”).
# On PolNeAR the reopened quotation is the same speaker's however long that tail is (40
# words against 8 before: content exact F1 +0.012 on train, relation unchanged).
_MAX_TAIL_WORDS = 40


def join_split_quotes(
    doc: Any, drafts: list[Draft], quotes: list[Range], segments: list[Range],
    segment_of: list[int],
) -> list[Draft]:
    """Join quotations split around their cue into one claim each; return the drafts."""
    drafts = _merge_same_cue(drafts)
    used = {q for q in quotes if any(_inside(d.content, q) for d in drafts)}
    for draft in drafts:
        if draft.cue is None or draft.pieces:
            continue
        quote = next((q for q in quotes if _inside(draft.content, q)), None)
        if quote is None or quote[1] > draft.cue[0]:
            continue
        after = max(draft.cue[1], draft.speaker_range[1] if draft.speaker_range else 0)
        same = next((q for q in quotes if 0 <= q[0] - after <= 2 and q not in used and all(
            t.is_punct for t in doc[after : q[0]])), None)
        if same is not None:
            # "“We are ready,” she said, “and we will fight.”": reopened in the sentence.
            _add_piece(doc, draft, same, used)
            continue
        number = segment_of[draft.cue[0]]
        if number < 0 or number + 1 >= len(segments):
            continue
        tail = doc[quote[1] : segments[number][1]]
        if sum(1 for t in tail if t.is_alpha) > _MAX_TAIL_WORDS or any(
            t.text in OPENERS and t.i != quote[1] - 1 for t in tail
        ):
            continue
        start = segments[number + 1][0]
        if doc[start].text not in OPENERS:
            continue
        following = next((q for q in quotes if q[0] == start), None)
        if following is None:
            if any(q[0] <= start < q[1] for q in quotes):
                continue
            following = (start, _unclosed_end(doc, start))
        elif following in used:
            continue
        _add_piece(doc, draft, following, used)
    return drafts


def _add_piece(doc: Any, draft: Draft, quote: Range, used: set[Range]) -> None:
    """Add the quotation ``quote`` after the cue as the second piece of ``draft``."""
    second = trim(doc, *quote)
    if second[0] >= second[1]:
        return
    used.add(quote)
    draft.pieces = [draft.content, second]
    draft.content = (draft.content[0], second[1])


def whole_quotes(doc: Any, drafts: list[Draft], quotes: list[Range]) -> None:
    """Let a content that opens a quotation run to its end, across sentences.

    "He added that rationing “is no longer a question of if, but when. Families deserve an
    answer.”": the parser ends the content with its sentence; the quotation says where the
    speaker's words end. A quotation left open at the paragraph's end (reopened in the next,
    as news style does) runs to the paragraph's end. Each draft is changed in place.
    """
    if not drafts:
        return
    unclosed = _unclosed_opener(doc, quotes)
    for draft in drafts:
        if draft.cue is None:
            continue
        pieces = draft.pieces or [draft.content]
        start, end = pieces[-1]
        stop = end
        for q_start, q_end in quotes:
            # The content holds the opening mark (or starts just inside it) and stops short;
            # inside the marks, the closing one and the punctuation before it stay out.
            if start <= q_start + 1 and q_start < end < q_end - 1:
                stop = max(stop, q_end if start <= q_start else q_end - 1)
        if unclosed is not None and start <= unclosed + 1 and unclosed < end:
            stop = max(stop, _paragraph_end(doc))
        cue_after = draft.cue[0] >= end and draft.cue[0] < stop
        if stop == end or cue_after:
            continue  # "“…,” she said": the cue is not inside the speaker's words
        pieces[-1] = (start, stop) if start <= (unclosed or -1) else trim(doc, start, stop)
        stop = pieces[-1][1]
        if draft.pieces:
            draft.pieces = pieces
        draft.content = (draft.content[0], max(draft.content[1], stop))


def _unclosed_opener(doc: Any, quotes: list[Range]) -> int | None:
    """The token of a curly opening mark no quotation closes, when one is left open."""
    inside = {i for start, end in quotes for i in range(start, end)}
    found = None
    for token in doc:
        if token.text in ("“", "«") and token.i not in inside:
            found = token.i
        elif token.text in ("”", "»") and token.i not in inside:
            found = None
    return found


def _paragraph_end(doc: Any) -> int:
    """The end of the paragraph's text, trailing whitespace left out."""
    end = len(doc)
    while end > 0 and doc[end - 1].is_space:
        end -= 1
    return end


def continued_quotation(doc: Any, drafts: list[Draft], segments: list[Range]) -> Draft | None:
    """An unnamed claim for a paragraph that opens with a quotation nobody is said to speak.

    Returns ``None`` when the paragraph does not open with a quotation mark or when a
    claim already covers its first sentence.
    """
    if not segments:
        return None
    start = segments[0][0]
    if doc[start].text not in OPENERS:
        return None
    end = _unclosed_end(doc, start)
    if any(d.content[0] < end and start < d.content[1] for d in drafts):
        return None
    content = trim(doc, start, end)
    if content[0] >= content[1] or sum(1 for t in doc[content[0] : content[1]] if t.is_alpha) < 2:
        return None
    return Draft(UNNAMED, None, None, "", content, content[0], (start, end))


def _unclosed_end(doc: Any, start: int) -> int:
    """One past the mark closing the quotation opened at ``start``, or the end of ``doc``."""
    closers = _CLOSER_OF.get(doc[start].text, ())
    for index in range(start + 1, len(doc)):
        if doc[index].text in closers:
            return index + 1
    return len(doc)


def _inside(content: Range, quote: Range) -> bool:
    """True when ``content`` lies within the quotation ``quote`` (marks included)."""
    return quote[0] <= content[0] and content[1] <= quote[1] and content[0] < content[1]


def _merge_same_cue(drafts: list[Draft]) -> list[Draft]:
    """One claim for contents on both sides of the same cue (a quotation split by it)."""
    kept: list[Draft] = []
    by_cue: dict[tuple[Range, str], Draft] = {}
    for draft in drafts:
        if draft.cue is None:
            kept.append(draft)
            continue
        key = (draft.cue, draft.speaker)
        first = by_cue.get(key)
        if first is None or first.pieces:
            by_cue[key] = draft
            kept.append(draft)
            continue
        before, after = sorted((first.content, draft.content))
        if after[1] <= draft.cue[0] or before[0] >= draft.cue[1]:
            # Two clauses on the same side of one cue ("X, but Y, the source said").
            first.content = (before[0], after[1])
            continue
        if not (before[1] <= draft.cue[0] and after[0] >= draft.cue[1]):
            kept.append(draft)
            continue
        first.pieces = [before, after]
        first.content = (before[0], after[1])
    return kept


def dash_attributions(doc: Any, text: str) -> list[Draft]:
    """Quotations signed with a dash and a name at the end of a line: "“…” ― Jane Doe";
    ``text`` is the text of ``doc``."""
    drafts = []
    for match in _SIGNED.finditer(text):
        quote = doc.char_span(match.start(), match.end(2), alignment_mode="expand")
        dash = doc.char_span(match.start(3), match.end(3), alignment_mode="expand")
        end = match.end(4)
        if text[end - 1] == "." and len(match.group(4).split()[-1]) > 3:
            end -= 1  # "― John Smith." ends a sentence, not an initial
        name = doc.char_span(match.start(4), end, alignment_mode="contract")
        if quote is None or dash is None or name is None or len(quote) < 3:
            continue
        content = trim(doc, quote.start, quote.end)
        if content[0] >= content[1]:
            continue
        speaker = " ".join(name.text.split())
        drafts.append(Draft(speaker, (name.start, name.end), (dash.start, dash.end), "say",
                            content, content[0], (quote.start, name.end)))
    return drafts
