"""The cue lexicon of the claim extractor: which words attribute a claim, read from TOML.

The words live in ``data/cues.toml`` so that the lexicon can grow (or be tuned for another
register) without touching the extractor. Everything here is plain Python; the only spaCy
contact is :func:`match_frame`, which reads tokens it is handed and returns indices.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["AuthorFrame", "CueLexicon", "cue_lexicon", "match_frame", "parse_lexicon"]


@dataclass(frozen=True, slots=True)
class AuthorFrame:
    """A phrase in which the author puts words in someone's mouth (``we are told``)."""

    cue: str
    """The frame's name, used as the claim's cue lemma (``would have you believe``)."""
    steps: tuple[frozenset[str], ...]
    """The accepted words at each position; a step containing ``""`` may be skipped."""


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """Everything the extractor knows about cue words, keyed by lower-case lemma."""

    verbs: Mapping[str, str]
    """Reporting verbs and the group each belongs to (``urge`` → ``directive``)."""
    particles: Mapping[str, frozenset[str]]
    """Prepositions that join a verb's cue span (``call`` → ``for``, ``on``)."""
    prep_only: Mapping[str, frozenset[str]]
    """Verbs that are cues only with one of these prepositions (``see`` → ``as``)."""
    clause_only: frozenset[str]
    """Verbs that are cues only with a clause or quotation as content (``add``)."""
    hearers: frozenset[str]
    """Verbs whose bare direct object is the listener (``tell``, ``remind``)."""
    hearer_thing_ok: frozenset[str]
    """Hearer verbs whose bare object is content when it is not a person (``urge``)."""
    nouns: frozenset[str]
    """Nominal cues that need a possessor (``claim``, ``belief``)."""
    noun_preps: frozenset[str]
    """Prepositions that introduce a nominal cue's content (``call for``)."""
    sources: tuple[tuple[str, ...], ...]
    """Source phrases, as word tuples (``("according", "to")``)."""
    person_nouns: frozenset[str]
    """Common nouns naming a person, for resolving ``he`` and ``she``."""
    first_person: frozenset[str]
    """Subject pronouns that make a claim the author's (``i``, ``we``)."""
    author_frames: tuple[AuthorFrame, ...]
    """Frames in which the author reports what others would have readers believe."""
    predictions: frozenset[str] = frozenset()
    """Verbs whose agentless passive with an infinitive forecasts (``is expected to``)."""
    heading_labels: frozenset[str] = frozenset()
    """Words before a heading's colon that label it rather than name a source (``watch``)."""
    naming: frozenset[str] = frozenset()
    """Verbs that attribute a label without their preposition (``called the plan a trap``)."""
    stances: Mapping[str, str] = field(default_factory=dict)
    """The stance of a cue lemma other than ``neutral``: ``doubting``, ``hedged``, ``strong``."""
    kinds: Mapping[str, str] = field(default_factory=dict)
    """The kind of claim a cue lemma or group makes other than ``assertion``."""
    group_kinds: Mapping[str, str] = field(default_factory=dict)
    """The kind of claim each verb group makes by default (``directive`` → ``demand``)."""
    appearances: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Verbs of appearance and the complements that make them cues (``seem`` → ``xcomp``)."""
    animate_only: frozenset[str] = frozenset()
    """Verbs that are cues only when their subject can speak (``supports``, ``reveals``)."""
    hearsay: frozenset[str] = frozenset()
    """Adverbs that attribute their clause to an unnamed source (``reportedly``)."""
    asking: frozenset[str] = frozenset()
    """Verbs whose agentless passive reports an unnamed question (``asked about …``)."""
    documents: frozenset[str] = frozenset()
    """Nouns that source the clause an "in" phrase modifies ("in the poll, …")."""
    not_speakers: frozenset[str] = frozenset()
    """Lemmas of things that cannot speak ("face", "hesitation"): never a speaker."""
    works: frozenset[str] = frozenset()
    """What a person writes or says ("tweet", "statement"): with a possessor it speaks for
    them ("Trump's tweets claimed" is Trump's claim)."""
    publishing: frozenset[str] = frozenset()
    """Verbs whose subject is the author of the work they take ("released a statement
    saying …" is the subject's claim)."""

    def is_verb_cue(self, lemma: str) -> bool:
        """True when ``lemma`` can head a reported claim (perhaps with a preposition)."""
        return lemma in self.verbs or lemma in self.prep_only

    def cue_preps(self, lemma: str) -> frozenset[str]:
        """Prepositions that belong to the cue of ``lemma`` (required or optional)."""
        return self.particles.get(lemma, frozenset()) | self.prep_only.get(lemma, frozenset())


def _words(values: Iterable[Any]) -> frozenset[str]:
    """Lower-cased strings of ``values``, skipping anything that is not a string."""
    return frozenset(value.lower() for value in values if isinstance(value, str))


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """The sub-table ``key`` of ``data``, or an empty one when missing or malformed."""
    value = data.get(key)
    return value if isinstance(value, Mapping) else {}


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    """The list ``key`` of ``data``, or an empty one when missing or malformed."""
    value = data.get(key)
    return value if isinstance(value, list) else []


def parse_lexicon(data: Mapping[str, Any]) -> CueLexicon:
    """Build a :class:`CueLexicon` from parsed TOML; missing sections are simply empty."""
    verbs = {
        lemma.lower(): group
        for group, lemmas in _table(data, "verbs").items()
        if isinstance(lemmas, list)
        for lemma in lemmas
        if isinstance(lemma, str)
    }
    frames = []
    for entry in _list(data, "author_frames"):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("cue"), str):
            continue
        steps = tuple(_words(step) for step in _list(entry, "steps") if isinstance(step, list))
        if steps and all(steps):
            frames.append(AuthorFrame(entry["cue"], steps))
    hearers = _table(data, "hearers")
    nouns = _table(data, "nouns")
    speakers = _table(data, "speakers")
    impersonal = _table(data, "impersonal")
    return CueLexicon(
        verbs=verbs,
        particles={k.lower(): _words(v) for k, v in _table(data, "particles").items()},
        prep_only={k.lower(): _words(v) for k, v in _table(data, "prep_only").items()},
        clause_only=_words(_list(_table(data, "clause_only"), "lemmas")),
        hearers=_words(_list(hearers, "lemmas")),
        hearer_thing_ok=_words(_list(hearers, "thing_ok")),
        nouns=_words(_list(nouns, "lemmas")),
        noun_preps=_words(_list(nouns, "preps")),
        sources=tuple(
            tuple(phrase.lower().split())
            for phrase in _list(_table(data, "sources"), "phrases")
            if isinstance(phrase, str) and phrase.split()
        ),
        person_nouns=_words(_list(speakers, "person_nouns")),
        works=_words(_list(speakers, "works")),
        publishing=_words(_list(speakers, "publishing")),
        not_speakers=_words(_list(speakers, "not_speakers")),
        first_person=_words(_list(speakers, "first_person")) or frozenset({"i", "we"}),
        author_frames=tuple(frames),
        predictions=_words(_list(_table(data, "predictions"), "lemmas")),
        naming=_words(_list(_table(data, "naming"), "lemmas")),
        heading_labels=_words(_list(_table(data, "headings"), "labels")),
        stances=_inverted(_table(data, "stance")),
        kinds=_inverted(_table(data, "kinds")),
        group_kinds={
            group.lower(): kind
            for group, kind in _table(data, "group_kinds").items()
            if isinstance(kind, str)
        },
        appearances={k.lower(): _words(v) for k, v in _table(data, "appearances").items()
                     if isinstance(v, list)},
        animate_only=_words(_list(_table(data, "animate_only"), "lemmas")),
        hearsay=_words(_list(impersonal, "hearsay")),
        asking=_words(_list(impersonal, "asking")),
        documents=_words(_list(_table(data, "sources"), "documents")),
    )


def _inverted(table: Mapping[str, Any]) -> dict[str, str]:
    """``{"strong": ["insist"]}`` → ``{"insist": "strong"}`` (bad entries skipped)."""
    return {
        lemma.lower(): name
        for name, lemmas in table.items()
        if isinstance(lemmas, list)
        for lemma in lemmas
        if isinstance(lemma, str)
    }


@lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    """The lexicon shipped in ``tui/analysis/claims/data/cues.toml`` (read once)."""
    text = resources.files("tui.analysis.claims").joinpath("data/cues.toml").read_text("utf-8")
    return parse_lexicon(tomllib.loads(text))


def match_frame(frame: AuthorFrame, tokens: Sequence[Any], start: int) -> int | None:
    """Match ``frame`` against ``tokens`` from index ``start``.

    Returns the index one past the frame's last word, or ``None`` when it does not match.
    A word matches a step by its lower-case text or its lemma; adverbs ("would *really*
    have you believe") may sit between steps.
    """
    position = start
    for number, step in enumerate(frame.steps):
        while (
            number > 0
            and position < len(tokens)
            and tokens[position].pos_ == "ADV"
            and not _fits(tokens[position], step)
        ):
            position += 1
        if position < len(tokens) and _fits(tokens[position], step):
            position += 1
        elif "" not in step:
            return None
    return position if position > start else None


def _fits(token: Any, step: frozenset[str]) -> bool:
    """True when ``token`` is one of the words accepted at ``step``."""
    return bool(token.lower_ in step or token.lemma_.lower() in step)
