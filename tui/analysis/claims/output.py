"""From token ranges to the contract: a finished :class:`Draft` becomes a :class:`Claim`.

Character spans without surrounding whitespace, the sentence (stretched to a signature the
sentence splitter cut off), the content's pieces, the speaker's mentions as written ("the
source", "who", the author's "we"), and the claim's stance, kind and confidence.
"""

from __future__ import annotations

from typing import Any

from ..model import Claim, Span
from .cues import CueLexicon
from .spans import Draft, Range
from .tokens import TokenTable
from .traits import claim_kind, claim_stance, confidence

__all__ = ["ClaimMaker"]


class ClaimMaker:
    """Turns the drafts of one paragraph's ``Doc`` into claims."""

    def __init__(
        self, doc: Any, table: TokenTable, lexicon: CueLexicon, segments: list[Range],
        segment_of: list[int]
    ) -> None:
        """Prepare to convert drafts of ``doc`` (whose token attributes are ``table``) split
        into ``segments`` (sentences)."""
        self.doc = doc
        self.table = table
        self.lex = lexicon
        self.segments = segments
        self.segment_of = segment_of
        self.text = table.text

    def make(self, found: Draft, offset: int) -> Claim | None:
        """Convert a finished claim to character spans, or ``None`` if it is empty."""
        content = self._chars(found.content)
        if content is None:
            return None
        anchor = found.cue[0] if found.cue else found.head
        numbers = {self.segment_of[i] for i in (anchor, found.content[0], found.content[1] - 1)}
        numbers.discard(-1)
        if not numbers:
            return None
        first, last = self.segments[min(numbers)], self.segments[max(numbers)]
        sentence = self._chars((first[0], last[1]))
        speaker_span = self._chars(found.speaker_range) if found.speaker_range else None
        cue = self._chars(found.cue) if found.cue else None
        if sentence is None:
            return None
        # A signature ("— Jane Doe") can sit on a line the sentence splitter cut off.
        edges = [span for span in (cue, speaker_span) if span is not None]
        sentence = Span(min([sentence.start] + [e.start for e in edges]),
                        max([sentence.end] + [e.end for e in edges]))
        pieces = [self._chars(piece) for piece in found.pieces]
        spans = tuple(p.shifted(offset) for p in pieces if p is not None and content.contains(p))
        cue_lemma = found.cue_lemma if cue else ""
        words = self.doc[found.speaker_range[0]] if found.speaker_range else None
        text = " ".join(content.text_of(self.text) for content in (pieces if spans else [content])
                        if content is not None)
        return Claim(
            speaker=found.speaker,
            speaker_span=speaker_span.shifted(offset) if speaker_span else None,
            cue=cue.shifted(offset) if cue else None,
            cue_lemma=cue_lemma,
            content=content.shifted(offset),
            sentence=sentence.shifted(offset),
            speaker_mentions=self._mentions(found, speaker_span, offset),
            content_spans=spans if len(spans) > 1 else (),
            stance=claim_stance(self.lex, cue_lemma),
            kind=claim_kind(self.lex, cue_lemma, text),
            confidence=min(found.certainty, confidence(
                self.lex, found.speaker, cue_lemma,
                words is not None and words.pos_ == "PRON" and len(found.speaker_range or ()) == 2
                and found.speaker_range is not None
                and found.speaker_range[1] - found.speaker_range[0] == 1,
            )),
        )

    def _mentions(self, found: Draft, name: Span | None, offset: int) -> tuple[Span, ...]:
        """The speaker's mentions for this claim: the name, then the words that make the
        claim when they differ ("who", the author's "we")."""
        spans = []
        if name is not None and found.speaker_range is not None:
            # The mention as written, with its article and possessive ("the source",
            # "Trump’s"), where the display name leaves them out.
            start, end = found.speaker_range
            doc = self.doc
            if start > 0 and doc[start - 1].dep_ == "det" and start <= doc[start - 1].head.i < end:
                start -= 1
            if end < len(doc) and doc[end].dep_ == "case" and doc[end].head.i == end - 1:
                end += 1
            spans.append(self._chars((start, end)) or name)
        own = self._chars(found.mention) if found.mention else None
        if own is not None and own not in spans:
            spans.append(own)
        return tuple(span.shifted(offset) for span in spans)

    def _chars(self, found: Range) -> Span | None:
        """Character span of a token range, without surrounding whitespace."""
        start, end = found
        if not 0 <= start < end <= len(self.doc):
            return None
        first = self.table.starts[start]
        last = self.table.starts[end - 1] + len(self.table.words[end - 1])
        text = self.text
        while first < last and text[first].isspace():
            first += 1
        while last > first and text[last - 1].isspace():
            last -= 1
        return Span(first, last) if first < last else None

