"""What the reader has rejected: highlights dismissed in one document, and the rules and
lexicon entries ignored in every document (a personal ignore list, as linters keep one).

Pure: a :class:`Dismissal` names what was dismissed by stable keys (a kind and character
offsets for one highlight of one text; a kind, a rule and the words for an ignore-list
entry), and :class:`Dismissed` filters paragraphs and analyses by those keys. Where the
dismissals are kept between runs is :mod:`tui.dismissals`' business.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from .model import Analysis, Device, Entity, ParagraphAnalysis, Span

__all__ = ["DOCUMENT", "EVERYWHERE", "Dismissal", "Dismissed", "dismissal_of"]

DOCUMENT = "document"
"""Scope of a dismissal of one highlight in one document (its text)."""
EVERYWHERE = "everywhere"
"""Scope of an ignore-list entry: the rule or lexicon entry, in every document."""

_WORDY = frozenset({"lexicon", "model"})
"""Evidence whose rule id names a list or a model, not one pattern: the words matched are
part of what is ignored (ignoring "hollow" must not ignore the whole loaded-words list)."""


def _words(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Dismissal:
    """One thing the reader dismissed."""

    scope: str
    """:data:`DOCUMENT` (this highlight here) or :data:`EVERYWHERE` (the ignore list)."""
    kind: str
    """``"device"`` or ``"entity"``."""
    what: str
    """The device kind id, or the entity label."""
    name: str
    """What to call it in a list: the kind's name, or the entity label."""
    words: str
    """The highlight's words (spacing collapsed), as shown when it was dismissed."""
    span: Span | None = None
    """Where the highlight is (:data:`DOCUMENT` scope only)."""
    rule: str = ""
    """The device's rule or lexicon entry (:data:`EVERYWHERE` scope, devices only)."""
    by_words: bool = True
    """:data:`EVERYWHERE` scope: True when only matches of :attr:`words` are ignored,
    False when everything the rule finds is."""

    @property
    def key(self) -> str:
        """What a highlight must match to be hidden by this dismissal."""
        if self.scope == DOCUMENT:
            assert self.span is not None
            return f"{self.kind}|{self.what}|{self.span.start}|{self.span.end}"
        words = f"|{self.words.casefold()}" if self.by_words else ""
        rule = f"|{self.rule}" if self.kind == "device" else ""
        return f"{self.kind}|{self.what}{rule}{words}"

    def describe(self) -> str:
        """One line for the list of dismissals (document text: make it inert to show it)."""
        words = self.words if len(self.words) <= 60 else self.words[:59] + "…"
        if self.scope == DOCUMENT:
            return f"{self.name} “{words}” here"
        if self.kind == "device" and not self.by_words:
            return f"{self.name}: every match of rule {self.rule}, in every document"
        return f"{self.name} “{words}”, in every document"


def dismissal_of(item: Device | Entity, text: str, *, everywhere: bool = False) -> Dismissal:
    """The dismissal of the highlight ``item`` of ``text``: just this one, or (``everywhere``)
    the rule or lexicon entry behind a device, or the name with its label for an entity."""
    words = _words(item.span.text_of(text))
    if isinstance(item, Device):
        if not everywhere:
            return Dismissal(DOCUMENT, "device", item.id, item.name, words, item.span)
        by_words = item.evidence in _WORDY or not item.rule
        return Dismissal(EVERYWHERE, "device", item.id, item.name, words, rule=item.rule,
                         by_words=by_words)
    scope = EVERYWHERE if everywhere else DOCUMENT
    return Dismissal(scope, "entity", item.label, item.label, words,
                     None if everywhere else item.span)


def _keys(item: Device | Entity, text: str) -> tuple[str, ...]:
    """Every key that hides ``item``: its place, its rule, its rule with its words."""
    start, end = item.span.start, item.span.end
    words = _words(item.span.text_of(text)).casefold()
    if isinstance(item, Device):
        base = f"device|{item.id}"
        return (f"{base}|{start}|{end}", f"{base}|{item.rule}", f"{base}|{item.rule}|{words}")
    base = f"entity|{item.label}"
    return f"{base}|{start}|{end}", f"{base}|{words}"


@dataclass(frozen=True)
class Dismissed:
    """The dismissals in force for one text, as a filter of its highlights."""

    keys: frozenset[str] = frozenset()
    """The keys of the dismissals (:attr:`Dismissal.key`)."""

    @classmethod
    def of(cls, dismissals: Iterable[Dismissal]) -> Dismissed:
        """The filter of ``dismissals``."""
        return cls(frozenset(dismissal.key for dismissal in dismissals))

    def __bool__(self) -> bool:
        return bool(self.keys)

    def hides(self, item: Device | Entity, text: str) -> bool:
        """True when ``item`` of ``text`` is dismissed."""
        return bool(self.keys) and any(key in self.keys for key in _keys(item, text))

    def part(self, part: ParagraphAnalysis, text: str) -> ParagraphAnalysis:
        """``part`` without its dismissed entities and devices (the same object when none)."""
        if not self.keys:
            return part
        entities = tuple(e for e in part.entities if not self.hides(e, text))
        devices = tuple(d for d in part.devices if not self.hides(d, text))
        if len(entities) == len(part.entities) and len(devices) == len(part.devices):
            return part
        return replace(part, entities=entities, devices=devices)

    def analysis(self, analysis: Analysis, text: str) -> Analysis:
        """``analysis`` without its dismissed entities and devices."""
        if not self.keys:
            return analysis
        return replace(
            analysis,
            entities=tuple(e for e in analysis.entities if not self.hides(e, text)),
            devices=tuple(d for d in analysis.devices if not self.hides(d, text)),
        )
