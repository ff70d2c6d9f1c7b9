"""Cue verbs: who reports what with "says", "urges", "calls for" or "seen by X as".

Given a verb from the cue lexicon, :class:`VerbCues` finds its speaker (the subject; the
passive agent; the subject shared by coordinated verbs; the antecedent of "who"), the
words of the cue (with auxiliaries, negation and an adjacent particle) and its content
(what the verb governs, or an adjacent quotation). It returns :class:`Draft` claims in
token ranges; :mod:`tui.analysis.claims` finishes them.
"""

from __future__ import annotations

from typing import Any

from ..model import AUTHOR, UNNAMED
from .cues import CueLexicon
from .gaps import (
    can_speak,
    comma_before_coordination,
    is_imperative,
    misparsed_drafts,
    misparsed_speaker,
    to_unclosed_end,
    unparsed_content,
)
from .impersonal import impersonal_passive
from .spans import Draft, Range, is_personish, is_relative, region_at, trim, verb_content
from .speakers import Speakers

__all__ = ["UNNAMED", "VerbCues", "is_imperative"]

# Adverbs that belong to a cue standing before it alone: "now says", "then pointed out".
_TIME_ADVERBS = frozenset({"now", "then", "also", "later", "again", "repeatedly", "often",
                           "once", "recently", "previously", "since", "still", "publicly"})
# Verb forms that can share one subject when coordinated: "stress … and warn".
# Cue groups whose content may be read from the words when the parse misses it.
_SAYING = frozenset({"speech", "assertion", "cognition", "evidence"})
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
            or (verb.dep_ == "advcl" and lemma in self.lex.asking)  # "Asked about it, …"
        )
        source: Any | None = None
        if self.is_question(verb):
            return []  # "Do they really think …?": the author asks, nobody is reported
        if self._is_coordinated_imperative(verb):
            # "…, but ask any owner and you will hear …": the author addresses the reader.
            content: Range = (verb.i, verb.right_edge.i + 1)
            return [Draft(AUTHOR, None, None, "", content, verb.i, content)]
        if passive:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            source = None if agent is None else next(
                (c for c in agent.children if c.dep_ == "pobj"), None
            )
            if source is None and (self._is_prediction(verb, lemma) or lemma in self.lex.asking):
                # "revenue is expected to rise", "asked about the deal": someone unnamed.
                return impersonal_passive(self.doc, verb, lemma, self.lex)
            if source is None and (
                lemma in self.lex.naming
                or self.lex.verbs.get(lemma) not in ("speech", "assertion", "cognition")
            ):
                return []  # "the program is called X", "she was invited to speak"
            named = (UNNAMED, None) if source is None else self.speakers.name(source)
        else:
            source = self._subject(verb)
            if source is not None and lemma in self.lex.animate_only and not can_speak(
                source, self.lex
            ):
                return []  # "the comparison lays bare …", "the record reveals …"
            misparsed = None if source is not None else misparsed_speaker(self.doc, verb)
            if misparsed is not None and region_at(self.quotes, verb.i) is None:
                return misparsed_drafts(self, verb, lemma, particle, misparsed)
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
        aside = verb.dep_ == "parataxis" or (
            verb.dep_ == "advcl"
            and verb.head.pos_ in ("VERB", "AUX")  # not "Florida, as some remind us"
            and any(c.dep_ == "mark" and c.lower_ in ("as", "like") for c in verb.children)
        )
        if not passive and not contents and aside and source is not None:
            # "The economy, the minister said, is in good shape", "As experts have
            # pointed out, …": the cue is an aside in the clause it reports.
            pieces = self._around(verb)
            if pieces:
                cue = self.cue_range(verb, particle)
                content = (pieces[0][0], pieces[-1][1])
                said = f"{lemma} {particle.lower_}" if particle is not None else lemma
                return [Draft(named[0], named[1], cue, said, content, verb.head.i, region,
                              None, pieces if len(pieces) > 1 else [])]
        if lemma in self.lex.clause_only:
            contents = [c for c in contents if self.doc[c[1]].dep_ in ("ccomp", "xcomp")]
        contents = self.quoted(verb, source, contents)
        if not contents and self.lex.verbs.get(lemma) in _SAYING:
            contents = unparsed_content(self.doc, verb, self.quotes, verb.sent.end)
        contents = to_unclosed_end(self.doc, verb, contents, self.quotes)
        cue = self.cue_range(verb, particle)
        cue_lemma = f"{lemma} {particle.lower_}" if particle is not None else lemma
        mention: Range | None = None
        if source is not None and (
            is_relative(source) or source.lower_ in self.lex.first_person
        ):
            mention = (source.i, source.i + 1)
        return [
            Draft(named[0], named[1], cue, cue_lemma, content, head, region, mention)
            for content, head in contents
        ]

    def is_question(self, verb: Any) -> bool:
        """True when ``verb`` heads a question ("Do they really think …?", "Why claim …?").

        Its question mark must be on the same side of any quotation as the verb, so that
        "“Who pays?” he asked" is still a report.
        """
        inside = region_at(self.quotes, verb.i)
        return any(
            c.text == "?" and c.i > verb.i and region_at(self.quotes, c.i) == inside
            for c in verb.children
        )

    def _is_coordinated_imperative(self, verb: Any) -> bool:
        """True for a bare verb coordinated after a finite one, with no subject of its own.

        "Experts claim the economy is booming, but ask any owner …": the base form cannot
        share the subject of "claim" after "but"; it tells the reader. A verb that can
        share the subject of a cue above it ("stress that … and warn") is no imperative.
        """
        head = verb.head
        if verb.dep_ != "conj" or verb.tag_ != "VB" or head.tag_ not in ("VBZ", "VBD", "VBP"):
            return False
        if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children):
            return False
        sharer = self.reporting_ancestor(head) or head
        if _FORM_GROUPS.get(sharer.tag_) != "base":
            return True  # "the minister claims …, but ask …": "ask" cannot be hers
        # A plural present and a base form look alike; the imperative announces what the
        # reader will find: "ask any owner and you will hear …".
        return any(
            c.dep_ == "conj" and any(g.dep_ == "nsubj" for g in c.children)
            and any(g.dep_ == "cc" and g.lower_ == "and" for g in verb.children)
            for c in verb.children
        )

    def _is_prediction(self, verb: Any, lemma: str) -> bool:
        """True for "is expected to rise", "is forecast to grow": a passive of prediction
        governing an infinitive, which forecasts rather than attributes."""
        if lemma not in self.lex.predictions:
            return False
        return any(
            c.dep_ == "xcomp" and any(g.tag_ == "TO" for g in c.children)
            for c in verb.children
        )

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
        """The cue's words: the verb with its auxiliaries, negation, adverbs between them
        ("has also said", "now says"), an adjacent particle and a day ("said Friday")."""
        start = verb.i
        for child in reversed(list(verb.lefts)):
            if child.i == start - 1 and (
                child.dep_ in ("aux", "auxpass", "neg")
                or (child.dep_ == "advmod" and child.pos_ == "ADV" and child.is_lower)
            ):
                start = child.i
        if start < verb.i and self.doc[start].dep_ == "advmod" and (
            start + 1 < verb.i or self.doc[start].lower_ not in _TIME_ADVERBS
        ):
            start += 1  # an adverb before the auxiliary modifies the sentence, not the cue
        end = verb.i + 1
        if particle is not None and particle.i == verb.i + 1:
            end = particle.i + 1
        elif end < len(self.doc) and self.doc[end].ent_type_ == "DATE" and self.doc[
            end
        ].dep_ == "npadvmod" and self.doc[end].head.i == verb.i:
            end += 1
        return start, end

    def _subject(self, verb: Any, depth: int = 0) -> Any | None:
        """The subject of a cue verb, shared from a coordinated or governing verb if need be."""
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects and region_at(self.quotes, verb.i) is None:
            outside = [c for c in subjects if not self._in_reported_quote(c)]
            if not outside:
                # "“… panic mode,” said Wimes": quoted words taken for the subject; the
                # speaker, if any, follows the verb.
                return next((c for c in verb.rights if c.dep_ in ("dobj", "dative", "attr")
                             and is_personish(c, self.lex)), None)
            subjects = outside
        subject = subjects[0] if subjects else None
        if subject is not None or depth > 8:
            return subject
        if depth == 0 and region_at(self.quotes, verb.i) is None and any(
            c.dep_ == "ccomp" and c.i < verb.i and region_at(self.quotes, c.i) is not None
            for c in verb.children
        ):
            # "“Who will pay?” asked the mayor.": the parser takes the speaker for an object.
            inverted = next((c for c in verb.rights if c.dep_ in ("dobj", "dative")), None)
            if inverted is not None and is_personish(inverted, self.lex):
                return inverted
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
                and (
                    comma_before_coordination(verb)
                    or _FORM_GROUPS.get(verb.tag_) != _FORM_GROUPS.get(head.tag_, "?")
                )
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
        if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and head.dep_ == "prep":
            # "began by saying that …": the subject of the verb the phrase modifies.
            return self._subject(head.head, depth + 1)
        if verb.dep_ == "xcomp":
            listener = next((c for c in head.children if c.dep_ == "dobj"), None)
            return listener if listener is not None else self._subject(head, depth + 1)
        if verb.dep_ == "advcl" and verb.tag_ == "VB" and any(
            c.tag_ == "TO" for c in verb.children
        ):
            return self._subject(head, depth + 1)  # "went on TV to defend the plan"
        if verb.dep_ in ("advcl", "acl") and verb.tag_ == "VBG":
            return head if verb.dep_ == "acl" else self._subject(head, depth + 1)
        return None

    def _in_reported_quote(self, token: Any) -> bool:
        """True when ``token`` lies in a quotation of a clause or more ("“…, we can,”"),
        not in scare quotes around a word or two ("the so-called “experts”")."""
        quote = region_at(self.quotes, token.i)
        if quote is None:
            return False
        start, end = quote
        return end - start > 5 or self.doc[max(start, end - 2)].text in (",", "?", "!", "—")

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
            found = [((subject.left_edge.i, subject.right_edge.i + 1), subject.i)]
            if verb.lemma_.lower() in self.lex.predictions:
                # "A vote on the plan is expected next week": what is expected is the vote
                # *next week*, the words after the cue too.
                rest = trim(self.doc, verb.i + 1, verb.right_edge.i + 1)
                if rest[0] < rest[1]:
                    found.append((rest, rest[0]))
            return found
        return []

    def _around(self, verb: Any) -> list[Range]:
        """The parts of the clause governing a parenthetical ``verb``, without it."""
        head = verb.head
        parts = [
            trim(self.doc, head.left_edge.i, verb.left_edge.i),
            trim(self.doc, verb.right_edge.i + 1, head.right_edge.i + 1),
        ]
        return [part for part in parts if part[0] < part[1]]

    def _relative_object(self, verb: Any) -> list[tuple[Range, int]]:
        """ "the plan that Putin proposed": what was proposed is the plan, not "that"."""
        noun = verb.head
        if verb.dep_ != "relcl" or noun.i > verb.i:
            return []
        if not any(is_relative(c) and c.dep_ == "dobj" for c in verb.lefts):
            return []
        return [((noun.left_edge.i, verb.left_edge.i), noun.i)]

    def quoted(
        self, verb: Any, subject: Any | None, contents: list[tuple[Range, int]]
    ) -> list[tuple[Range, int]]:
        """Snap content to an adjacent quotation; find one for a cue without content.

        "“We are ready. We will fight,” he said.": the parser sees only the last sentence
        as the complement of "said"; the whole quotation is what was said.
        """
        if not contents and any(
            c.dep_ in ("dobj", "ccomp") and c.pos_ == "PRON" for c in verb.children
        ):
            return []  # "Nobody believes that.": "that" is no quotation
        left = min(verb.i, subject.left_edge.i) if subject is not None else verb.i
        adjacent: list[Range] = []
        for start, end in self.quotes:
            # Only punctuation may separate the quotation from the cue: a few tokens at most.
            # A quotation that ends its own sentence ("… is “temporary.” Nobody …") does
            # not report what the next sentence's verb says.
            before = 0 <= left - end <= 3 and all(
                t.is_punct or t.is_space for t in self.doc[end:left]
            ) and not (end - start > 2 and self.doc[end - 2].text == "." and left == end)
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
