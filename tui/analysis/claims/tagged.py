"""The fine-tuned encoder's claims head: attributions the rules missed, and whole sources.

With ``--encoder`` the encoder (:mod:`tui.encoder`) has, beside its device head, a claims
head trained on PolNeAR's attributions: for every word piece, the chance that it lies in a
source, a cue or a content, and that it starts one. The device component leaves those
probabilities on the paragraph's ``Doc`` (:data:`~tui.analysis.pieces.ENCODED_KEY`);
here they become per-token columns and do three things:

- :func:`tagged_drafts`: a run of content tokens that no claim of the rules overlaps, sure
  enough (mean probability ≥ ``content``), with a cue run (mean ≥ ``cue``) in its sentence or
  the next, becomes a claim. Its cue is the cue run nearest to it, its speaker the source run
  nearest to that cue in the cue's sentence, named as the rules name a subject (a pronoun
  resolved, the display name without titles) — no source, or one that names no one, no
  claim; content runs that chose the same cue are the pieces of one claim (a
  quotation split around "he said"). The rules make these claims when they can: the head
  adds what they cannot read (an unusual verb, a noun phrase as content, a broken parse).
  Such a claim's confidence is at most the head's (the weaker of its content and cue means).
- :func:`snap_sources`: a rule claim's speaker mention becomes the source run over it: the
  corpus marks the whole noun phrase ("Senate Minority Leader Robert Kline", "a spokeswoman
  for the campaign"), which the head learnt.
- :func:`grow_contents`: a rule claim's content grows to the sure content runs over it, never
  over words that attribute (a cue, a speaker's mention) and never shrinking.

The thresholds ship with the model (``encoder.json``, key ``claims``), chosen on PolNeAR's
``dev`` split. Without the claims head nothing here runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from numpy.typing import NDArray

from ..model import AUTHOR
from ..pieces import ENCODED_KEY, token_columns
from .spans import Draft, Range

__all__ = ["CHANNELS", "Tagged", "TaggedSettings", "channels_of", "grow_contents", "snap_sources",
           "tagged_drafts"]

CHANNELS = ("claim:source", "claim:cue", "claim:content",
            "claim:source-start", "claim:cue-start", "claim:content-start")
"""The claims head's columns, in the encoder's labels."""
_SOURCE, _CUE, _CONTENT = 0, 1, 2

Run = tuple[int, int, float]
"""Tokens ``[start, end)`` and their mean probability."""


@dataclass(frozen=True, slots=True)
class TaggedSettings:
    """How the claims head's probabilities are read (chosen on PolNeAR ``dev``)."""

    inside: float = 0.5
    """A token lies in a span of a role when its probability reaches this."""
    start: float = 0.5
    """A token starts a new span when its start probability reaches this."""
    content: float = 0.7
    """A new claim's content run needs this mean probability."""
    cue: float = 0.6
    """… and a cue run of this mean probability."""
    grow: float = 0.8
    """A rule claim's content grows to the content runs over it when each has this mean."""

    @classmethod
    def of(cls, settings: Mapping[str, Any]) -> TaggedSettings:
        """The settings under ``claims`` in the encoder's settings; defaults otherwise."""
        given = settings.get("claims") or {}
        names = ("inside", "start", "content", "cue", "grow")
        return cls(**{name: float(given[name]) for name in names if name in given})


class Tagged:
    """The claims head's reading of one paragraph: per-token probabilities and each role's
    runs, found once and shared by the passes below."""

    def __init__(self, doc: Any, matrix: NDArray[numpy.float32],
                 settings: TaggedSettings) -> None:
        """Wrap ``matrix`` (``[tokens, 6]``, :data:`CHANNELS` order) of ``doc``."""
        self.doc = doc
        self.settings = settings
        """The thresholds the model shipped with."""
        self._matrix = matrix
        self._space = [token.is_space for token in doc]
        self._runs: dict[int, list[Run]] = {}

    def runs(self, role: int) -> list[Run]:
        """Maximal runs of tokens in ``role``; a start mark opens a new run, a line break
        ends one, other whitespace neither."""
        if role not in self._runs:
            self._runs[role] = self._find(role)
        return self._runs[role]

    def _find(self, role: int) -> list[Run]:
        matrix, space, settings = self._matrix, self._space, self.settings
        inside = matrix[:, role] >= settings.inside
        opens = matrix[:, role + 3] >= settings.start
        runs: list[Run] = []
        i, n = 0, len(space)
        while i < n:
            if not inside[i] or space[i]:
                i += 1
                continue
            last, j = i, i + 1
            while j < n:
                if space[j]:
                    if "\n" in self.doc[j].text:
                        break
                    j += 1
                    continue
                if not inside[j] or opens[j]:
                    break
                last, j = j, j + 1
            words = [k for k in range(i, last + 1) if not space[k]]
            runs.append((i, last + 1, float(matrix[words, role].mean())))
            i = last + 1
        return runs


def channels_of(doc: Any) -> Tagged | None:
    """The claims head's reading of ``doc`` (a token takes the highest probability of the
    pieces that start in it), or ``None`` when it has not run."""
    stored = doc.user_data.get(ENCODED_KEY)
    if not stored:
        return None
    labels, pieces, settings = stored
    if any(channel not in labels for channel in CHANNELS):
        return None
    return Tagged(doc, token_columns(doc, pieces, labels, CHANNELS), TaggedSettings.of(settings))


def _span(run: Run) -> Range:
    return run[0], run[1]


def _gap(a: Range, b: Range) -> int:
    """Tokens between two ranges (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _overlaps(a: Range, b: Range) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def snap_sources(tagged: Tagged, found: Sequence[Draft]) -> None:
    """Give each claim's speaker mention the extent of the source runs over it."""
    sources = tagged.runs(_SOURCE)
    for draft in found:
        mention = draft.speaker_range
        if mention is None:
            continue
        over = [(a, b) for a, b, _ in sources if _overlaps((a, b), mention)]
        if over:
            # The run's edges may hold a comma or a quote mark ("…, according to several
            # farmers interviewed by the Tribune, will …"): words only, as the rules read them.
            doc, (start, end) = tagged.doc, (min(a for a, _ in over), max(b for _, b in over))
            while start < mention[0] and _edge(doc[start]):
                start += 1
            while end > mention[1] and _edge(doc[end - 1]):
                end -= 1
            draft.speaker_range = (start, end)


def grow_contents(tagged: Tagged, found: Sequence[Draft]) -> None:
    """Extend each claim's content to the sure content runs over it (never shrink it: where
    the head and the parse disagree on a boundary, the longer reading matched the corpus
    more often on ``dev``)."""
    doc, runs = tagged.doc, tagged.runs(_CONTENT)
    # Words that attribute (any claim's cue, a speaker's mention) are never content: a
    # run over "X and even imagines Y" holds two claims, not one longer one.
    blocked = [r for draft in found for r in (draft.cue, draft.speaker_range) if r is not None]
    for draft in found:
        over = [run for run in runs if _overlaps(_span(run), draft.content)]
        if not over or min(run[2] for run in over) < tagged.settings.grow:
            continue
        (start, end), (first, last) = draft.content, (over[0][0], over[-1][1])
        # Words only: quote marks and commas the runs take in at the edges stay out, as
        # the rules leave them out ("“We will not …,” she said").
        while first < start and _edge(doc[first]):
            first += 1
        while last > end and _edge(doc[last - 1]):
            last -= 1
        # … nor over another claim's words ("Merz hinting that a meeting could occur and a
        # venue being floated by the adviser": the adviser's content is not Merz's).
        others = blocked + [other.content for other in found if other is not draft
                            and not _overlaps(other.content, draft.content)]
        # … nor, after the content, over a word that governs its cue ("The call for peace
        # resonates with …": the verb the cue hangs from is the sentence's, not the claim's).
        if draft.cue is not None:
            cue = doc[draft.cue[0] : draft.cue[1]].root
            others += [(t.i, t.i + 1) for t in cue.ancestors if t.i >= end]
        if first < start and any(_overlaps((first, start), r) for r in others):
            first = start
        if last > end and any(_overlaps((end, last), r) for r in others):
            last = end
        draft.content = (min(start, first), max(end, last))


def _in_relative_clause_of(token: Any, span: Range) -> bool:
    """True when ``token`` sits in a relative clause that hangs from a word of ``span``."""
    relative = False
    for above in (token, *token.ancestors):
        if span[0] <= above.i < span[1]:
            return relative
        relative = relative or above.dep_ == "relcl"
    return False


def _edge(token: Any) -> bool:
    return bool(token.is_punct or token.is_space or token.is_quote)


def tagged_drafts(tagged: Tagged, found: Sequence[Draft], name: Any,
                  segment_of: Sequence[int]) -> list[Draft]:
    """The claims of content runs no drafted claim overlaps (see the module doc).

    ``name(token)`` names the speaker whose mention heads at ``token`` as
    :meth:`~tui.analysis.claims.speakers.Speakers.name` does; ``segment_of`` maps tokens to
    sentences: a cue is looked for in the sentences the content touches and the ones next
    to them, a source in the cue's sentence."""

    def sentences(run: Range) -> set[int]:
        return {segment_of[i] for i in range(run[0], run[1])} - {-1}

    doc, settings = tagged.doc, tagged.settings
    taken = [piece for draft in found for piece in (draft.pieces or [draft.content])]
    taken_cues = [draft.cue for draft in found if draft.cue is not None]
    cues = [run for run in tagged.runs(_CUE) if run[2] >= settings.cue
            and not any(_overlaps(_span(run), cue) for cue in taken_cues)]
    if not cues:
        return []
    cue_chance = {_span(run): run[2] for run in cues}
    chosen: dict[Range, list[Run]] = {}
    for run in tagged.runs(_CONTENT):
        if run[2] < settings.content or any(_overlaps(_span(run), piece) for piece in taken):
            continue
        near = {n + step for n in sentences(_span(run)) for step in (-1, 0, 1)}
        fits = [c for c in cues if sentences(_span(c)) & near]
        if not fits:
            continue
        nearest = min(fits, key=lambda c: (_gap(_span(c), _span(run)), c[0]))
        chosen.setdefault(_span(nearest), []).append(run)
    sources = tagged.runs(_SOURCE)
    drafts = []
    for cue, contents in chosen.items():
        contents = [run for run in contents if not _overlaps(_span(run), cue)] or contents
        source = min((s for s in sources if sentences(_span(s)) & sentences(cue)),
                     key=lambda s: (_gap(_span(s), cue), s[0]), default=None)
        # Only a claim whose speaker the head finds and the rules can name: without one
        # ("the dialogue sees Washington nudging …") the head's cue is rarely an attribution.
        if source is None or any(_overlaps(_span(source), _span(c)) for c in contents):
            continue
        span: Range = (min(c[0] for c in contents), max(c[1] for c in contents))
        root = doc[source[0] : source[1]].root
        if _in_relative_clause_of(root, span):
            # "the rumor of a summit with Trump—someone who boasted …": a source inside a
            # clause hanging from the content speaks there, not here.
            continue
        named = name(root)
        if named is None or (named[0] == AUTHOR and root.tag_ == "PRP$"):
            continue  # "our belief that …": the author's own words, as the rules leave them
        speaker, mention = named[0], _span(source)
        edges = [cue, span, mention]
        drafts.append(Draft(
            speaker=speaker, speaker_range=mention, cue=cue,
            cue_lemma=doc[cue[0] : cue[1]].root.lemma_.lower(), content=span,
            head=doc[span[0] : span[1]].root.i,
            region=(min(e[0] for e in edges), max(e[1] for e in edges)),
            pieces=[_span(c) for c in contents] if len(contents) > 1 else [],
            # The head's own certainty: the weaker of its content and cue readings.
            certainty=round(min(min(c[2] for c in contents), cue_chance[cue]), 2),
        ))
    return drafts
