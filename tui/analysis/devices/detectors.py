"""Procedural detectors: devices that token patterns cannot describe.

Each detector is a function from a doc (with its :class:`~.filters.DocContext`) and the
options of its rule to a list of hits ``(start_token, end_token, reason)``. Rule files switch
them on with ``[[detector]]`` tables, so the word lists they use stay in the data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .filters import DocContext, question_sentence

__all__ = ["DETECTORS", "Detector", "Hit", "short"]

Hit = tuple[int, int, str]
"""A detector's finding: token start, token end (exclusive) and the reason."""

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_SPEECH_END = tuple(".,!?;:…")
_MAX_IMPERATIVE_TOKENS = 8


def short(text: str, limit: int = 48) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _words(options: Mapping[str, Any], key: str) -> frozenset[str]:
    """A word-list option, lower-cased."""
    return frozenset(str(word).lower() for word in options.get(key, []))


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
    """True when a quote is reported speech or a mention ("the word “x”", "“x”, she said")."""
    sentence_start = doc[start].sent.start if doc.has_annotation("SENT_START") else 0
    looked = 0
    for token in reversed(doc[sentence_start:start]):
        if token.is_punct or token.is_space or token.pos_ == "DET":
            continue
        if token.lower_ == "called" and token.i >= 2 and doc[token.i - 2].lower_ == "so":
            return False  # "so-called “experts”" is the archetypal scare quote
        if token.lemma_.lower() in speech or (looked == 0 and token.lower_ in mentions):
            return True
        looked += 1
        if looked == 3:
            break
    after = [t for t in doc[end : end + 3] if not (t.is_punct or t.is_space)]
    if after and after[0].lemma_.lower() in speech:
        return True  # "“Rubbish” said the minister"
    return (
        len(after) > 1 and after[0].pos_ in ("PRON", "PROPN") and after[1].lemma_.lower() in speech
    )


def _rhetorical_questions(ctx: DocContext, options: Mapping[str, Any]) -> list[Hit]:
    """Question sentences in the text's own voice (not inside quotation marks)."""
    if not ctx.parsed:
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
    accepted: set[int] = set()
    hits: list[Hit] = []
    for sentence in ctx.doc.sents:
        words = [t for t in sentence if not t.is_space]
        if not words or "?" in words[-1].text:
            continue
        for token in sentence:
            if not _bare_verb(ctx, token, exclude):
                continue
            nxt = ctx.doc[token.i + 1] if token.i + 1 < len(ctx.doc) else None
            if token.lemma_ == "let" and (nxt is None or nxt.lower_ in not_after_let):
                continue
            where = _clause_opening(token, sentence.start, lead)
            if where is None and token.dep_ == "conj" and token.head.i in accepted:
                where = "series"
            if where is None or token.dep_ not in ("ROOT", "conj", "parataxis"):
                continue
            accepted.add(token.i)
            word = token.lower_
            reason = {
                "sentence": f'imperative sentence opening "{word}"',
                "clause": f'imperative clause opening "{word}"',
                "series": f'imperative "{word}" in a series of commands',
            }[where]
            hits.append((token.i, _imperative_end(token), reason))
    return hits


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


def _imperative_end(verb: Any) -> int:
    """End of an imperative's span: the verb, its particle and the head of its object
    ("withdraw foreign troops", "let the peace be built", "stand with Ukraine")."""
    end = verb.i + 1
    for child in verb.rights:
        if child.dep_ == "prt":
            end = max(end, child.i + 1)
        elif child.dep_ in ("dobj", "dative") or (verb.lemma_ == "let" and child.dep_ == "ccomp"):
            end = max(end, child.i + 1)
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
    """A sentence setting "they" against "we" as subjects, with a contrast word between them
    ("They want war, but we want peace")."""
    if not ctx.parsed:
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
        between = ctx.doc[first.i + 1 : second.i]
        if not any(t.lower_ in cues for t in between) or ctx.quoted(first):
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
    index = 0
    while index < len(doc):
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
        index = end + 1
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
}
"""The procedural detectors a ``[[detector]]`` rule may name."""
