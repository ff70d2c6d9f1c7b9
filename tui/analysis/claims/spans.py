"""Token ranges for the claim extractor: content clauses, trimming and quotations.

All ranges are half-open ``(start, end)`` pairs of token indices into one spaCy ``Doc``;
:mod:`tui.analysis.claims` turns them into character :class:`~tui.analysis.model.Span`
objects at the very end, so no spaCy object leaves the extractor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .cues import CueLexicon

__all__ = [
    "Draft",
    "Range",
    "balance_marks",
    "has_boundary_after",
    "has_boundary_before",
    "is_personish",
    "is_relative",
    "open_quote_before",
    "region_at",
    "trim",
    "verb_content",
]

Range = tuple[int, int]
"""A half-open range of token indices ``[start, end)``."""


@dataclass(slots=True)
class Draft:
    """A claim under construction, in token ranges of the paragraph's ``Doc``."""

    speaker: str
    """Display name of the speaker."""
    speaker_range: Range | None
    """The speaker's mention, if it is in the text."""
    cue: Range | None
    """The cue's words, if any."""
    cue_lemma: str
    """The cue's lemma, or ``""``."""
    content: Range
    """What is claimed."""
    head: int
    """The token governing the content; nested claims are cut away from around it."""
    region: Range
    """The clause the claim occupies, cut out of any other claim's content."""
    mention: Range | None = None
    """The words that name the speaker where the claim is made, when they are not
    :attr:`speaker_range`: the relative "who" of "Zelensky, who complained", the "we" of
    the author."""
    pieces: list[Range] = field(default_factory=list)
    """The content's pieces when it is discontinuous ("“X,” he said. “Y.”"), inside
    :attr:`content`; empty when the content is one piece."""
    certainty: float = 1.0
    """How sure a learned component that proposed the claim is of it (the encoder's claims
    head); the claim's confidence is at most this."""


_PAIRS = {"“": "”", "„": "“", "«": "»", '"': '"', "(": ")", "[": "]", "‘": "’"}
_CLOSERS = {"”", "»", '"', ")", "]", "’", "“"}
# Symbols that carry meaning at the edge of a clause ("rose 5 %") and must not be trimmed.
_KEEP_SYMBOLS = frozenset({"%", "$", "€", "£", "¥", "°", "‰"})
# Complement relations that can carry what is said, thought or demanded.
_COMPLEMENTS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "attr", "acomp", "dative"})
# Marks of a contrasting clause: what follows is the author's, not the speaker's.
_CONTRAST_MARKS = frozenset({"while", "whereas", "although", "though", "but", "even"})
_REPORT_SEPARATORS = frozenset({",", "”", '"', "»", "’", "—", ":"})
_RELATIVES = frozenset({"that", "which", "whom", "who"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def region_at(regions: list[Range], index: int) -> Range | None:
    """The quotation containing token ``index``, if any."""
    for start, end in regions:
        if start <= index < end:
            return (start, end)
    return None


def _is_junk(token: Any) -> bool:
    """True for tokens that never start or end a clause: punctuation, emoji, whitespace."""
    if token.is_space:
        return True
    if token.text in _KEEP_SYMBOLS:
        return False
    return not any(char.isalnum() for char in token.text)


def _partner_inside(doc: Any, start: int, end: int, opener_at: int) -> bool:
    """True when the quote or bracket at ``opener_at`` is closed inside ``[start, end)``."""
    closer = _PAIRS.get(doc[opener_at].text)
    return closer is not None and any(doc[i].text == closer for i in range(opener_at + 1, end))


def _opener_inside(doc: Any, start: int, closer_at: int) -> bool:
    """True when the closing mark at ``closer_at`` is opened inside ``[start, closer_at)``."""
    text = doc[closer_at].text
    if text not in _CLOSERS:
        return False
    return any(_PAIRS.get(doc[i].text) == text for i in range(start, closer_at))


def trim(doc: Any, start: int, end: int) -> Range:
    """Shrink ``[start, end)`` past edge punctuation, conjunctions and a ``that`` mark.

    A quotation or bracket wrapping the whole range is removed; one that opens and closes
    inside the range is kept, so trimming never leaves a mark unbalanced.
    """
    start, end = max(start, 0), min(end, len(doc))
    while start < end:
        first, last = doc[start], doc[end - 1]
        if end - start > 1 and _PAIRS.get(first.text) == last.text and not any(
            doc[i].text in (first.text, last.text) for i in range(start + 1, end - 1)
        ):
            start, end = start + 1, end - 1
        elif _loose_start(doc, start, end):
            start += 1
        elif _loose_end(doc, start, end):
            end -= 1
        else:
            break
    if start >= end:
        return (start, start)
    return _balanced(doc, start, end)


def _balanced(doc: Any, start: int, end: int) -> Range:
    """Take in a closing quote the parser left just outside ``[start, end)``.

    In ``stressed that the administration "stands with Ukraine."`` the closing mark hangs
    off the verb, not the clause; without it the content would show a dangling opener.
    """
    opened = [i for i in range(start, end) if doc[i].text in _PAIRS]
    for index in opened:
        closer = _PAIRS[doc[index].text]
        if any(doc[i].text == closer for i in range(index + 1, end)):
            continue
        for ahead in range(end, min(end + 3, len(doc))):
            if doc[ahead].text == closer:
                return start, ahead + 1
            if not doc[ahead].is_punct:
                break
    return start, end


def balance_marks(doc: Any, start: int, end: int) -> Range:
    """Widen ``[start, end)`` by one token to close a quote or bracket left open at its
    edge (``so-called "experts`` → ``so-called "experts"``), or to open one closed in it."""
    if start >= end:
        return start, end
    for index in range(start, end):
        closer = _PAIRS.get(doc[index].text)
        if closer is None or any(doc[i].text == closer for i in range(index + 1, end)):
            continue
        if doc[index].text == '"' and any(doc[i].text == '"' for i in range(start, index)):
            continue  # a straight quote closing an earlier one
        if end < len(doc) and doc[end].text == closer:
            end += 1
        break
    last = doc[end - 1].text
    if last in _CLOSERS and start > 0 and _PAIRS.get(doc[start - 1].text) == last and not any(
        _PAIRS.get(doc[i].text) == last for i in range(start, end - 1)
    ):
        start -= 1
    return start, end


def _loose_start(doc: Any, start: int, end: int) -> bool:
    """True when the first token of ``[start, end)`` can go: junk, "and", a "that" mark."""
    first = doc[start]
    if _is_junk(first):
        return not _partner_inside(doc, start, end, start)
    # A "that" mark stays: it is part of what is reported ("claims that …"), as is a
    # conjunction opening the sentence ("But the plan failed, she said").
    return bool(first.pos_ == "CCONJ" and not first.is_sent_start)


def _loose_end(doc: Any, start: int, end: int) -> bool:
    """True when the last token of ``[start, end)`` can go: junk or a dangling conjunction."""
    last = doc[end - 1]
    if _is_junk(last):
        return not _opener_inside(doc, start, end - 1)
    return bool(last.pos_ in ("CCONJ", "SCONJ") or last.dep_ in ("cc", "mark"))


def has_boundary_before(doc: Any, index: int) -> bool:
    """True when a clause boundary (comma, dash, ``and``, ``while``) sits at ``index``."""
    return any(
        0 <= i < len(doc) and (doc[i].is_punct or doc[i].pos_ in ("CCONJ", "SCONJ"))
        for i in (index - 1, index)
    )


def has_boundary_after(doc: Any, index: int) -> bool:
    """True when a clause boundary sits right after token ``index``."""
    return any(
        0 <= i < len(doc) and (doc[i].is_punct or doc[i].pos_ == "CCONJ")
        for i in (index, index + 1)
    )


def is_personish(token: Any, lexicon: CueLexicon) -> bool:
    """True for a pronoun, a name or a person noun: the likely listener of ``tell``."""
    return bool(
        token.pos_ in ("PRON", "PROPN")
        or token.ent_type_ in _NAME_LABELS
        or token.lemma_.lower() in lexicon.person_nouns
    )


def _right_end(verb: Any, start: int) -> int:
    """Index one past the verb's own right-hand material, stopping at another clause."""
    end = start
    for child in verb.rights:
        if child.dep_ in ("cc", "conj", "parataxis", "advcl"):
            break
        if child.dep_ != "punct":
            end = max(end, child.right_edge.i + 1)
    return end


def _cut_contrast(doc: Any, start: int, end: int) -> int:
    """Cut ``[start, end)`` before a contrasting clause (", while supporters hail …").

    The clause needs a subject of its own: "while keeping taxes flat" still describes what
    the speaker said. Nor is a quotation opened inside the range ever cut.
    """
    for token in doc[start:end]:
        if token.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS for c in token.children
        ) and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children):
            first: int = token.left_edge.i
            if (
                start < first < end
                and has_boundary_before(doc, first)
                and not open_quote_before(doc, start, first)
            ):
                return first
    return end


def open_quote_before(doc: Any, start: int, index: int) -> bool:
    """True when a quotation opened in ``[start, index)`` is still open at ``index``."""
    for at in range(start, index):
        closer = _PAIRS.get(doc[at].text)
        if closer not in ("”", "»", '"', "“") or any(
            doc[i].text == closer for i in range(at + 1, index)
        ):
            continue
        if doc[at].text != '"' or sum(1 for t in doc[start:index] if t.text == '"') % 2:
            return True
    return False


def verb_content(
    verb: Any, particle: Any | None, lexicon: CueLexicon
) -> list[tuple[Range, int]]:
    """What a cue verb reports: a list of ``((start, end), head)`` token ranges.

    Usually one range, to the right of the verb: from its first complement (the clause of
    ``says that …``, the object of ``urges …``, the object of the cue's preposition in
    ``calls for …``) to the end of its own phrase. A direct quotation before the verb
    (``"…," he said``) is a second range. ``head`` is the token that governs the range.
    Either stops before a contrasting clause, which is the author's aside.
    """
    found: list[tuple[Range, int]] = []
    doc = verb.doc
    for child in verb.lefts:
        # "“…,” he said" and "Peace is near, Merz said": a quotation or a comma separates
        # the reported clause from its cue; after a semicolon it is a clause of its own.
        between = {t.text for t in doc[child.right_edge.i + 1 : verb.i]}
        if child.dep_ == "ccomp" and between & _REPORT_SEPARATORS and ";" not in between:
            start = _sentence_start(verb, child.left_edge.i, lexicon)
            found.append(((start, _cut_contrast(doc, start, child.right_edge.i + 1)), child.i))
    right = _right_start(verb, particle, lexicon)
    if right is not None:
        first, head = right
        for child in verb.children:
            # Keep a negation that sits between the verb and its complement ("is not to …").
            if child.dep_ == "neg" and verb.i < child.i < first:
                first = child.i
        end = max(_right_end(verb, first), doc[head].right_edge.i + 1)
        found.append(((first, _cut_contrast(doc, first, end)), head))
    return found


def _sentence_start(verb: Any, start: int, lexicon: CueLexicon) -> int:
    """Where a clause reported before its cue starts: the start of the sentence when only
    more of what was said precedes it ("X, but Y, the source said" reports X too)."""
    first: int = verb.sent.start
    lead = verb.doc[first:start]
    if any(t.lemma_.lower() in lexicon.verbs or t.text in (";", ":") for t in lead):
        return start
    return first


def _right_start(verb: Any, particle: Any | None, lexicon: CueLexicon) -> tuple[int, int] | None:
    """First token and head of the verb's right-hand content, or ``None`` without one."""
    if particle is not None and particle.dep_ != "prt":
        objects = [c for c in particle.children if c.dep_ in ("pobj", "pcomp")]
        # "hail it as historic": the parser may hang the complement on "as" another way.
        objects = objects or list(particle.rights)
        if not objects:
            return None
        head = objects[0]
        first = head.left_edge.i
        if particle.lower_ == "as":
            # "sees the summit as a step": the object belongs to the claim too.
            for child in verb.children:
                if child.dep_ == "dobj" and child.i < particle.i:
                    first = min(first, child.left_edge.i)
        return first, head.i
    lemma = verb.lemma_.lower()
    doc = verb.doc
    for child in verb.rights:
        # "I promise you this: we will win": the colon announces what is promised.
        if child.dep_ == "dobj" and child.lower_ == "this" and child.i + 2 < len(doc) and (
            doc[child.i + 1].text == ":"
        ):
            return child.i + 2, child.i
    # A lone pronoun ("said nothing", "denied it") says nothing about what was claimed.
    complements = [
        c
        for c in verb.rights
        if c.dep_ in _COMPLEMENTS
        and (is_relative(c) or c.pos_ != "PRON" or c.left_edge.i != c.right_edge.i)
    ]
    clauses = [c for c in complements if c.dep_ == "ccomp"]
    if clauses:
        # "said on Monday that …", "told reporters that …": the clause is what was said.
        return clauses[0].left_edge.i, clauses[0].i
    if lemma in lexicon.hearers:
        kept = []
        for number, child in enumerate(complements):
            later = complements[number + 1 :]
            listener = child.dep_ in ("dobj", "dative") and (
                lemma not in lexicon.hearer_thing_ok or is_personish(child, lexicon)
            )
            # "urges Kyiv to negotiate": the listener stays as the subject of the demand.
            if not listener or any(c.dep_ == "xcomp" for c in later):
                kept.append(child)
        complements = kept
    if not complements:
        return None
    head = complements[0]
    return head.left_edge.i, head.i


def is_relative(token: Any) -> bool:
    """True for a relative pronoun standing for a noun outside its clause."""
    return bool(token.tag_ in ("WDT", "WP") and token.lower_ in _RELATIVES)
