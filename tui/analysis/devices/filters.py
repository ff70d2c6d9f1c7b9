"""Named checks and expansions that rule files attach to their matches.

Patterns say what words look like; these say what patterns cannot: whether a match sits in
quotation marks, whether "not … but …" corrects a phrase or only joins two clauses, and so on.
Rule files refer to them by name, so the data stays declarative and new checks are one
function away.

Every function takes the spaCy ``Doc`` and a token range ``[start, end)``; spaCy is untyped,
so docs and tokens are ``Any`` here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .quotes import Quote, find_quotes, inside_quote

__all__ = ["EXPANSIONS", "FILTERS", "DocContext", "Expansion", "Filter", "question_sentence"]

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
_NOMINAL_POS = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})
# After "not", these make "not only X but (also) Y": an addition, not an either/or.
_NOT_ONLY = frozenset({"only", "just", "merely", "simply", "solely", "even"})
_BUT_ALSO = frozenset({"also", "even", "too", "as"})
_MAX_PHRASE = 6
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


class DocContext:
    """Facts about one doc that several checks need, computed at most once per doc."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        """The spaCy ``Doc``."""
        self.text: str = doc.text
        """The doc's text."""
        self.parsed: bool = bool(len(doc)) and doc.has_annotation("DEP")
        """True when the doc has a dependency parse (and so sentences)."""
        self._quotes: list[Quote] | None = None

    @property
    def quotes(self) -> list[Quote]:
        """The quoted stretches of the text."""
        if self._quotes is None:
            self._quotes = find_quotes(self.text)
        return self._quotes

    def quoted(self, token: Any) -> bool:
        """True when ``token`` lies inside quotation marks."""
        return inside_quote(self.quotes, int(token.idx))


Filter = Callable[[DocContext, int, int], bool]
"""A check on the token range ``[start, end)`` of a match: True keeps it."""

Expansion = Callable[[DocContext, int, int], tuple[int, int]]
"""A widening of the token range ``[start, end)`` of a match."""


def question_sentence(ctx: DocContext, token: Any) -> bool:
    """True when ``token``'s sentence ends in a question mark outside quotation marks."""
    if not ctx.parsed:
        return False
    words = [t for t in token.sent if not t.is_space]
    if not words or "?" not in words[-1].text:
        return False
    mark = words[-1].idx + words[-1].text.index("?")
    return not inside_quote(ctx.quotes, mark)


def _outside_quotes(ctx: DocContext, start: int, end: int) -> bool:
    """The match does not begin inside quotation marks (it is the text's own voice)."""
    return not ctx.quoted(ctx.doc[start])


def _addressed(ctx: DocContext, start: int, end: int) -> bool:
    """The match's sentence has "we" or "you" as a subject: it addresses the reader."""
    if not ctx.parsed:
        return False
    return any(
        token.lower_ in ("we", "you") and token.dep_ in _SUBJECTS
        for token in ctx.doc[start].sent
    )


def _nominal(ctx: DocContext, start: int, end: int) -> bool:
    """The match ends a noun phrase ("the powerful," but not "the powerful nations")."""
    doc = ctx.doc
    return end >= len(doc) or doc[end].pos_ not in _NOMINAL_POS


def _question(ctx: DocContext, start: int, end: int) -> bool:
    """The match is in a question asked in the text's own voice."""
    return question_sentence(ctx, ctx.doc[start])


def _subject(ctx: DocContext, start: int, end: int) -> bool:
    """Some word of the match is the subject of its last word ("many experts | say")."""
    if not ctx.parsed:
        return False
    verb = ctx.doc[end - 1]
    return any(
        token.dep_ in _SUBJECTS and token.head.i == verb.i for token in ctx.doc[start : end - 1]
    )


def _correction(ctx: DocContext, start: int, end: int) -> bool:
    """A "not X but Y" match corrects one phrase with another.

    Rejects "not only X but also Y" (an addition), "did not win but tried" (a negated verb)
    and "…not go, but he stayed" (two clauses joined by "but", where Y has its own subject).
    """
    doc = ctx.doc
    if not ctx.parsed or end - start < 3:
        return False
    negation, but = doc[start], doc[end - 1]
    following = doc[start + 1]
    if following.lower_ in _NOT_ONLY or (end < len(doc) and doc[end].lower_ in _BUT_ALSO):
        return False
    if negation.head.lemma_ != "be" and following.pos_ in ("VERB", "AUX"):
        return False
    for token in doc[end : but.sent.end]:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            break
        if token.dep_ in _SUBJECTS and token.head.dep_ not in ("relcl", "acl"):
            # A subject makes Y a clause only with a finite verb: the parser sometimes reads
            # "but a grand theater staged by …" as a clause with "staged" as its verb.
            return not _finite(token.head)
    return True


def _finite(verb: Any) -> bool:
    """True when ``verb`` is finite or carries a finite auxiliary.

    A "past tense" verb with a by-agent is really a participle ("a theater staged by …").
    """
    if verb.tag_ in _FINITE_TAGS:
        return not (verb.tag_ == "VBD" and any(c.dep_ == "agent" for c in verb.children))
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE_TAGS for c in verb.children)


def _expand_compound(ctx: DocContext, start: int, end: int) -> tuple[int, int]:
    """Widen leftwards over compound nouns modifying the match ("war | profiteers")."""
    doc = ctx.doc
    while start > 0 and doc[start - 1].dep_ == "compound" and start <= doc[start - 1].head.i < end:
        start -= 1
    return start, end


def _expand_next_phrase(ctx: DocContext, start: int, end: int) -> tuple[int, int]:
    """Widen rightwards to the head of the phrase that follows ("we call for | a united front",
    "not X but | to uphold"), if one starts right after the match; otherwise leave it."""
    doc = ctx.doc
    limit = min(len(doc), end + _MAX_PHRASE)
    infinitive = end + 1 < len(doc) and doc[end].lower_ == "to"
    if ctx.parsed and infinitive and doc[end + 1].pos_ in ("VERB", "AUX"):
        return start, end + 2
    for index in range(end, limit):
        token = doc[index]
        if token.pos_ in ("NOUN", "PROPN", "PRON") and not (
            token.dep_ == "compound" and token.head.i > index
        ):
            return start, index + 1
        if token.pos_ not in ("DET", "ADJ", "NUM", "ADV", "NOUN", "PROPN") and not (
            token.tag_ == "PRP$" or token.tag_ == "POS" or token.text == "-"
        ):
            break
    return start, end


def _expand_subtree(ctx: DocContext, start: int, end: int) -> tuple[int, int]:
    """Widen rightwards to the end of the last word's phrase ("either with us or against |
    us"), within the sentence and by at most a few words."""
    if not ctx.parsed:
        return start, end
    last = ctx.doc[end - 1]
    stop = min(int(last.sent.end), end + _MAX_PHRASE)
    reach = max(int(t.i) for t in last.subtree) + 1
    while reach > end and (reach > stop or ctx.doc[reach - 1].is_punct):
        reach -= 1
    return start, max(end, reach)


FILTERS: dict[str, Filter] = {
    "addressed": _addressed,
    "outside-quotes": _outside_quotes,
    "nominal": _nominal,
    "question": _question,
    "subject": _subject,
    "correction": _correction,
}
"""Checks a rule may list in ``filters``, by name."""

EXPANSIONS: dict[str, Expansion] = {
    "compound": _expand_compound,
    "next-phrase": _expand_next_phrase,
    "subtree": _expand_subtree,
}
"""Widenings a rule may name in ``expand``."""
