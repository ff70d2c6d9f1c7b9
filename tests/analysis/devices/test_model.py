"""The trained layer's shaping of spans and its semantic word vectors, on real parses."""

from __future__ import annotations

from typing import Any

import numpy
import pytest

from tui.analysis.devices.catalogue import data_dir
from tui.analysis.devices.decoding import ModelHit, cut_at_clause
from tui.analysis.devices.learned import MODEL_FILE, SpanModel, _charged_enough
from tui.analysis.pipeline import load_pipeline


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_pipeline(with_devices=False).nlp


@pytest.fixture(scope="module")
def model() -> SpanModel:
    loaded = SpanModel.load(data_dir() / MODEL_FILE)
    assert loaded is not None
    return loaded


def _hit(doc: Any, words: str) -> ModelHit:
    start = doc.text.index(words)
    span = doc.char_span(start, start + len(words))
    assert span is not None
    return ModelHit(span.start, span.end, "Loaded_Language", 0.7)


def _text(doc: Any, hit: ModelHit | None) -> str | None:
    return None if hit is None else doc[hit.start : hit.end].text


def test_a_span_running_from_its_subject_into_the_clause_is_cut(nlp: Any) -> None:
    doc = nlp("Everywhere the corrupt regime crushes every dissent with brutal force.")
    hit = _hit(doc, "the corrupt regime crushes every dissent")
    assert _text(doc, cut_at_clause(doc, hit)) == "the corrupt regime"


def test_a_noun_the_tagger_gave_an_object_counts_as_the_verb(nlp: Any) -> None:
    # The parser reads "replaces" as a plural noun with "the flag" as its object.
    doc = nlp("The banner of solidarity among workers and the oppressed replaces the flag of "
              "imperial rivalry.")
    hit = _hit(doc, "the oppressed replaces the flag of imperial rivalry")
    assert _text(doc, cut_at_clause(doc, hit)) == "the oppressed"


def test_a_phrase_without_its_own_clause_is_left_whole(nlp: Any) -> None:
    doc = nlp("The insistence is the iron fist in a velvet glove, and the people know it.")
    hit = _hit(doc, "the iron fist in a velvet glove")
    assert cut_at_clause(doc, hit) is hit


def test_a_span_of_nothing_but_the_clause_opening_is_dropped(nlp: Any) -> None:
    doc = nlp("It is someone who boasted of leverage alone.")
    assert cut_at_clause(doc, _hit(doc, "who boasted of leverage alone")) is None


def test_one_word_spans_need_charge_of_their_own() -> None:
    plain = numpy.array([False])
    marked = numpy.array([True])
    word = ModelHit(0, 1, "Loaded_Language", 0.9)
    assert not _charged_enough(word, plain, plain)  # sure of the context, but a plain word
    assert _charged_enough(word, marked, marked)  # strongly negative ("ruin")
    assert _charged_enough(word, marked, plain)  # often marked, and the model fairly sure
    unsure = ModelHit(0, 1, "Loaded_Language", 0.5)
    assert not _charged_enough(unsure, marked, plain)
    phrase = ModelHit(0, 2, "Loaded_Language", 0.7)
    assert _charged_enough(phrase, numpy.array([False, False]), numpy.array([False, False]))


def test_word_vectors_reach_the_network_for_known_words_only(model: SpanModel) -> None:
    rows = model.vector_rows(["tyranny", "table", "zzqxjw"])
    assert rows is not None and rows.shape == (3, model._w1.shape[1])
    assert numpy.abs(rows[0]).sum() > 0 and numpy.abs(rows[1]).sum() > 0
    assert not rows[2].any()  # an unknown word adds nothing
    assert not numpy.allclose(rows[0], rows[1])


def test_word_vectors_change_what_the_network_says(model: SpanModel) -> None:
    features = numpy.zeros((2, model._w1.shape[0]), dtype=numpy.float32)
    rows = model.vector_rows(["tyranny", "tyranny"])
    without = model.probabilities(features)
    with_vectors = model.probabilities(features, rows)
    assert numpy.allclose(with_vectors.sum(axis=1), 1.0)
    assert not numpy.allclose(without, with_vectors)
