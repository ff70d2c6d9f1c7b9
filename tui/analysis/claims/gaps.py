"""Content for cue verbs the parse leaves without one.

The parser sometimes hangs what a speaker says on the wrong word: in "Kirby said for the
first time that emails were found" the clause becomes a relative clause of "time", and in
"He tells the crowd: “…”" the quotation ends up above the verb. These readers find the
content from the words instead: a colon after the cue (and its listener) announces what
follows, and a "that" a few words after the cue opens the reported clause. A speaker the
parser attached elsewhere is found next to the cue. Small readings of the parse shared by
the cue readers (imperatives, a comma before a coordination) live here too.
"""

from __future__ import annotations

from typing import Any

from ..model import AUTHOR
from .cues import CueLexicon
from .spans import Draft, Range, is_personish, trim, verb_content

__all__ = [
    "can_speak",
    "comma_before_coordination",
    "is_imperative",
    "misparsed_drafts",
    "misparsed_speaker",
    "to_unclosed_end",
    "unparsed_content",
    "without",
]

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


def to_unclosed_end(doc: Any, verb: Any, contents: list[tuple[Range, int]],
                    quotes: list[Range]) -> list[tuple[Range, int]]:
    """Stretch a content that opens a quotation after "said:" to the paragraph's end when
    the quotation is not closed there: news style closes it only in a later paragraph."""
    stretched = []
    for (start, end), head in contents:
        opener = start - 1
        while opener > verb.i and doc[opener].is_space:
            opener -= 1
        if (
            opener > verb.i
            and doc[opener].text in _OPENERS
            and doc[opener - 1].text == ":"
            and not any(q[0] == opener for q in quotes)
        ):
            end = trim(doc, start, len(doc))[1]
        stretched.append(((start, max(end, start)), head))
    return stretched


_NOUNISH = frozenset({"PROPN", "NOUN"})
_CLOSERS = frozenset({"”", '"', "’", "»", ","})


def misparsed_speaker(doc: Any, verb: Any) -> Any | None:
    """The speaker of a cue verb the parser left without a subject, found from the words:
    "“…,” said David Brock, a Clinton confidant" (a name right after the cue, which follows
    a quotation or a comma) or "…, a source close to the senator said" (a noun phrase between
    a comma and the cue)."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or any(
        c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children
    ):
        return None
    after = verb.i + 1
    if verb.i > 0 and doc[verb.i - 1].text in _CLOSERS and after < len(doc):
        run = after
        while run < len(doc) and run - after < 4 and (
            doc[run].pos_ in _NOUNISH or (doc[run].dep_ in ("det", "compound", "amod")
                                          and doc[run].pos_ != "VERB")
        ):
            run += 1
        heads = [t for t in doc[after:run] if t.pos_ in _NOUNISH]
        if heads and (run >= len(doc) or doc[run].is_punct):
            return heads[-1]
    comma = next((i for i in range(verb.i - 1, max(verb.i - 9, -1), -1)
                  if doc[i].text == ","), None)
    if comma is None or comma + 1 >= verb.i:
        return None
    node = doc[verb.i - 1]
    for _ in range(10):
        if not comma < node.head.i < verb.i:
            break
        node = node.head
    if node.pos_ not in _NOUNISH or node.left_edge.i <= comma:
        return None
    return node


def without(contents: list[tuple[Range, int]], words: Range, verb: int) -> list[tuple[Range, int]]:
    """The contents before ``verb``, cut short of the speaker's ``words``."""
    kept = []
    for (start, end), head in contents:
        if start > verb:
            continue
        if start < words[0] < end:
            end = words[0]
        if start < end and not (words[0] <= head < words[1]):
            kept.append(((start, end), head))
    return kept


def can_speak(token: Any, lexicon: CueLexicon) -> bool:
    """True for a subject that can hold a position: a pronoun, a name, a person noun or a
    plural ("critics", "voters"), not "the comparison" or "the record"."""
    return bool(is_personish(token, lexicon) or token.tag_ == "NNS")


def misparsed_drafts(
    cues: Any, verb: Any, lemma: str, particle: Any | None, speaker: Any
) -> list[Draft]:
    """The claims of a cue whose ``speaker`` the parser attached elsewhere ("“…,” said
    David Brock, a confidant"): what comes before the cue, without the speaker. ``cues``
    is the paragraph's :class:`~tui.analysis.claims.verbs.VerbCues`."""
    named = cues.speakers.name(speaker)
    if named is None or named[0] == AUTHOR or named[1] is None:
        return []
    doc = verb.doc
    contents = cues.quoted(verb, None, verb_content(verb, particle, cues.lex)) or [
        ((c.left_edge.i, c.right_edge.i + 1), c.i) for c in verb.lefts if c.dep_ == "ccomp"
    ]
    contents = without(contents, (speaker.left_edge.i, speaker.right_edge.i + 1), verb.i)
    cue = cues.cue_range(verb, particle)
    region: Range = (verb.left_edge.i, verb.right_edge.i + 1)
    said = f"{lemma} {particle.lower_}" if particle is not None else lemma
    found = []
    for (start, end), head in contents:
        content = trim(doc, start, end)
        if content[0] < content[1]:
            found.append(Draft(named[0], named[1], cue, said, content, head, region))
    return found

def is_imperative(verb: Any) -> bool:
    """True for a sentence-initial bare verb with no subject ("Note that …", "Let …")."""
    return bool(
        verb.dep_ == "ROOT"
        and verb.tag_ == "VB"
        and verb.pos_ in ("VERB", "AUX")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children)
    )


def comma_before_coordination(verb: Any) -> bool:
    """True when the conjunction joining ``verb`` follows a comma (", and warn …")."""
    doc = verb.doc
    for index in range(verb.i - 1, max(verb.i - 4, 0) - 1, -1):
        if doc[index].dep_ == "cc":
            return index > 0 and doc[index - 1].text in (",", ";", "—")
    return False
