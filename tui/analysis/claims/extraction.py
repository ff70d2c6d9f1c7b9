"""Claims and who makes them: reported speech, named sources and the author's own voice.

For each paragraph the extractor reads spaCy's dependency parse, sentence by sentence:

1. *Author frames* ("the managers of empire would have you believe that …", "we are told
   that …"): the author putting words in someone's mouth. Their content is the author's.
0. *Signed quotations* ("“…” ― Jane Doe" at the end of a line).
2. *Sources* ("according to Reuters, …"), *colon quotes* ("Merz: “…”") and headlines
   ("Poll: Voters …"); in a heading, "Bloc rejects talks" is the author's summary.
3. *Cue verbs* from the lexicon in ``data/cues.toml`` ("claims that", "urges", "calls
   for", "seen by X as", "called the plan a trap"): the speaker is the subject (or the
   passive agent, the antecedent of "who", the subject shared by coordinated verbs), the
   content is what the verb governs, or the clause around a parenthetical cue ("The
   economy, the minister said, is …"). A first-person subject makes the claim the
   author's.
4. *Nominal cues* with a possessor ("our belief that …", "Beijing's call for …").
5. The author's *stated stance* ("Our response is …"), with the copula as the cue. Other
   first-person verbs ("We stop this spending") are no cue: only the lexicon's are.
6. Every remaining sentence in the text's own voice that asserts something becomes a claim
   of the :data:`~tui.analysis.model.AUTHOR` without a cue; so do questions ("Do they
   really think …?"), forecasts ("is expected to rise"), quantifier subjects ("Nobody
   believes that") and imperatives to the reader ("…, but ask any owner and …").

A learned re-scorer (:mod:`tui.analysis.claims.rescore`) then weighs every claim with a cue,
including those of verbs outside the lexicon (:mod:`tui.analysis.claims.extra`), and drops
the ones it judges wrong.

Claims nested in another claim's content ("Washington claims that …, while European
officials stress that …") are cut out of it, unless the content is reported before its cue
(:mod:`tui.analysis.claims.nesting`).
Quotations split around their cue become one claim of several pieces, and a paragraph that
opens with an unattributed quotation becomes an unnamed claim for the document pass
(:mod:`tui.analysis.claims.linking`) to give a speaker. A claim inside what a named
speaker is reported to say is that speaker's, not one of its own. Nothing here raises on
odd text, and no spaCy object leaves the module: the result is a list of
:class:`~tui.analysis.model.Claim`.
"""

from __future__ import annotations

from typing import Any

from ..model import AUTHOR, Claim, Span
from .cues import CueLexicon, cue_lexicon, match_frame
from .extra import other_drafts
from .headings import colon_quote, heading_action, is_heading, names_something
from .impersonal import appearance_drafts, document_drafts, hearsay_drafts
from .layout import quote_regions, segments
from .nesting import cut_nested, drop_nested_in_content, drop_nested_unnamed
from .output import ClaimMaker
from .quotes import continued_quotation, dash_attributions, join_split_quotes, whole_quotes
from .rescore import ClaimModel, Proposals, claim_model
from .spans import Draft, Range, verb_content
from .speakers import Speakers
from .tagged import channels_of, grow_contents, snap_sources, tagged_drafts
from .tokens import TokenTable
from .verbs import UNNAMED, VerbCues, is_imperative

__all__ = ["UNNAMED", "claims_from_doc"]

# Dependency relations under which a verb is a modifier or part of a name, never a clause.
_NOT_CLAUSE = frozenset({"amod", "compound", "nmod", "poss", "det", "aux", "auxpass", "case"})
_FINITE_TAGS = frozenset({"VBZ", "VBP", "VBD", "MD"})


def claims_from_doc(doc: Any, offset: int) -> list[Claim]:
    """Return the claims in the paragraph ``doc``, sorted by position.

    ``offset`` is where the paragraph starts in the full text; every span of the returned
    claims is shifted by it, so it indexes the full text.
    """
    if doc is None or len(doc) == 0 or not doc.has_annotation("DEP"):
        return []
    table = TokenTable(doc)
    if not table.text.strip():
        return []
    return _Extractor(doc, cue_lexicon(), claim_model(), table).run(offset)


class _Extractor:
    """The claim extraction for one paragraph: the passes described in the module doc."""

    def __init__(self, doc: Any, lexicon: CueLexicon, model: ClaimModel | None = None,
                 table: TokenTable | None = None) -> None:
        """Index ``doc``: its sentences, quotations and named mentions; ``model``, when
        given, re-scores the proposed claims (:mod:`tui.analysis.claims.rescore`);
        ``table`` holds ``doc``'s token attributes, when they have been read already."""
        self.doc = doc
        self.table = table = TokenTable(doc) if table is None else table
        self.lex = lexicon
        # Each pass names itself as the origin of what it proposes, for the re-scorer.
        self.proposals = Proposals(model)
        self.origin = "dash"
        self.quotes = quote_regions(doc, table.text)
        self.segments = segments(doc, table.words)
        self.segment_of = [-1] * len(doc)
        for number, (start, end) in enumerate(self.segments):
            for index in range(start, end):
                self.segment_of[index] = number
        self.speakers = Speakers(doc, table, lexicon, self.segment_of)
        self.verbs = VerbCues(doc, lexicon, self.speakers, self.quotes)
        self.words = table.lower
        self.quoted = [False] * len(doc)
        for start, end in self.quotes:
            self.quoted[start:end] = [True] * (end - start)
        self.found: list[Draft] = []
        self.consumed: set[int] = set()

    def run(self, offset: int) -> list[Claim]:
        """Run every pass and convert the results to :class:`Claim` objects."""
        for draft in dash_attributions(self.doc, self.table.text):
            self._keep(draft)
            self.consumed.update(range(*draft.region))
        passes = (("frame", self._frames), ("source", self._sources),
                  ("colon", self._colon_quote), ("verb", self._verbs), ("noun", self._nouns),
                  ("impersonal", self._impersonal), ("first_person", self._first_person),
                  ("extra", self._other_cues))
        for start, end in self.segments:
            for self.origin, read in passes:
                read(start, end)
        self.found = self.proposals.judge(self.doc, self.lex, self.found,
                                          (self.quotes, self.segments, self.segment_of))
        self.found = drop_nested_unnamed(self.found)
        self._drop_heading_actions()
        cut_nested(self.doc, self.found)
        self.found = join_split_quotes(
            self.doc, self.found, self.quotes, self.segments, self.segment_of
        )
        whole_quotes(self.doc, self.found, self.quotes)
        self.found = drop_nested_in_content(self.found, self.table.dep, self.lex,
                                            self.proposals.is_sure)
        continued = continued_quotation(self.doc, self.found, self.segments)
        if continued is not None:
            self.found.append(continued)
        tagged = channels_of(self.doc)
        if tagged is not None:  # the encoder's claims head ran (``--encoder``)
            snap_sources(tagged, self.found)
            grow_contents(tagged, self.found)
            if not is_heading(self.doc, self.table.words):  # a heading is the author's
                self.found += tagged_drafts(tagged, self.found, self.speakers.name,
                                            self.segment_of)
        self._author_sentences()
        claims: dict[tuple[Span | None, Span], Claim] = {}
        maker = ClaimMaker(self.doc, self.table, self.lex, self.segments, self.segment_of)
        for found in self.found:
            claim = maker.make(found, offset)
            if claim is not None:
                claims.setdefault((claim.cue, claim.content), claim)
        return sorted(
            claims.values(),
            key=lambda c: (c.sentence.start, (c.cue or c.content).start, c.content.start),
        )

    # -- passes ---------------------------------------------------------------------------

    def _frames(self, start: int, end: int) -> None:
        """Author frames: "would have you believe that …" is the author speaking."""
        frames = self.lex.author_frames
        # A frame whose first word is not optional can only start at a word it names, so
        # every other position is passed over without walking the tokens (same result).
        firsts = [None if "" in frame.steps[0] else frame.steps[0] for frame in frames]
        anywhere = None in firsts
        starters = frozenset().union(*(first for first in firsts if first is not None))
        lemmas = self.table.lemma
        for index in range(start, end):
            word, lemma = self.words[index], lemmas[index]
            if not anywhere and word not in starters and lemma not in starters:
                continue
            for frame, first in zip(frames, firsts, strict=True):
                if first is not None and word not in first and lemma not in first:
                    continue
                stop = match_frame(frame, self.doc, index)
                if stop is None or stop > end or self.consumed.intersection(range(index, stop)):
                    continue
                last = self.doc[stop - 1]
                clauses = [c for c in last.children if c.dep_ in ("ccomp", "xcomp", "dobj")]
                if clauses:
                    content: Range = (clauses[0].left_edge.i, clauses[-1].right_edge.i + 1)
                    head = clauses[0].i
                else:
                    content, head = (stop, end), stop
                root = next(
                    (t for t in self.doc[index:stop] if not index <= t.head.i < stop), last
                )
                self.consumed.update(range(index, stop))
                region = (root.left_edge.i, root.right_edge.i + 1)
                self._keep(Draft(AUTHOR, None, (index, stop), frame.cue, content, head, region))

    def _sources(self, start: int, end: int) -> None:
        """Source phrases: "according to X, …" attributes the clause it modifies to X."""
        # A phrase can only start at its first word: other positions are passed over.
        firsts = {phrase[0] for phrase in self.lex.sources if phrase}
        for index in range(start, end):
            if self.words[index] not in firsts:
                continue
            for phrase in self.lex.sources:
                stop = index + len(phrase)
                if stop > end or tuple(self.words[index:stop]) != phrase:
                    continue
                source = next((c for c in self.doc[stop - 1].children if c.dep_ == "pobj"), None)
                first = self.doc[index]
                clause = first.head
                while clause.dep_ in ("aux", "auxpass") and clause.head.i != clause.i:
                    clause = clause.head  # "According to X, boats are missing": a misparse
                if source is None or clause.i == first.i or index <= clause.i < stop:
                    continue
                named = self.speakers.name(source)
                if named is None:
                    continue
                phrase_range = (first.left_edge.i, first.right_edge.i + 1)
                if phrase_range[1] <= clause.i:
                    content = (phrase_range[1], clause.right_edge.i + 1)
                else:
                    content = (clause.left_edge.i, phrase_range[0])
                self.consumed.update(range(index, stop))
                cue_lemma = " ".join(phrase)
                self._keep(Draft(named[0], named[1], (index, stop), cue_lemma, content,
                                 clause.i, phrase_range))

    def _colon_quote(self, start: int, end: int) -> None:
        """Colon quotes: "Merz: “We will not yield.”" (a short name, a colon, a quote)."""
        draft = colon_quote(self.doc, self.lex, start, end)
        if draft is not None:
            self._keep(draft)

    def _verbs(self, start: int, end: int) -> None:
        """Cue verbs: reported speech, thought and stance, active or passive."""
        table = self.table
        for index in range(start, end):
            lemma = table.lemma[index]
            if (
                index in self.consumed
                or table.pos[index] != "VERB"
                or table.dep[index] in _NOT_CLAUSE
                or not self.lex.is_verb_cue(lemma)
            ):
                continue
            token = self.doc[index]
            particle = self.verbs.particle(token, lemma)
            required = self.lex.prep_only.get(lemma)
            if required is not None and (particle is None or particle.lower_ not in required) and (
                lemma not in self.lex.naming or not names_something(token)
            ):
                continue
            self.consumed.add(token.i)
            drafts = self.verbs.read(token, lemma, particle)
            if not drafts:
                self.proposals.silent.append(token.i)
            for draft in drafts:
                self._keep(draft)

    def _nouns(self, start: int, end: int) -> None:
        """Nominal cues with a possessor: "our belief that …", "Merz's call for …"."""
        table = self.table
        for index in range(start, end):
            if table.pos[index] != "NOUN" or table.lemma[index] not in self.lex.nouns:
                continue
            token = self.doc[index]
            owner = next((c for c in token.children if c.dep_ == "poss"), None) or next(
                # "the warning from the agency that …": the source follows the noun.
                (g for c in token.rights if c.dep_ == "prep" and c.lower_ in ("from", "by")
                 for g in c.children if g.dep_ == "pobj"), None)
            if owner is None or token.i in self.consumed:
                continue
            cue: Range = (token.i, token.i + 1)
            lemma = token.lemma_.lower()
            content: Range | None = None
            head = token.i
            for child in token.rights:
                if child.dep_ in ("acl", "ccomp", "relcl") and any(
                    g.dep_ == "mark" for g in child.children
                ):
                    content, head = (child.left_edge.i, child.right_edge.i + 1), child.i
                    break
                if child.dep_ == "prep" and child.lower_ in self.lex.noun_preps:
                    objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                    if objects:
                        head = objects[0].i
                        content = (objects[0].left_edge.i, child.right_edge.i + 1)
                        if child.i == token.i + 1:
                            cue, lemma = (token.i, child.i + 1), f"{lemma} {child.lower_}"
                        break
            if content is None:
                continue
            if self.speakers.is_author_possessor(owner):
                named: tuple[str, Range | None] | None = (AUTHOR, None)
            else:
                named = self.speakers.name(owner)
            if named is None:
                continue
            self.consumed.add(token.i)
            region = (token.left_edge.i, token.right_edge.i + 1)
            self._keep(Draft(named[0], named[1], cue, lemma, content, head, region))

    def _impersonal(self, start: int, end: int) -> None:
        """Appearances, hearsay adverbs and documents as sources (claims_impersonal)."""
        for reader in (appearance_drafts, hearsay_drafts):
            for draft in reader(self.doc, self.table, self.lex, start, end, self.consumed):
                self._keep(draft)
        for draft in document_drafts(self.doc, self.table, self.lex, self.speakers, start, end,
                                     self.consumed):
            self._keep(draft)

    def _first_person(self, start: int, end: int) -> None:
        """The author's stated stance outside the lexicon: "Our response is …".

        Any other first-person verb ("We stop this spending") is no cue: its sentence is
        an assertion of the author without one.
        """
        lemmas = self.table.lemma
        for index in range(start, end):
            # Only a lemma "be" in any case can be one: the others are passed over.
            if lemmas[index] != "be" or index in self.consumed:
                continue
            token = self.doc[index]
            if token.lemma_ != "be":
                continue
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subject is None or not self.verbs.is_own_voice(subject):
                continue
            if not any(self.speakers.is_author_possessor(c) for c in subject.children):
                continue
            cue = self.verbs.cue_range(token, None)
            region = (token.left_edge.i, token.right_edge.i + 1)
            for content, head in verb_content(token, None, self.lex):
                if content[0] > token.i:
                    self.consumed.add(token.i)
                    lemma = token.lemma_.lower()
                    self._keep(Draft(AUTHOR, None, cue, lemma, content, head, region))

    def _other_cues(self, start: int, end: int) -> None:
        """Verbs outside the lexicon that the re-scorer knows to attribute at times
        ("knows that …", "compared him to …"): proposed for it to judge (claims_extra).
        Their speakers are not remembered, since most of them will be dropped."""
        model = self.proposals.model
        if model is None:
            return
        for origin, draft in other_drafts(self.table, self.verbs, model.extra_lemmas,
                                          self.proposals.silent, (start, end), self.consumed):
            self.found.append(draft)
            self.proposals.note(draft, origin)

    # -- assembly -----------------------------------------------------------------------

    def _keep(self, draft: Draft) -> None:
        """Record a claim whose content is not empty, and remember its speaker."""
        if draft.content[0] >= draft.content[1] or not draft.speaker:
            return
        self.found.append(draft)
        self.proposals.note(draft, self.origin)
        if draft.speaker in (AUTHOR, UNNAMED) or draft.speaker_range is None:
            return
        words = self.doc[draft.speaker_range[0] : draft.speaker_range[1]]
        # A resolved "he" is remembered through its antecedent already.
        if words.root.pos_ != "PRON":
            self.speakers.remember(words.root, draft.speaker)

    def _drop_heading_actions(self) -> None:
        """In a heading, only cues of speech or with a clause or quotation attribute."""
        if is_heading(self.doc, self.table.words):
            self.found = [f for f in self.found if not heading_action(self.doc, self.lex, f)]

    def _author_sentences(self) -> None:
        """Sentences in the text's own voice with no claim in them are the author's claims."""
        touched: set[int] = set()
        for found in self.found:
            points = [found.head, *(range(*found.cue) if found.cue else ())]
            points.extend(range(found.content[0], found.content[1]))
            touched.update(self.segment_of[i] for i in points if 0 <= i < len(self.doc))
        for number, (start, end) in enumerate(self.segments):
            if number not in touched and self._is_assertion(start, end):
                self.found.append(Draft(AUTHOR, None, None, "", (start, end), start, (start, end)))

    def _is_assertion(self, start: int, end: int) -> bool:
        """True for a sentence with a finite (or imperative) verb and at least two words."""
        tokens = self.doc[start:end]
        if sum(1 for t in tokens if t.is_alpha) < 2:
            return False
        quoted = sum(self.quoted[start:end])
        if quoted * 2 > len(tokens):
            return False  # an unattributed quotation is not the author's voice
        return any(
            t.tag_ in _FINITE_TAGS
            or "Fin" in t.morph.get("VerbForm")
            or is_imperative(t)
            # "bureaucrats pile new regulations": a verb mis-tagged as a noun keeps its subject
            or (t.dep_ == "ROOT" and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children))
            for t in tokens
        )
