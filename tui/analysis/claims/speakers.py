"""Who speaks: display names for speaker mentions, relative pronouns and personal pronouns.

A speaker is named after the noun phrase of its mention, trimmed to what a reader would
call it: "European officials", "Moscow's adviser", but "Merz" for "Berlin's Merz" (a name
needs no possessor) and "Zelensky" for "Zelensky, who has long complained …". Relative
pronouns stand for their antecedent; "he", "she", "it" and "they" stand for the most
recent compatible name in the paragraph, when there is one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model import AUTHOR
from .cues import CueLexicon
from .spans import Range, balance_marks, is_relative
from .tokens import TokenTable

__all__ = ["Mention", "Speakers"]

_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those"})
# Parts of a subject phrase that describe the speaker rather than name them.
_DROP = frozenset({"relcl", "acl", "appos", "advcl", "parataxis", "case"})
# Prepositions after a speaker that tell how or where they speak, not who they are
# ("said the colonel in a bored voice", "with her eyes"): left out of the display name.
_MANNER = frozenset({"as", "with", "in", "by", "to", "near", "beside", "behind", "at"})
_PERSONAL = frozenset({"he", "she", "him", "her"})
_PLURAL = frozenset({"they", "them"})
_NEUTER = frozenset({"it"})
_PLACES_AND_GROUPS = frozenset({"GPE", "LOC", "NORP", "ORG", "FAC"})
_GROUPS = frozenset({"GPE", "NORP", "ORG"})
_FIRST_PERSON_POSSESSIVES = frozenset({"our", "my"})
# Quantifiers that name nobody in particular: "Nobody believes that" is the author's claim.
_NOBODY = frozenset({
    "nobody", "none", "nothing", "noone", "no-one", "neither", "everyone", "everybody",
    "anyone", "anybody",
})
_HYPHENS = frozenset({"-", "‐", "‑"})
_DASHES = frozenset({"-", "–", "—", ":"})


@dataclass(frozen=True, slots=True)
class Mention:
    """Something a later pronoun may refer to."""

    position: int
    """Token index of the mention's head."""
    name: str
    """The display name a pronoun resolves to."""
    person: bool
    """A single person: ``he`` or ``she`` may refer to it."""
    plural: bool
    """Several people or a group named in the plural: ``they`` may refer to it."""
    group: bool
    """An organisation, country or nation: ``it`` (or ``they``) may refer to it."""
    weight: int
    """How salient the mention is: 2 for a speaker, 1 for a subject, 0 otherwise."""


def _gazetteer() -> Mapping[str, str]:
    """The entity gazetteer, or nothing when it cannot be read (it only refines labels)."""
    try:
        from ..entities import gazetteer

        return gazetteer()
    except (ImportError, OSError, ValueError):
        return {}


class Speakers:
    """Names speakers in one paragraph and remembers them for pronoun resolution."""

    def __init__(
        self, doc: Any, table: TokenTable, lexicon: CueLexicon, segment_of: list[int]
    ) -> None:
        """Prepare to name speakers of ``doc`` (whose attributes are ``table``);
        ``segment_of`` maps tokens to sentences."""
        self._doc = doc
        self._table = table
        self._lexicon = lexicon
        self._segment_of = segment_of
        self._labels = _gazetteer()
        self._mentions: list[Mention] = []
        self._collect_entities()

    def name(self, subject: Any) -> tuple[str, Range | None] | None:
        """Display name and mention range of the speaker whose mention heads at ``subject``.

        Returns :data:`AUTHOR` (without a range) for a first-person subject, and ``None``
        when the mention cannot name anyone (an interrogative ``who``).
        """
        if subject.lower_ in self._lexicon.first_person:
            return AUTHOR, None
        if is_relative(subject):
            antecedent = self.antecedent(subject)
            if antecedent is None:
                return None
            subject = antecedent
            if subject.lower_ in self._lexicon.first_person:
                return AUTHOR, None
        lower = subject.lower_
        if lower in _NOBODY or any(
            c.dep_ == "det" and c.lower_ in ("no", "neither") for c in subject.children
        ):
            return None
        if subject.pos_ == "PRON" and lower in _PERSONAL | _PLURAL | _NEUTER:
            resolved = self.resolve(subject)
            return resolved or subject.text, (subject.i, subject.i + 1)
        if subject.pos_ == "PRON" and lower in _DETERMINERS | {"who", "what", "which"}:
            return None
        if subject.pos_ == "NOUN" and subject.lemma_.lower() in self._lexicon.not_speakers:
            return None  # "his face said …", "moral hesitation suggests …"
        # "Its spokesperson, Karine Jean-Pierre, said": the name is the better label.
        name = next(
            (c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None
        )
        dateline = name is not None and subject.is_upper and len(subject.text) > 2
        if name is not None and (subject.pos_ != "PROPN" or dateline):
            # "RIVERSIDE, March 3 - Greenfield Foods announced": the dateline is a place.
            subject = name
        author = self._author(subject)
        if author is not None:
            return self.name(author)
        found = self.phrase(subject)
        text = self.display(self.phrase(subject, manner=True))
        owner = self._owner(found)
        if owner is not None and text:
            # "Trump's tweets claimed …": the mention stays whole, the speaker is its owner.
            return self.display(owner) or text, found
        return (text, found) if text else None

    def _author(self, work: Any) -> Any | None:
        """Who speaks through a work without a possessor, if the sentence says.

        "footage of Ana Ruiz asking …": the person the work shows; "the campaign released a
        statement saying …", "Kline unleashed a series of tweets criticizing …": the subject
        of the verb that published it (``publishing`` in the cue lexicon).
        """
        works = self._lexicon.works
        if work.pos_ != "NOUN" or work.lemma_.lower() not in works:
            return None
        if any(c.dep_ == "poss" for c in work.children):
            return None  # "Trump's tweets": the owner, read from the mention
        for child in work.children:
            # Only a work that does not itself report: "a video of Kline shows that …" is
            # the video's evidence, not Kline's claim.
            if work.dep_ not in ("nsubj", "nsubjpass") and child.dep_ == "prep" \
                    and child.lower_ == "of":
                shown = next((g for g in child.children if g.dep_ == "pobj"), None)
                if shown is not None and shown.pos_ == "PROPN":
                    return shown
        node = work
        for _ in range(3):  # "a series of tweets": up to the noun the verb takes
            if node.dep_ != "pobj" or node.head.lower_ != "of" or node.head.head.i == node.i:
                break
            node = node.head.head
        verb = node.head
        if node.dep_ != "dobj" or verb.lemma_.lower() not in self._lexicon.publishing:
            return None
        # A subject is never a verb's object, so the author has no author of its own.
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)

    def _owner(self, found: Range) -> Range | None:
        """The words before the possessive of a mention that ends in a work ("Trump's
        tweets", "Obama and Clinton's gut reaction"): whose tweets, whose reaction."""
        start, end = found
        if end - start < 3 or self._doc[end - 1].lemma_.lower() not in self._lexicon.works:
            return None
        for index in range(end - 2, start, -1):
            if self._doc[index].tag_ == "POS":
                return start, index
        return None

    def is_author_possessor(self, token: Any) -> bool:
        """True for ``our`` or ``my``: the author's own (``our belief that …``)."""
        return bool(token.lower_ in _FIRST_PERSON_POSSESSIVES)

    def antecedent(self, pronoun: Any) -> Any | None:
        """The noun a relative pronoun stands for, or ``None`` outside a relative clause."""
        verb = pronoun.head
        for _ in range(50):
            if verb.dep_ != "conj" or verb.head.i == verb.i:
                break
            verb = verb.head
        if verb.dep_ != "relcl" or verb.head.i == verb.i:
            return None
        noun = verb.head
        # "Trump—someone who boasted …": "someone" only stands in for the name before it.
        for _ in range(50):
            if noun.dep_ != "appos" or noun.pos_ != "PRON" or noun.head.i == noun.i:
                break
            noun = noun.head
        return noun

    def phrase(self, head: Any, core: bool = False, manner: bool = False) -> Range:
        """Token range naming the mention headed by ``head``, trimmed for display.

        With ``core`` the prepositional phrases go too ("bureaucrats in Washington" →
        "bureaucrats"): what a pronoun stands for is the group, not where it sits. With
        ``manner`` the words telling how the speaker speaks go ("the colonel in a bored
        voice", "the general angrily"): the name, not the mention.
        """
        doc = self._doc
        drop_possessor = head.pos_ == "PROPN"
        excluded: set[int] = set()
        for child in head.children:
            # "seen by analysts as a trap": an "as" phrase describes, it never names.
            if (
                child.dep_ in _DROP
                or (drop_possessor and child.dep_ == "poss")
                or (child.dep_ == "prep" and (core or child.lower_ == "as"))
                or (manner and child.dep_ == "prep" and child.lower_ in _MANNER)
                or (manner and child.dep_ == "advmod" and child.i > head.i)
            ):
                excluded.update(range(child.left_edge.i, child.right_edge.i + 1))
        # A name never runs across a line break ("- Russia demands …\n- Ukraine rejects").
        # The words are read from the table: building a token for each is slow.
        words, lower, pos = self._table.words, self._table.lower, self._table.pos
        left, right = head.left_edge.i, head.right_edge.i
        excluded.update(i for i in range(left, right + 1) if "\n" in words[i])
        start = end = head.i
        # "PARIS, May 2 - President Macron": a spaced dash ends a dateline, not a name.
        while start > left and start - 1 not in excluded and not (
            words[start - 1] in _DASHES and doc[start - 1].whitespace_
        ):
            start -= 1
        while end < right and end + 1 not in excluded:
            end += 1
        while start < head.i and (
            _is_edge_junk(words[start])
            or (lower[start] in _DETERMINERS and doc[start].ent_iob_ == "O")
            or pos[start] in ("ADV", "CCONJ", "INTJ", "ADP", "SCONJ")
        ):
            if words[start] in _HYPHENS or _glued_to_hyphen(doc, start):
                break  # "so-called": a hyphenated word stays whole
            start += 1
        while end > head.i and (_is_edge_junk(words[end]) or pos[end] in ("CCONJ", "ADP")):
            end -= 1
        while start > left and words[start] in _HYPHENS:
            start -= 1
        return balance_marks(doc, start, end + 1)

    def display(self, found: Range) -> str:
        """The text of ``found`` with its whitespace collapsed."""
        start, end = found
        if start >= end:
            return ""
        return " ".join(self._table.span_text(start, end).split())

    def remember(self, head: Any, name: str, weight: int = 2) -> None:
        """Record a named speaker so that later pronouns can refer to it."""
        if name and name != AUTHOR:
            self._mentions.append(self._mention(head, name, weight))

    def resolve(self, pronoun: Any) -> str | None:
        """The most recent compatible mention before ``pronoun``, or ``None``.

        Recency is counted in sentences; within the nearest sentence that has a compatible
        mention, speakers beat subjects and subjects beat other mentions.
        """
        lower = pronoun.lower_
        best: tuple[int, int, int, int] | None = None
        name: str | None = None
        for mention in self._mentions:
            if mention.position >= pronoun.i:
                continue
            if lower in _PERSONAL:
                fits, preference = mention.person, 0
            elif lower in _PLURAL:
                fits, preference = mention.plural or mention.group, int(mention.plural)
            else:
                fits, preference = mention.group and not mention.plural, 0
            if not fits:
                continue
            # "they" is a plural before it is a country or a company, however recent.
            key = (preference, self._segment_of[mention.position], mention.weight,
                   mention.position)
            if best is None or key > best:
                best, name = key, mention.name
        return name

    def _collect_entities(self) -> None:
        """Seed the mentions with the paragraph's names (labels fixed by the gazetteer)."""
        covered: set[int] = set()
        for ent in self._doc.ents:
            covered.update(range(ent.start, ent.end))
            root = ent.root
            name = self.display(self.phrase(root))
            if name:
                weight = 1 if root.dep_ in ("nsubj", "nsubjpass") else 0
                self._mentions.append(self._mention(root, name, weight, ent.label_))
        table = self._table
        pos, deps, tags = table.pos, table.dep, table.tag
        for index in range(len(pos)):
            # Only a proper noun or a plural subject can be a mention: the others are passed
            # over without building their tokens.
            if pos[index] != "PROPN" and (tags[index] != "NNS" or deps[index] not in (
                "nsubj", "nsubjpass"
            )):
                continue
            token = self._doc[index]
            if token.pos_ == "PROPN" and token.i not in covered and token.text in self._labels:
                weight = 1 if token.dep_ in ("nsubj", "nsubjpass") else 0
                self._mentions.append(self._mention(token, token.text, weight))
            elif (
                token.dep_ in ("nsubj", "nsubjpass")
                and token.tag_ == "NNS"
                and token.i not in covered
                and not any(c.dep_ == "det" and c.lower_ in ("no", "neither")
                            for c in token.children)
            ):
                # "the corrupt bureaucrats in Washington pile …. They never listen."
                name = self.display(self.phrase(token, core=True))
                if name:
                    self._mentions.append(self._mention(token, name, 1))

    def _mention(self, head: Any, name: str, weight: int, label: str = "") -> Mention:
        """A :class:`Mention` for ``name`` headed by ``head``, with its features guessed."""
        label = self._labels.get(name) or self._labels.get(head.text) or label or head.ent_type_
        plural = head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in head.children)
        person = not plural and (
            label == "PERSON"
            or head.lemma_.lower() in self._lexicon.person_nouns
            or (head.pos_ == "PROPN" and label not in _PLACES_AND_GROUPS)
        )
        group = label in _GROUPS or (not person and head.pos_ in ("NOUN", "PROPN"))
        return Mention(head.i, name, person, plural, group, weight)


def _glued_to_hyphen(doc: Any, index: int) -> bool:
    """True when token ``index`` is the first part of a hyphenated word ("so" of "so-called")."""
    return bool(
        not doc[index].whitespace_
        and index + 1 < len(doc)
        and doc[index + 1].text in _HYPHENS
    )


def _is_edge_junk(text: str) -> bool:
    """True for the text of punctuation, quote marks and whitespace at the edge of a name
    (a token is a space when its text is)."""
    return text.isspace() or not any(char.isalnum() for char in text)
