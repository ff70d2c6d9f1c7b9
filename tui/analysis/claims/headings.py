"""Headings, colon quotes and labels: attributions that hang on punctuation or layout.

- "Merz: “We will not yield.”" and, in a heading, "Pat Caddell: Voters Worry About …" —
  a short name, a colon, and what the name says.
- In a heading ("Bloc rejects talks; demands sovereignty") a verb of action with a bare
  noun as object is the author's summary of what someone does, not a claim reported in
  their words.
- "called the plan a trap": a naming verb attributes a label without its preposition.
"""

from __future__ import annotations

from typing import Any

from .cues import CueLexicon
from .spans import Draft

__all__ = ["colon_quote", "heading_action", "is_heading", "names_something"]

_OPENING_QUOTES = frozenset({"“", "„", "«", '"'})
_SENTENCE_ENDS = frozenset({".", "!", "?", "…"})
# Longest heading, in words: longer one-line paragraphs are sentences without a full stop.
_HEADING_WORDS = 30


def is_heading(doc: Any, texts: list[str] | None = None) -> bool:
    """True for a paragraph of one line that does not end like a sentence, or whose words
    are capitalised like a title ("Poll: Voters Abandon the Party."). ``texts`` are the
    texts of ``doc``'s tokens, when they have been read already."""
    # A long paragraph is no heading: say so before looking at every token.
    if len(doc) > 3 * _HEADING_WORDS:
        return False
    if texts is None:
        texts = [t.text for t in doc]
    # Plain strings rather than tokens: a token is a space or alphabetic as its text is.
    words = [text for text in texts if not text.isspace()]
    if not words or any("\n" in text for text in texts) or len(words) > _HEADING_WORDS:
        return False
    if not any(text in _SENTENCE_ENDS for text in words[-3:]):
        return True
    alpha = [text for text in words if text.isalpha() and len(text) > 3]
    return len(alpha) >= 3 and sum(w[0].isupper() for w in alpha) >= 0.8 * len(alpha)


def colon_quote(doc: Any, lexicon: CueLexicon, start: int, end: int) -> Draft | None:
    """The claim of a sentence ``[start, end)`` that opens with "Name:", if it is one."""
    for colon in range(start + 1, min(start + 6, end - 1)):
        if doc[colon].text != ":":
            continue
        names = doc[start:colon]
        if not all(t.is_alpha and t.text[0].isupper() for t in names):
            return None
        after = colon + 1
        while after < end and doc[after].is_space:
            after += 1
        quoted = after < end and doc[after].text in _OPENING_QUOTES
        if not quoted and not _headline_speaker(doc, lexicon, start, colon, after, end):
            return None
        name = " ".join(names.text.split())
        return Draft(name, (start, colon), (colon, colon + 1), "say", (after, end), after,
                     (start, end))
    return None


def _headline_speaker(
    doc: Any, lexicon: CueLexicon, start: int, colon: int, after: int, end: int
) -> bool:
    """True for "Pat Caddell: Voters Worry About …": a person or organisation named alone
    before a colon (or, in a heading, a short name that is no label such as "Watch"),
    followed by a statement of several words."""
    names = doc[start:colon]
    if sum(1 for t in doc[after:end] if t.is_alpha) < 3:
        return False
    entity = names[0].ent_type_
    if entity in ("PERSON", "ORG") and all(t.ent_type_ == entity for t in names) and (
        names[0].ent_iob_ == "B"
    ):
        return True
    return bool(
        is_heading(doc)
        and len(names) <= 3
        and names[-1].lower_ not in lexicon.heading_labels
        and names[0].lower_ not in lexicon.heading_labels
    )


def heading_action(doc: Any, lexicon: CueLexicon, found: Draft) -> bool:
    """True for a claim of a heading that only summarises what its subject does: a cue of
    assertion, demand or stance whose content is a bare noun, not a clause or quotation."""
    group = lexicon.verbs.get(found.cue_lemma.split()[0]) if found.cue_lemma else None
    if group not in ("assertion", "directive", "stance"):
        return False
    content = doc[found.content[0] : found.content[1]]
    if any(t.text in _OPENING_QUOTES or t.text in ("”", "»") for t in content):
        return False
    return bool(doc[found.head].dep_ not in ("ccomp", "xcomp"))


def names_something(verb: Any) -> bool:
    """True when ``verb`` gives something a label: "called the plan a trap"."""
    rights = list(verb.rights)
    if any(c.dep_ == "oprd" for c in rights):
        return True
    objects = [c for c in rights if c.dep_ == "dobj"]
    if not objects:
        return False
    return any(
        c.dep_ in ("ccomp", "xcomp", "dobj") and c.i > objects[0].i for c in rights
    ) or any(any(g.dep_ == "dobj" for g in c.children) for c in objects)
