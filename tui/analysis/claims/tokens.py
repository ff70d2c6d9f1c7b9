"""A paragraph's token attributes read once, as plain strings, for the claim extractor.

The extractor's passes look at every token for the few that can be cues ("says", "our
belief", "reportedly", "in a poll"). Reading ``token.lemma_`` token by token builds a
spaCy ``Token`` object each time, pass after pass; :class:`TokenTable` reads the words,
lemmas, tags and dependencies of the whole ``Doc`` in one ``to_array`` call, so that a pass
looks at plain lists and builds a ``Token`` only for the candidates it keeps.
"""

from __future__ import annotations

from typing import Any

__all__ = ["TokenTable"]

_ATTRIBUTES = ["ORTH", "LOWER", "LEMMA", "POS", "TAG", "DEP", "IDX", "SPACY"]
# The string of each hash seen so far. A hash names one string in every vocabulary, so one
# table serves every document; it is emptied when it grows large.
_NAMES: dict[int, str] = {}
_LOWER_NAMES: dict[int, str] = {}
_MOST_NAMES = 200_000


class TokenTable:
    """Per-token attributes of one ``Doc`` as lists of strings, indexed by token."""

    __slots__ = ("dep", "lemma", "lower", "pos", "starts", "tag", "text", "words")

    def __init__(self, doc: Any) -> None:
        """Read ``doc``'s attributes once."""
        if len(_NAMES) > _MOST_NAMES:
            _NAMES.clear()
            _LOWER_NAMES.clear()
        strings = doc.vocab.strings
        array = doc.to_array(_ATTRIBUTES)
        columns = [array[:, number].tolist() for number in range(len(_ATTRIBUTES))]
        orth, lower, lemma, pos, tag, dep, starts, spaces = columns
        self.words: list[str] = _names(strings, orth)
        """Each token's text."""
        # The text as spaCy writes it: each token followed by its space, if it has one.
        self.text: str = "".join(
            [word + " " if space else word for word, space in zip(self.words, spaces,
                                                                      strict=True)]
        )
        """The document's text."""
        self.starts: list[int] = starts
        """Each token's character offset in :attr:`text`."""
        self.lower: list[str] = _names(strings, lower)
        """Each token's lower-case text."""
        self.lemma: list[str] = _lower_names(strings, lemma)
        """Each token's lemma in lower case."""
        self.pos: list[str] = _names(strings, pos)
        """Each token's coarse part of speech ("VERB")."""
        self.tag: list[str] = _names(strings, tag)
        """Each token's fine tag ("VBD")."""
        self.dep: list[str] = _names(strings, dep)
        """Each token's dependency relation ("nsubj")."""

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens ``[start, end)`` (``start < end``) without the last one's
        trailing space, like spaCy's ``Span.text``."""
        last = end - 1
        return self.text[self.starts[start] : self.starts[last] + len(self.words[last])]


def _names(strings: Any, keys: list[int]) -> list[str]:
    """The strings of ``keys``, hashes or symbols of the vocabulary ``strings``."""
    try:
        return list(map(_NAMES.__getitem__, keys))
    except KeyError:
        found = {key: strings[key] for key in set(keys)}
        _NAMES.update(found)
        return list(map(found.__getitem__, keys))


def _lower_names(strings: Any, keys: list[int]) -> list[str]:
    """The strings of ``keys`` in lower case."""
    try:
        return list(map(_LOWER_NAMES.__getitem__, keys))
    except KeyError:
        found = {key: strings[key].lower() for key in set(keys)}
        _LOWER_NAMES.update(found)
        return list(map(found.__getitem__, keys))
