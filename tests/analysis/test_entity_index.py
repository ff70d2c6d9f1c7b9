"""The entity index: mentions merged as the claims' speakers are, claims counted, devices
aimed at an entity found in the sentences that name it. Invented texts, the real pipeline."""

from __future__ import annotations

import json

from tui.analysis import analyze
from tui.analysis.entity_index import entity_index, sentences
from tui.exports import DocumentInfo, to_document_json

TEXT = (
    "Governor Ottilie Brandvold defended the water plan on Tuesday in Arlen. Brandvold said "
    "the plan would save every farm in the valley.\n\n"
    "Critics called Brandvold a reckless, arrogant tyrant who ignores the people of Arlen.\n\n"
    "Mayor Teodor Brandvold, her cousin, said nothing. Teodor Brandvold left early.\n"
)


def rows_by_name() -> dict[str, object]:
    analysis = analyze(TEXT)
    return {row.name: row for row in entity_index(analysis, TEXT)}


def test_a_surname_joins_the_one_full_name_and_two_people_stay_apart() -> None:
    analysis = analyze(TEXT)
    rows = entity_index(analysis, TEXT)
    people = [row for row in rows if row.group == "people"]
    names = {row.name for row in people}
    assert "Teodor Brandvold" in names
    # Two full names end in "Brandvold": a bare "Brandvold" is never merged by guess into
    # the one that does not speak.
    teodor = next(row for row in people if row.name == "Teodor Brandvold")
    assert all(TEXT[span.start:span.end].startswith("Teodor") for span in teodor.mentions)


def test_claims_and_devices_aimed_at_are_counted() -> None:
    analysis = analyze(TEXT)
    rows = entity_index(analysis, TEXT)
    speaking = [row for row in rows if row.claims]
    assert speaking, [(row.name, row.claims) for row in rows]
    aimed = [row for row in rows if row.aimed_at]
    assert aimed
    for row in aimed:
        for span in row.aimed_at:
            assert not any(span.overlaps(mention) for mention in row.mentions)


def test_sentences_split_at_end_punctuation_and_blank_lines() -> None:
    text = "One. Two? Three!\n\nFour"
    assert [text[span.start:span.end] for span in sentences(text)] == [
        "One.", "Two?", "Three!", "Four"]


def test_the_json_export_carries_the_index_with_the_same_figures() -> None:
    analysis = analyze(TEXT)
    data = json.loads(to_document_json(analysis, TEXT, DocumentInfo(name="arlen.txt")))
    rows = entity_index(analysis, TEXT)
    assert [row["name"] for row in data["entities_index"]] == [row.name for row in rows]
    first = data["entities_index"][0]
    assert first["mentions"] == len(rows[0].mentions) == len(first["mention_spans"])
    assert first["claims"] == rows[0].claims
    assert first["devices_aimed_at"] == len(rows[0].aimed_at)
