"""What a claim does and how it is presented: its kind, its cue's stance, a confidence.

The stance comes from the cue lexicon (``data/cues.toml``, ``[stance]``): "claimed" doubts,
"hinted" hedges, "insisted" is strong, "said" is neutral. The kind comes from the cue
(``[kinds]``, then the cue's verb group, ``[group_kinds]``) and, when the cue says nothing
particular, from the content itself: a question mark makes a question, "will" a
prediction, "must" or an imperative a demand, a leading negation of the speaker's cue
("did not deny") is left to the cue. The confidence says how sure the extractor is of
the attribution: quotations and plain reporting verbs with a named speaker score highest,
beliefs and labels less, claims read into the author's voice least.
"""

from __future__ import annotations

import re

from ..model import AUTHOR, UNNAMED
from .cues import CueLexicon

__all__ = ["KINDS", "STANCES", "claim_kind", "claim_stance", "confidence"]

STANCES = ("neutral", "doubting", "hedged", "strong")
"""Every stance a claim's cue can take."""
KINDS = ("assertion", "prediction", "demand", "question", "denial")
"""Every kind of claim."""

_PREDICTION = re.compile(
    r"\b(will|won['’]t|shall|is going to|are going to|am going to|is set to|are set to|"
    r"is likely to|are likely to|is bound to|are bound to)\b",
    re.IGNORECASE,
)
_DEMAND = re.compile(
    r"\b(must|should|shouldn['’]t|mustn['’]t|ought to|need to|needs to|has to|have to|"
    r"let us|let['’]s)\b",
    re.IGNORECASE,
)
_DENIAL = re.compile(r"^(no|not|never|nothing|nobody|none)\b", re.IGNORECASE)
_CLOSING = "”’\"'»)] \t\n"
# How sure each way of attributing is, before the speaker is considered.
_GROUP_CONFIDENCE = {
    "speech": 0.9, "assertion": 0.85, "directive": 0.8, "evidence": 0.75,
    "cognition": 0.7, "stance": 0.7,
}


def claim_stance(lexicon: CueLexicon, cue_lemma: str) -> str:
    """The stance of a cue: its own entry, then its verb's, else ``neutral``."""
    if not cue_lemma:
        return "neutral"
    lemma = cue_lemma.lower()
    return lexicon.stances.get(lemma) or lexicon.stances.get(lemma.split()[0], "neutral")


def claim_kind(lexicon: CueLexicon, cue_lemma: str, content: str) -> str:
    """The kind of a claim from its cue lemma and its content's words."""
    body = content.rstrip(_CLOSING)
    if body.endswith("?"):
        return "question"
    lemma = cue_lemma.lower()
    verb = lemma.split()[0] if lemma else ""
    kind = lexicon.kinds.get(lemma) or lexicon.kinds.get(verb)
    if kind == "question" and re.match(r"\s*(to|for)\b", content, re.IGNORECASE):
        kind = "demand"  # "asked them to leave", "asks for patience"
    if kind is None and verb in lexicon.verbs:
        kind = lexicon.group_kinds.get(lexicon.verbs[verb])
    if kind is not None:
        return kind
    stripped = content.lstrip("“„«\"'‘ \t")
    if verb in lexicon.verbs and _DENIAL.match(stripped):
        return "denial"
    if _DEMAND.search(content) or re.match(r"(let|please)\b", stripped, re.IGNORECASE):
        return "demand"
    if _PREDICTION.search(content):
        return "prediction"
    return "assertion"


def confidence(lexicon: CueLexicon, speaker: str, cue_lemma: str, pronoun: bool) -> float:
    """How sure the extractor is of an attribution, 0–1.

    ``pronoun`` says the speaker's mention is a personal pronoun, resolved or not.
    """
    if not cue_lemma:
        return 0.6 if speaker == AUTHOR else 0.5
    verb = cue_lemma.lower().split()[0]
    group = lexicon.verbs.get(verb)
    score = _GROUP_CONFIDENCE.get(group or "", 0.8)
    if speaker == UNNAMED:
        score -= 0.15
    if pronoun:
        score -= 0.1
    return round(max(0.1, min(score, 1.0)), 2)
