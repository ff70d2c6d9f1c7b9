"""Tests of the claim extractor's token table: the same words, lemmas, tags and text as
spaCy's own tokens, read in one go."""

from __future__ import annotations

import pytest

from tui.analysis.claims.tokens import TokenTable
from tui.analysis.pipeline import LoadedPipeline, load_pipeline

_TEXT = (
    "Officials SAID on Tuesday that the plan “would not survive”  the winter.\n"
    "- Critics, however, reportedly disagree: ''It is doomed,'' one wrote."
)


@pytest.fixture(scope="module")
def pipeline() -> LoadedPipeline:
    """The spaCy pipeline, loaded once for the module."""
    return load_pipeline(with_devices=False)


def test_table_matches_the_tokens(pipeline: LoadedPipeline) -> None:
    """Every list holds what the token itself reports, and the text is the document's."""
    doc = pipeline.nlp(_TEXT)
    table = TokenTable(doc)
    assert table.text == doc.text == _TEXT
    assert table.words == [t.text for t in doc]
    assert table.lower == [t.lower_ for t in doc]
    assert table.lemma == [t.lemma_.lower() for t in doc]
    assert table.pos == [t.pos_ for t in doc]
    assert table.tag == [t.tag_ for t in doc]
    assert table.dep == [t.dep_ for t in doc]
    assert table.starts == [t.idx for t in doc]
    assert "VERB" in table.pos and "said" in table.lower and "say" in table.lemma


def test_span_text_is_spacy_span_text(pipeline: LoadedPipeline) -> None:
    """Any token range reads as spaCy's ``Span.text``: no trailing space, inner ones kept."""
    doc = pipeline.nlp(_TEXT)
    table = TokenTable(doc)
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            assert table.span_text(start, end) == doc[start:end].text


def test_a_second_document_reads_its_own_strings(pipeline: LoadedPipeline) -> None:
    """Strings remembered from one document do not leak into another."""
    first, second = pipeline.nlp("Merz insists."), pipeline.nlp("Nobody believes the polls.")
    TokenTable(first)
    assert TokenTable(second).words == ["Nobody", "believes", "the", "polls", "."]
