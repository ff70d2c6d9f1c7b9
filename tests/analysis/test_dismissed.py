"""Dismissals as keys: one highlight of one text, or a rule (with its words) everywhere."""

from __future__ import annotations

from tui.analysis.dismissed import DOCUMENT, EVERYWHERE, Dismissed, dismissal_of
from tui.analysis.model import Analysis, Device, Entity, Paragraph, ParagraphAnalysis, Span

TEXT = "The hollow promise of the powerful. A hollow man met Ada Brook. The powerful win."


def _at(words: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(words, start + 1)
    return Span(start, start + len(words))


def _lexicon(nth: int) -> Device:
    return Device("loaded-language", "Loaded language", "loaded-language", _at("hollow", nth),
                  'lexicon: "hollow"', evidence="lexicon", rule="loaded.toml#lexicon-1")


def _pattern(nth: int) -> Device:
    return Device("name-calling", "Name calling", "labelling", _at("the powerful", nth)
                  if nth == 0 else _at("The powerful"), "pattern", evidence="pattern",
                  rule="labels.toml#pattern-1")


PERSON = Entity("PERSON", _at("Ada Brook"), "Ada Brook")


def test_a_dismissal_here_hides_that_highlight_only() -> None:
    dismissal = dismissal_of(_lexicon(0), TEXT)
    assert dismissal.scope == DOCUMENT and dismissal.span == _at("hollow")
    assert dismissal.words == "hollow" and dismissal.name == "Loaded language"
    dismissed = Dismissed.of([dismissal])
    assert dismissed.hides(_lexicon(0), TEXT)
    assert not dismissed.hides(_lexicon(1), TEXT)
    assert not dismissed.hides(PERSON, TEXT)


def test_ignoring_a_lexicon_entry_keeps_its_words_and_a_pattern_is_ignored_whole() -> None:
    lexicon = dismissal_of(_lexicon(0), TEXT, everywhere=True)
    assert lexicon.scope == EVERYWHERE and lexicon.span is None and lexicon.by_words
    dismissed = Dismissed.of([lexicon])
    assert dismissed.hides(_lexicon(1), TEXT)  # the same entry and words, elsewhere
    other_words = Device("loaded-language", "Loaded language", "loaded-language",
                         _at("promise"), "lexicon", evidence="lexicon",
                         rule="loaded.toml#lexicon-1")
    assert not dismissed.hides(other_words, TEXT)  # the rest of the list still counts

    pattern = Dismissed.of([dismissal_of(_pattern(0), TEXT, everywhere=True)])
    assert pattern.hides(_pattern(1), TEXT)  # "The powerful" later: the same rule
    assert not pattern.hides(_lexicon(0), TEXT)


def test_an_entity_is_ignored_everywhere_by_its_words_and_label() -> None:
    dismissed = Dismissed.of([dismissal_of(PERSON, TEXT, everywhere=True)])
    assert dismissed.hides(Entity("PERSON", PERSON.span, "Ada Brook"), TEXT)
    assert not dismissed.hides(Entity("ORG", PERSON.span, "Ada Brook"), TEXT)


def test_filtering_leaves_untouched_parts_alone_and_analyses_lose_the_items() -> None:
    paragraph = Paragraph(0, Span(0, len(TEXT)))
    part = ParagraphAnalysis(paragraph, (PERSON,), (_lexicon(0), _lexicon(1), _pattern(0)))
    assert Dismissed().part(part, TEXT) is part
    dismissed = Dismissed.of([dismissal_of(_lexicon(1), TEXT)])
    filtered = dismissed.part(part, TEXT)
    assert filtered.devices == (_lexicon(0), _pattern(0)) and filtered.entities == (PERSON,)
    analysis = Analysis(len(TEXT), "m", (paragraph,), part.entities, part.devices)
    assert dismissed.analysis(analysis, TEXT).devices == filtered.devices


def test_descriptions_say_what_and_where() -> None:
    assert dismissal_of(_lexicon(0), TEXT).describe() == "Loaded language “hollow” here"
    assert dismissal_of(_pattern(0), TEXT, everywhere=True).describe() == (
        "Name calling: every match of rule labels.toml#pattern-1, in every document")
