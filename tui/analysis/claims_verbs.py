"""Cue verbs: who reports what with "says", "urges", "calls for" or "seen by X as".

Given a verb from the cue lexicon, :class:`VerbCues` finds its speaker (the subject; the
passive agent; the subject shared by coordinated verbs; the antecedent of "who"), the
words of the cue (with auxiliaries, negation and an adjacent particle) and its content
(what the verb governs, or an adjacent quotation). It returns :class:`Draft` claims in
token ranges; :mod:`tui.analysis.claims` finishes them.
"""

from __future__ import annotations

from typing import Any

from .claims_cues import CueLexicon
from .claims_spans import Draft, Range, is_relative, region_at, verb_content
from .claims_speakers import Speakers
from .model import AUTHOR, UNNAMED

__all__ = ["UNNAMED", "VerbCues", "is_imperative"]

# Verb forms that can share one subject when coordinated: "stress … and warn".
_FORM_GROUPS = {"VB": "base", "VBP": "base", "VBZ": "3sg", "VBD": "past"}


class VerbCues:
    """Reads the claims of cue verbs in one paragraph."""

    def __init__(
        self, doc: Any, lexicon: CueLexicon, speakers: Speakers, quotes: list[Range]
    ) -> None:
        """Prepare to read cue verbs of ``doc``; ``quotes`` are its quotations."""
        self.doc = doc
        self.lex = lexicon
        self.speakers = speakers
        self.quotes = quotes

    def read(self, verb: Any, lemma: str, particle: Any | None) -> list[Draft]:
        """The claims of the cue ``verb``: one, or two around a split quotation."""
        passive = verb.tag_ == "VBN" and (
            verb.dep_ == "acl"
            or any(c.dep_ in ("auxpass", "nsubjpass", "agent") for c in verb.children)
        )
        source: Any | None = None
        if passive:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            source = None if agent is None else next(
                (c for c in agent.children if c.dep_ == "pobj"), None
            )
            named = (UNNAMED, None) if source is None else self.speakers.name(source)
        else:
            source = self._subject(verb)
            if source is None:
                own = is_imperative(verb) and region_at(self.quotes, verb.i) is None
                named = (AUTHOR, None) if own else None
            elif source.lower_ in self.lex.first_person and not self.is_own_voice(source):
                named = None
            else:
                named = self.speakers.name(source)
        if named is None:
            return []
        region: Range = (verb.left_edge.i, verb.right_edge.i + 1)
        contents = self._passive_content(verb, particle) if passive else verb_content(
            verb, particle, self.lex
        )
        if passive and contents and verb.dep_ == "acl" and contents[0][1] == verb.head.i:
            # "a venue being floated by X": the venue is part of X's clause.
            region = (verb.head.left_edge.i, verb.head.right_edge.i + 1)
        if not passive and not contents:
            contents = self._relative_object(verb)
        if lemma in self.lex.clause_only:
            contents = [c for c in contents if self.doc[c[1]].dep_ in ("ccomp", "xcomp")]
        contents = self._quoted(verb, source, contents)
        cue = self.cue_range(verb, particle)
        cue_lemma = f"{lemma} {particle.lower_}" if particle is not None else lemma
        return [
            Draft(named[0], named[1], cue, cue_lemma, content, head, region)
            for content, head in contents
        ]

    def is_own_voice(self, subject: Any) -> bool:
        """True when a first-person ``subject`` is the author's, not someone else's "we".

        It is not inside a quotation (“We will fight,” he said), nor inside what another
        speaker is reported to say or think ("Merz claims we reject peace").
        """
        if region_at(self.quotes, subject.i) is not None:
            return False
        reporter = self.reporting_ancestor(subject.head)
        if reporter is None:
            return True
        speaker = self._subject(reporter)
        return speaker is not None and speaker.lower_ in self.lex.first_person

    def particle(self, verb: Any, lemma: str) -> Any | None:
        """The preposition or particle that belongs to the cue ("calls *for*")."""
        preps = self.lex.cue_preps(lemma)
        if not preps:
            return None
        candidates = list(verb.rights)
        for agent in (c for c in verb.children if c.dep_ == "agent"):
            # "seen by analysts as a trap": the parser may hang "as" on the agent.
            for source in (g for g in agent.children if g.dep_ == "pobj"):
                candidates.extend(source.rights)
        return next(
            (c for c in candidates if c.dep_ in ("prep", "prt") and c.lower_ in preps), None
        )

    def cue_range(self, verb: Any, particle: Any | None) -> Range:
        """The cue's words: the verb with its auxiliaries, negation and adjacent particle."""
        start = verb.i
        for child in reversed(list(verb.lefts)):
            if child.dep_ in ("aux", "auxpass", "neg") and child.i == start - 1:
                start = child.i
        end = verb.i + 1
        if particle is not None and particle.i == verb.i + 1:
            end = particle.i + 1
        return start, end

    def _subject(self, verb: Any, depth: int = 0) -> Any | None:
        """The subject of a cue verb, shared from a coordinated or governing verb if need be."""
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None or depth > 8:
            return subject
        head = verb.head
        if head.i == verb.i:
            # "Bloc rejects the talks; demands sovereignty": the parser made the first
            # clause a complement of the second, which then lacks its subject.
            for child in verb.lefts:
                if child.dep_ in ("ccomp", "parataxis") and any(
                    t.text in (";", ",", "—") for t in self.doc[child.right_edge.i + 1 : verb.i]
                ):
                    return self._subject(child, depth + 1)
            return None
        if verb.dep_ == "conj":
            reporter = self.reporting_ancestor(head)
            if (
                not self._is_cue(head)
                and reporter is not None
                and _FORM_GROUPS.get(verb.tag_) == _FORM_GROUPS.get(reporter.tag_, "?")
                and _comma_before_coordination(verb)
            ):
                # "officials stress that Kyiv must not be forced …, and warn against …":
                # the second cue is the officials', not Kyiv's.
                return self._subject(reporter, depth + 1)
            return self._subject(head, depth + 1)
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and not self._is_cue(head):
            reporter = self.reporting_ancestor(head)
            start = verb.left_edge.i
            if reporter is not None and start > 0 and self.doc[start - 1].is_punct:
                # "Critics argue that sanctions failed, pointing to …": the critics point.
                return self._subject(reporter, depth + 1)
        if verb.dep_ == "xcomp":
            listener = next((c for c in head.children if c.dep_ == "dobj"), None)
            return listener if listener is not None else self._subject(head, depth + 1)
        if verb.dep_ in ("advcl", "acl") and verb.tag_ == "VBG":
            return head if verb.dep_ == "acl" else self._subject(head, depth + 1)
        return None

    def _is_cue(self, token: Any) -> bool:
        """True for a verb from the lexicon."""
        return bool(token.pos_ == "VERB" and token.lemma_.lower() in self.lex.verbs)

    def reporting_ancestor(self, token: Any) -> Any | None:
        """The cue verb whose reported clause contains ``token``, if any."""
        node = token
        for _ in range(12):
            if node.dep_ in ("ccomp", "xcomp") and self._is_cue(node.head):
                return node.head
            if node.head.i == node.i:
                return None
            node = node.head
        return None

    def _passive_content(self, verb: Any, particle: Any | None) -> list[tuple[Range, int]]:
        """What a passive cue reports: its "as" phrase, clause, noun or passive subject."""
        if particle is not None:
            found = verb_content(verb, particle, self.lex)
            if found:
                return found
        clauses = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp")]
        if clauses:
            return [((clauses[0].left_edge.i, clauses[0].right_edge.i + 1), clauses[0].i)]
        if verb.dep_ == "acl" and verb.head.i < verb.i:
            noun = verb.head
            return [((noun.left_edge.i, verb.left_edge.i), noun.i)]
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subject is not None and subject.lower_ != "it":
            return [((subject.left_edge.i, subject.right_edge.i + 1), subject.i)]
        return []

    def _relative_object(self, verb: Any) -> list[tuple[Range, int]]:
        """ "the plan that Putin proposed": what was proposed is the plan, not "that"."""
        noun = verb.head
        if verb.dep_ != "relcl" or noun.i > verb.i:
            return []
        if not any(is_relative(c) and c.dep_ == "dobj" for c in verb.lefts):
            return []
        return [((noun.left_edge.i, verb.left_edge.i), noun.i)]

    def _quoted(
        self, verb: Any, subject: Any | None, contents: list[tuple[Range, int]]
    ) -> list[tuple[Range, int]]:
        """Snap content to an adjacent quotation; find one for a cue without content.

        "“We are ready. We will fight,” he said.": the parser sees only the last sentence
        as the complement of "said"; the whole quotation is what was said.
        """
        left = min(verb.i, subject.left_edge.i) if subject is not None else verb.i
        adjacent: list[Range] = []
        for start, end in self.quotes:
            # Only punctuation may separate the quotation from the cue: a few tokens at most.
            before = 0 <= left - end <= 3 and all(
                t.is_punct or t.is_space for t in self.doc[end:left]
            )
            after = 0 < start - verb.i <= 4 and all(
                t.is_punct or t.is_space for t in self.doc[verb.i + 1 : start]
            )
            if before or after:
                adjacent.append((start, end))
        if not contents:
            return [(quote, quote[0] + 1) for quote in adjacent[:2]]
        snapped = []
        for (start, end), head in contents:
            quote = next((q for q in adjacent if q[0] <= start and end <= q[1] + 1), None)
            snapped.append((quote, head) if quote is not None else ((start, end), head))
        return snapped


def is_imperative(verb: Any) -> bool:
    """True for a sentence-initial bare verb with no subject ("Note that …", "Let …")."""
    return bool(
        verb.dep_ == "ROOT"
        and verb.tag_ == "VB"
        and verb.pos_ in ("VERB", "AUX")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children)
    )


def _comma_before_coordination(verb: Any) -> bool:
    """True when the conjunction joining ``verb`` follows a comma (", and warn …")."""
    doc = verb.doc
    for index in range(verb.i - 1, max(verb.i - 4, 0) - 1, -1):
        if doc[index].dep_ == "cc":
            return index > 0 and doc[index - 1].text in (",", ";", "—")
    return False
