"""A learned second opinion on the extractor's attributions: keep a claim or drop it.

The hand rules of :mod:`tui.analysis.claims` propose claims with a cue; some are wrong ("the
company continues to grow", "released a statement") and some verbs outside the lexicon do
attribute ("knows that …", "compared him to …"). For each proposed claim this module reads a
few dozen symbolic features (the cue's lemma and lexicon group, its tag and dependency, what
its content looks like, who the speaker is, where the cue sits) and a logistic model weighs
them. Claims proposed by the rules are kept unless the model is fairly sure they are wrong;
claims of verbs outside the lexicon are kept only when it is fairly sure they are right.

The weights live in ``data/claims_model.json``, written by ``benchmarks/train_claims.py``
from an attribution corpus; nothing else is needed at run time. When the file is missing
or unreadable every proposed claim of the rules is kept and no other verb is proposed, which
is how the extractor behaved without it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import repeat
from typing import Any

from ..model import AUTHOR, UNNAMED
from .cues import CueLexicon
from .spans import Draft, Range, region_at

__all__ = ["ClaimModel", "Proposals", "claim_model", "draft_features", "parse_model", "rescore"]

_MODEL_FILE = "data/claims_model.json"
# Entity labels of a speaker named in the text.
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Passes that read the author's own stance ("Our answer is …", "we are told …"): news
# reports, which the model learnt from, hardly have them, so the rules alone decide.
_OWN_VOICE = frozenset({"frame", "first_person"})
# Features of a speaker named in the text.
_NAMED = frozenset({f"sk={label}" for label in _SPEAKER_LABELS} | {"sk=propn"})


@dataclass(frozen=True, slots=True)
class ClaimModel:
    """Weights of the logistic re-scorer and the thresholds that apply them."""

    weights: Mapping[str, float]
    """Weight of each feature name; unknown features weigh nothing."""
    bias: float
    """The intercept."""
    keep_rules: float
    """A claim proposed by the rules is kept when its probability reaches this."""
    keep_extra: float
    """A claim the rules did not make (a verb outside the lexicon, a cue verb read again
    without requiring a clause) is kept when its probability reaches this."""
    extra_lemmas: frozenset[str]
    """Verbs outside the lexicon worth proposing at all: the others are never cues."""
    keep_named: float = 0.0
    """A claim of the rules whose speaker is named (a person, organisation, place or
    nationality) or given as a passive's agent ("seen by Trump as …") is kept when its
    probability reaches this, usually lower than :attr:`keep_rules`: the rules' reading of
    such a sentence is more often right than the corpus conventions the model learnt."""
    keep_nested: float = 1.1
    """A claim whose cue lies in what another speaker says is kept, as well as the outer
    claim, when its probability reaches this ("X said that Y denied …")."""

    def probability(self, features: Sequence[str]) -> float:
        """The model's probability that the claim described by ``features`` is real."""
        score = self.bias + sum(map(self.weights.get, features, repeat(0.0)))
        # Clamped so that odd weights cannot overflow exp().
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def threshold(self, extra: bool, named: bool = False) -> float:
        """The probability a claim needs to be kept: one proposed by the rules (with a
        ``named`` speaker or not), or one the rules did not make (``extra``)."""
        if extra:
            return self.keep_extra
        return min(self.keep_rules, self.keep_named) if named else self.keep_rules


def parse_model(data: Any) -> ClaimModel | None:
    """Build a :class:`ClaimModel` from parsed JSON, or ``None`` when it is malformed."""
    if not isinstance(data, Mapping):
        return None
    weights = data.get("weights")
    if not isinstance(weights, Mapping):
        return None
    try:
        return ClaimModel(
            weights={str(k): float(v) for k, v in weights.items()},
            bias=float(data.get("bias", 0.0)),
            keep_rules=float(data.get("keep_rules", 0.0)),
            keep_extra=float(data.get("keep_extra", 1.1)),
            extra_lemmas=frozenset(str(w) for w in data.get("extra_lemmas", ())),
            keep_nested=float(data.get("keep_nested", 1.1)),
            keep_named=float(data.get("keep_named", data.get("keep_rules", 0.0))),
        )
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=1)
def claim_model() -> ClaimModel | None:
    """The model shipped in ``data/claims_model.json`` (read once), or ``None``."""
    try:
        text = resources.files("tui.analysis.claims").joinpath(_MODEL_FILE).read_text("utf-8")
        return parse_model(json.loads(text))
    except (OSError, ValueError):
        return None


def _bucket(value: int, edges: Sequence[int]) -> int:
    """The index of the first edge ``value`` does not exceed (``len(edges)`` past them)."""
    for number, edge in enumerate(edges):
        if value <= edge:
            return number
    return len(edges)


def _speaker_kind(doc: Any, draft: Draft) -> str:
    """What kind of mention names the speaker: author, unnamed, pronoun, entity, noun."""
    if draft.speaker == AUTHOR:
        return "author"
    if (
        draft.speaker == UNNAMED
        or draft.speaker_range is None
        or draft.speaker_range[0] >= draft.speaker_range[1]
    ):
        return "unnamed"
    if draft.mention is not None:
        return "relative"
    words = doc[draft.speaker_range[0] : draft.speaker_range[1]]
    root = words.root
    if root.pos_ == "PRON":
        return "pron"
    label = root.ent_type_ if root.ent_type_ in _SPEAKER_LABELS else ""
    if label:
        return label
    return "propn" if root.pos_ == "PROPN" else "noun"


def _cue_head(doc: Any, cue: Range) -> Any:
    """The token of the cue whose head lies outside it (the verb of "has also said")."""
    tokens = doc[cue[0] : cue[1]]
    for token in tokens:
        outside = not cue[0] <= token.head.i < cue[1] or token.head.i == token.i
        if outside and token.pos_ in ("VERB", "NOUN", "ADP", "ADJ"):
            return token
    return tokens.root


def draft_features(
    doc: Any,
    draft: Draft,
    lexicon: CueLexicon,
    quotes: list[Range],
    segments: list[Range],
    segment_of: list[int],
    origin: str,
    nested: bool,
) -> list[str]:
    """The feature names describing one proposed claim with a cue.

    ``origin`` names the pass that proposed it; ``nested`` says whether its cue lies in
    another proposed claim's content.
    """
    assert draft.cue is not None
    cue_start, cue_end = draft.cue
    verb = _cue_head(doc, draft.cue)
    lemma = draft.cue_lemma or verb.lemma_.lower()
    first = lemma.split()[0] if lemma else ""
    group = lexicon.verbs.get(first) or ("prep_only" if first in lexicon.prep_only else "none")
    content_start, content_end = draft.content
    head = doc[draft.head] if 0 <= draft.head < len(doc) else verb
    speaker = _speaker_kind(doc, draft)
    content_quoted = region_at(quotes, content_start) is not None or (
        content_start < len(doc) and doc[content_start].is_quote
    )
    before = content_end <= cue_start
    number = segment_of[cue_start] if 0 <= cue_start < len(segment_of) else -1
    sentence_start = segments[number][0] if number >= 0 else 0
    position = _bucket(cue_start - sentence_start, (0, 2, 5, 10, 20))
    length = _bucket(content_end - content_start, (1, 3, 6, 12, 25))
    negated = any(t.dep_ == "neg" for t in doc[cue_start:cue_end]) or any(
        c.dep_ == "neg" for c in verb.children
    )
    children = {c.dep_ for c in verb.children}
    relation = head.dep_ if head.i != verb.i else "self"
    features = [
        f"o={origin}",
        f"l={lemma}",
        f"l1={first}",
        f"g={group}",
        f"t={verb.tag_}",
        f"d={verb.dep_}",
        f"hp={verb.head.pos_}",
        f"sk={speaker}",
        f"cd={relation}",
        f"cp={head.pos_}",
        f"pos={position}",
        f"len={length}",
        f"cl={min(cue_end - cue_start, 4)}",
        f"l1|d={first}|{verb.dep_}",
        f"l1|t={first}|{verb.tag_}",
        f"l1|cd={first}|{relation}",
        f"l1|sk={first}|{speaker}",
        f"g|cd={group}|{relation}",
        f"g|sk={group}|{speaker}",
        f"o|sk={origin}|{speaker}",
        f"o|g={origin}|{group}",
        f"d|cd={verb.dep_}|{relation}",
    ]
    features.extend(f"ch={dep}" for dep in children & {"ccomp", "xcomp", "dobj", "prep", "agent",
                                                        "dative", "nsubjpass", "mark"})
    if draft.speaker_range is not None:
        gap = cue_start - draft.speaker_range[1] if draft.speaker_range[1] <= cue_start else (
            draft.speaker_range[0] - cue_end
        )
        after = draft.speaker_range[0] >= cue_end
        features.append(f"sd={'a' if after else 'b'}{_bucket(gap, (0, 2, 6))}")
    if content_quoted:
        features += ["cq", f"l1|cq={first}", f"g|cq={group}"]
    if before:
        features += ["cb", f"g|cb={group}"]
    if negated:
        features.append("neg")
    if nested:
        features += ["nested", f"g|nested={group}"]
    if region_at(quotes, cue_start) is not None:
        features.append("cue_in_quote")
    if draft.pieces:
        features.append("pieces")
    if content_start < len(doc) and doc[content_start].lower_ == "that":
        features.append("that")
    if head.tag_ == "TO" or any(c.tag_ == "TO" for c in head.children):
        features.append(f"l1|to={first}")
    if len(segments) == 1:
        features.append("one_sentence")
    if speaker == "noun" and draft.speaker_range is not None:
        noun = doc[draft.speaker_range[0] : draft.speaker_range[1]].root.lemma_.lower()
        features += [f"sl={noun}", f"g|sl={group}|{noun}"]
    next_word = _word(doc[cue_end]) if cue_end < len(doc) else "<end>"
    last_word = _word(doc[cue_start - 1]) if cue_start > 0 else "<start>"
    features += [f"nx={next_word}", f"pv={last_word}", f"l1|nx={first}|{next_word}"]
    return features


def _word(token: Any) -> str:
    """A neighbour of the cue: function words and punctuation as written ("told *that*",
    "said *in*"), other words by their part of speech, so that no name is learnt."""
    return str(token.lower_ if token.is_stop or token.is_punct else token.pos_)


def rescore(
    model: ClaimModel,
    doc: Any,
    lexicon: CueLexicon,
    drafts: list[Draft],
    origins: Mapping[int, str],
    layout: tuple[list[Range], list[Range], list[int]],
) -> tuple[list[Draft], set[int]]:
    """The drafts ``model`` keeps, and the identities of those it is sure of.

    ``origins`` maps the identity of each draft to the pass that proposed it (``extra`` for
    a verb outside the lexicon, ``loose`` for a cue verb read again without requiring a
    clause); drafts without an origin or a cue, and the author's own stance, are kept as
    they are.
    ``layout`` is the paragraph's quotations, sentences and token-to-sentence map.
    """
    quotes, segments, segment_of = layout
    kept: list[Draft] = []
    sure: set[int] = set()
    for draft in drafts:
        origin = origins.get(id(draft))
        if draft.cue is None or origin is None or origin in _OWN_VOICE or (
            not 0 <= draft.cue[0] < draft.cue[1] <= len(doc)
        ):
            kept.append(draft)
            continue
        cue = draft.cue[0]
        nested = any(
            other is not draft and other.content[0] <= cue < other.content[1] for other in drafts
        )
        features = draft_features(doc, draft, lexicon, quotes, segments, segment_of, origin,
                                  nested)
        probability = model.probability(features)
        named = "ch=agent" in features or not _NAMED.isdisjoint(features)
        if probability >= model.threshold(origin in ("extra", "loose"), named):
            kept.append(draft)
            if probability >= model.keep_nested:
                sure.add(id(draft))
    return kept, sure


class Proposals:
    """The claims proposed in one paragraph, each with the pass that proposed it, for the
    model (when there is one) to judge."""

    def __init__(self, model: ClaimModel | None) -> None:
        """Start with nothing proposed; ``model`` judges, or ``None`` keeps everything."""
        self.model = model
        """The re-scorer, or ``None``."""
        self.origins: dict[int, str] = {}
        """The pass that proposed each draft, by the draft's identity."""
        self.sure: set[int] = set()
        """The identities of the drafts the model is sure of: they stay even inside what
        someone else says."""
        self.silent: list[int] = []
        """Cue verbs the rules read no claim from, for the model to look at again."""

    def note(self, draft: Draft, origin: str) -> None:
        """Record that the pass ``origin`` proposed ``draft``."""
        self.origins[id(draft)] = origin

    def judge(self, doc: Any, lexicon: CueLexicon, drafts: list[Draft],
              layout: tuple[list[Range], list[Range], list[int]]) -> list[Draft]:
        """The drafts the model keeps (all of them without a model); see :func:`rescore`."""
        if self.model is None:
            return drafts
        kept, self.sure = rescore(self.model, doc, lexicon, drafts, self.origins, layout)
        return kept

    def is_sure(self, draft: Draft) -> bool:
        """True when the model is sure of ``draft``."""
        return id(draft) in self.sure
