"""Named entities from spaCy's NER, with Slant's corrections.

Small statistical pipelines make a few kinds of mistakes that a reader notices at once and
that a pass over the results can fix cheaply:

* entities made only of symbols or emoji (a row of emoji tagged LAW);
* well-known names with the wrong label or missed altogether, fixed from a gazetteer of
  public figures and places (``data/gazetteer.toml``);
* surrounding punctuation or a trailing possessive inside the entity span.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from .model import Entity, Span

__all__ = ["entities_from_doc", "gazetteer"]

_TRIM = " \t\n\"'“”‘’«»()[]{}.,;:!?"


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """Map each listed name (exact text) to the label it must have."""
    data = tomllib.loads(
        resources.files("tui.analysis").joinpath("data/gazetteer.toml").read_text("utf-8")
    )
    return {name: label for label, names in data.items() for name in names}


def entities_from_doc(doc: Any, offset: int) -> list[Entity]:
    """Return the corrected entities of ``doc``, with offsets shifted by ``offset``."""
    names = gazetteer()
    found: list[Entity] = []
    covered: set[int] = set()
    text: str = doc.text  # Doc.text joins every token: once, not once per entity
    for ent in doc.ents:
        start, end = _trimmed(text, ent.start_char, ent.end_char)
        if start >= end or not any(ch.isalnum() for ch in text[start:end]):
            continue
        words = text[start:end]
        label = names.get(words, ent.label_)
        found.append(Entity(label, Span(start + offset, end + offset), words))
        covered.update(range(ent.start, ent.end))
    found.extend(_missed_names(doc, offset, names, covered))
    found.sort(key=lambda entity: entity.span.start)
    return found


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past surrounding punctuation and a trailing possessive."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    for suffix in ("'s", "’s"):
        if text.endswith(suffix, start, end) and end - start > len(suffix):
            end -= len(suffix)
    return start, end


def _missed_names(doc: Any, offset: int, names: dict[str, str], covered: set[int]) -> list[Entity]:
    """Gazetteer names the model did not tag at all (one- and two-token names)."""
    missed: list[Entity] = []
    index = 0
    while index < len(doc):
        token = doc[index]
        if index in covered or not token.text[:1].isupper():
            index += 1
            continue
        for width in (2, 1):
            stop = index + width
            if stop > len(doc) or any(i in covered for i in range(index, stop)):
                continue
            span = doc[index:stop]
            label = names.get(span.text)
            if label is not None:
                missed.append(
                    Entity(label, Span(span.start_char + offset, span.end_char + offset), span.text)
                )
                index = stop
                break
        else:
            index += 1
    return missed
