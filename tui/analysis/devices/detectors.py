"""Procedural detectors: devices that token patterns cannot describe.

Each detector is a function from a doc (with its :class:`~.filters.DocContext`) and the
options of its rule to a list of hits ``(start_token, end_token, reason)``. Rule files switch
them on with ``[[detector]]`` tables, so the word lists they use stay in the data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy

from .figures import anaphora, tricolon
from .filters import DocContext, question_sentence

__all__ = ["DETECTORS", "Detector", "Hit", "short"]

Hit = tuple[int, int, str]
"""A detector's finding: token start, token end (exclusive) and the reason."""

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_SPEECH_END = tuple(".,!?;:…")
_MAX_IMPERATIVE_TOKENS = 8
# "advcl" is the parser's reading of "Withdraw the troops, you warmongers!" (the vocative
# taken for the main clause); it counts only for a verb opening the sentence.
_IMPERATIVE_DEPS = frozenset({"ROOT", "conj", "parataxis", "advcl"})
_WE = re.compile(r"\bwe\b", re.IGNORECASE)
_THEY = re.compile(r"\bthey\b", re.IGNORECASE)


def short(text: str, limit: int = 48) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


_WORD_LISTS: dict[tuple[int, str], tuple[Mapping[str, Any], frozenset[str]]] = {}
"""Word-list options already lower-cased, by rule: detectors run on every paragraph, their
options never change once loaded (the mapping is kept so its id is never reused)."""


def _words(options: Mapping[str, Any], key: str) -> frozenset[str]:
    """A word-list option, lower-cased."""
    known = _WORD_LISTS.get((id(options), key))
    if known is not None and known[0] is options:
        return known[1]
    words = frozenset(str(word).lower() for word in options.get(key, []))
    _WORD_LISTS[(id(options), key)] = (options, words)
    return words


def _scare_quotes(ctx: DocContext, options: Mapping[str, Any]) -> list[Hit]:
    """Short quoted stretches not introduced as speech: the quotes mark distance, not a source."""
    doc, text = ctx.doc, ctx.text
    max_words = int(options.get("max_words", 4))
    speech = _words(options, "speech_lemmas")
    mentions = _words(options, "mention_words")
    hits: list[Hit] = []
    for quote in ctx.quotes:
        if not quote.closed:
            continue
        first, last = quote.content
        content = text[first:last]
        words = content.split()
        if not 1 <= len(words) <= max_words or content != content.strip():
            continue
        if sum(char.isalpha() for char in content) < 2 or content.endswith(_SPEECH_END):
            continue
        if text[: quote.start].rstrip().endswith(":"):
            continue  # "he said: “never”" introduces a quotation
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        if _introduced_as_speech(doc, span.start, span.end, speech, mentions):
            continue
        if ctx.parsed and span.start == span.sent.start and span.end >= span.sent.end - 1:
            continue  # a whole quoted sentence is a quotation, not a scare quote
        hits.append((span.start, span.end, f'scare quotes around "{short(content)}"'))
    return hits


def _introduced_as_speech(
    doc: Any, start: int, end: int, speech: frozenset[str], mentions: frozenset[str]
) -> bool:
    """True when a short quote is a mention or reported speech: the word before it names it
    ("the word “x”", "a film called “y”"), or its sentence has a speech verb, as with the
    partial quotations of news ("told reporters that progress was “slow but real”",
    "“rubbish”, she said")."""
    if doc.has_annotation("SENT_START"):
        sentence = doc[start].sent
        first, last = sentence.start, sentence.end
    else:
        first, last = 0, len(doc)
    for token in reversed(doc[first:start]):
        if token.is_punct or token.is_space or token.pos_ == "DET":
            continue
        if token.lower_ == "called" and token.i >= 2 and doc[token.i - 2].lower_ == "so":
            return False  # "so-called “experts”" is the archetypal scare quote
        if token.lower_ in mentions:
            return True
        break
    return any(
        token.pos_ == "VERB" and token.lemma_.lower() in speech
        for token in (*doc[first:start], *doc[end:last])
    )


def _rhetorical_questions(ctx: DocContext, options: Mapping[str, Any]) -> list[Hit]:
    """Question sentences in the text's own voice (not inside quotation marks)."""
    if not ctx.parsed or "?" not in ctx.text:
        return []
    min_words = int(options.get("min_words", 2))
    skip_first = _words(options, "exclude_first_words")
    hits: list[Hit] = []
    for sentence in ctx.doc.sents:
        words = [t for t in sentence if not t.is_space]
        if not words or not question_sentence(ctx, words[-1]) or ctx.quoted(words[0]):
            continue
        if sum(1 for t in words if t.is_alpha) < min_words or words[0].lower_ in skip_first:
            continue
        span = ctx.doc[words[0].i : words[-1].i + 1]
        hits.append((span.start, span.end, f'question "{short(span.text)}"'))
    return hits


def _imperatives(ctx: DocContext, options: Mapping[str, Any]) -> list[Hit]:
    """Base-form verbs without a subject that open a sentence or a clause after ':' or ';',
    and the commands coordinated with them ("withdraw troops, halt sales and …")."""
    if not ctx.parsed:
        return []
    exclude = _words(options, "exclude_lemmas")
    lead = _words(options, "lead_words")
    not_after_let = _words(options, "not_after_let")
    doc = ctx.doc
    accepted: set[int] = set()
    hits: list[Hit] = []
    # Only base-form verbs can be imperatives: find them with one vectorised comparison.
    for index in _positions(doc, "TAG", "VB"):
        token = doc[index]
        if token.dep_ not in _IMPERATIVE_DEPS or not _bare_verb(ctx, token, exclude):
            continue
        sentence = token.sent
        words = [t for t in sentence if not t.is_space]
        if not words or "?" in words[-1].text:
            continue
        nxt = doc[index + 1] if index + 1 < len(doc) else None
        if token.lemma_ == "let" and (nxt is None or nxt.lower_ in not_after_let):
            continue
        where = _clause_opening(token, sentence.start, lead)
        if where is None and token.dep_ == "conj" and token.head.i in accepted:
            where = "series"
        if where == "sentence" or (where is not None and token.dep_ != "advcl"):
            accepted.add(index)
            word = token.lower_
            reason = {
                "sentence": f'imperative sentence opening "{word}"',
                "clause": f'imperative clause opening "{word}"',
                "series": f'imperative "{word}" in a series of commands',
            }[where]
            hits.append((_imperative_start(token), _imperative_end(token), reason))
    return hits


def _positions(doc: Any, attr: str, value: str) -> list[int]:
    """Indices of the tokens whose ``attr`` is ``value``, found without a Python loop."""
    if value not in doc.vocab.strings:
        return []
    column = doc.to_array(attr)
    found: list[int] = numpy.flatnonzero(column == doc.vocab.strings[value]).tolist()
    return found


def _bare_verb(ctx: DocContext, token: Any, exclude: frozenset[str]) -> bool:
    """A base-form verb with no subject and no auxiliary except "do" (as in "do not …")."""
    if token.tag_ != "VB" or token.pos_ != "VERB" or token.lemma_.lower() in exclude:
        return False
    for child in token.children:
        if child.dep_ in _SUBJECTS or child.dep_ == "mark":
            return False
        if child.dep_ in ("aux", "auxpass") and child.lemma_ != "do":
            return False
    return not ctx.quoted(token)


def _clause_opening(token: Any, sentence_start: int, lead: frozenset[str]) -> str | None:
    """"sentence" or "clause" when only lead words ("and", "please", "do not") or opening
    punctuation stand between ``token`` and the start of its sentence or a ':'/';'."""
    index = token.i - 1
    doc = token.doc
    while index >= sentence_start:
        before = doc[index]
        if before.text in (":", ";"):
            return "clause"
        if before.is_space or before.lower_ in lead or (
            before.is_punct and before.text not in (",", "—", "–", ")")
        ):
            index -= 1
            continue
        return None
    return "sentence"


def _imperative_start(verb: Any) -> int:
    """Start of an imperative's span: the verb, or a "do not" / "don't" right before it."""
    start = int(verb.i)
    lefts = {int(child.i) for child in verb.lefts if child.dep_ in ("aux", "neg")}
    while start - 1 in lefts:
        start -= 1
    return start


def _imperative_end(verb: Any) -> int:
    """End of an imperative's span: the verb, its particle and the head of its object
    ("withdraw foreign troops", "let the peace be built", "stand with Ukraine")."""
    end = verb.i + 1
    for child in verb.rights:
        if child.dep_ == "prt":
            end = max(end, child.i + 1)
        elif child.dep_ in ("dobj", "dative") or (verb.lemma_ == "let" and child.dep_ == "ccomp"):
            end = max(end, child.i + 1)
            particle = [c for c in verb.rights if c.dep_ == "prt" and c.i == end]
            end += len(particle)  # "vote them | out"
            break
        elif child.dep_ == "prep" and child.i == end:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                end = objects[0].i + 1
            break
        else:
            break
    start = int(verb.i)
    return end if end - start <= _MAX_IMPERATIVE_TOKENS else start + 1


def _pronoun_contrast(ctx: DocContext, options: Mapping[str, Any]) -> list[Hit]:
    """A sentence setting "they" against "we" as subjects, with a contrast word before the
    second ("They want war, but we want peace", "While they feast, we starve")."""
    if not ctx.parsed or not _WE.search(ctx.text) or not _THEY.search(ctx.text):
        return []
    cues = _words(options, "contrast_words")
    hits: list[Hit] = []
    for sentence in ctx.doc.sents:
        subjects = [t for t in sentence if t.dep_ in _SUBJECTS and t.lower_ in ("we", "they")]
        ours = [t for t in subjects if t.lower_ == "we"]
        theirs = [t for t in subjects if t.lower_ == "they"]
        if not ours or not theirs:
            continue
        first, second = sorted((ours[0], theirs[0]), key=lambda t: t.i)
        if first.head.i == second.head.i:
            continue
        # The cue may open the sentence: "While they sip champagne, we pay the price."
        before = ctx.doc[sentence.start : second.i]
        if not any(t.lower_ in cues for t in before) or ctx.quoted(first):
            continue
        end = max(t.i for t in second.head.subtree) + 1
        end = min(max(end, second.head.i + 1), sentence.end)
        while end > first.i + 1 and (ctx.doc[end - 1].is_punct or ctx.doc[end - 1].is_space):
            end -= 1
        reason = f'"{first.lower_}" set against "{second.lower_}"'
        hits.append((first.i, end, reason))
    return hits


def _repetition(ctx: DocContext, options: Mapping[str, Any]) -> list[Hit]:
    """A content word repeated at once, bare or across ',' / 'and' ("jobs, jobs and jobs")."""
    doc = ctx.doc
    separators = _words(options, "separators")
    exclude = _words(options, "exclude")
    hits: list[Hit] = []
    # Candidates: tokens equal to the next or the one after (vectorised over the doc).
    lowers = doc.to_array("LOWER")
    if len(lowers) < 2:
        return []
    candidates = set(numpy.flatnonzero(lowers[:-1] == lowers[1:]).tolist())
    candidates.update(numpy.flatnonzero(lowers[:-2] == lowers[2:]).tolist())
    consumed = 0
    for index in sorted(candidates):
        if index < consumed:
            continue
        start = doc[index]
        end = index
        while True:
            after = end + 1
            if after < len(doc) and doc[after].lower_ in separators:
                after += 1
            if after < len(doc) and _repeatable(doc[after], exclude) and _repeatable(
                start, exclude
            ) and doc[after].lower_ == start.lower_:
                end = after
            else:
                break
        if end > index:
            hits.append((index, end + 1, f'repeated word "{start.lower_}"'))
            consumed = end + 1
    return hits


def _repeatable(token: Any, exclude: frozenset[str]) -> bool:
    """A content word whose immediate repetition is emphasis rather than grammar or a name."""
    return bool(
        token.is_alpha
        and len(token.text) > 2
        and token.pos_ in ("NOUN", "VERB", "ADJ", "ADV")
        and token.tag_ not in ("JJR", "RBR")
        and token.lower_ not in exclude
    )


@dataclass(frozen=True)
class Detector:
    """A procedural detector and the options its rule may give."""

    run: Callable[[DocContext, Mapping[str, Any]], list[Hit]]
    """The detector function."""
    options: Mapping[str, type]
    """Allowed option names and their types (``list`` means a list of strings)."""

    def check_options(self, options: Mapping[str, Any]) -> None:
        """Raise ``ValueError`` naming the first unknown or ill-typed option."""
        for name, value in options.items():
            expected = self.options.get(name)
            if expected is None:
                known = ", ".join(sorted(self.options)) or "none"
                raise ValueError(f"unknown option {name!r} (known: {known})")
            if expected is list:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ValueError(f"option {name!r} must be a list of strings")
            elif expected is int and (not isinstance(value, int) or isinstance(value, bool)):
                raise ValueError(f"option {name!r} must be an integer")


DETECTORS: dict[str, Detector] = {
    "scare-quotes": Detector(
        _scare_quotes, {"max_words": int, "speech_lemmas": list, "mention_words": list}
    ),
    "rhetorical-question": Detector(
        _rhetorical_questions, {"min_words": int, "exclude_first_words": list}
    ),
    "imperative": Detector(
        _imperatives, {"exclude_lemmas": list, "lead_words": list, "not_after_let": list}
    ),
    "pronoun-contrast": Detector(_pronoun_contrast, {"contrast_words": list}),
    "repetition": Detector(_repetition, {"separators": list, "exclude": list}),
    "anaphora": Detector(anaphora, {}),
    "tricolon": Detector(tricolon, {}),
}
"""The procedural detectors a ``[[detector]]`` rule may name."""
