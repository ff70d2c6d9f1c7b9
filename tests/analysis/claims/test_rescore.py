"""Tests of the learned re-scorer of claims: the shipped model, what it drops, what it adds,
and the extraction with and without it on invented sentences."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from tui.analysis.claims.cues import cue_lexicon
from tui.analysis.claims.extraction import _Extractor, claims_from_doc
from tui.analysis.claims.rescore import ClaimModel, claim_model, parse_model
from tui.analysis.model import AUTHOR, Claim
from tui.analysis.pipeline import LoadedPipeline, load_pipeline


@pytest.fixture(scope="module")
def pipeline() -> LoadedPipeline:
    """The spaCy pipeline, loaded once for the module."""
    return load_pipeline(with_devices=False)


@pytest.fixture(scope="module")
def model() -> ClaimModel:
    """The model shipped with the package."""
    found = claim_model()
    assert found is not None, "data/claims_model.json is missing or malformed"
    return found


def attributed(claims: list[Claim], text: str) -> list[tuple[str, str, str]]:
    """``(speaker, cue, content)`` of the claims with a cue."""
    return [
        (c.speaker, c.cue.text_of(text), c.content.text_of(text)) for c in claims if c.cue
    ]


def both(pipeline: LoadedPipeline, text: str) -> tuple[list[tuple[str, str, str]], ...]:
    """The claims of ``text`` with the shipped model, then with the rules alone."""
    doc = pipeline.nlp(text)
    rules = _Extractor(doc, cue_lexicon(), None).run(0)
    return attributed(claims_from_doc(doc, 0), text), attributed(rules, text)


def test_shipped_model_is_small_and_sane(model: ClaimModel) -> None:
    """The weights ship as package data and the thresholds are probabilities."""
    data = resources.files("tui.analysis.claims").joinpath("data/claims_model.json")
    assert len(data.read_bytes()) < 5_000_000
    assert model.weights and model.extra_lemmas
    for threshold in (model.keep_rules, model.keep_named, model.keep_extra):
        assert 0.0 < threshold < 1.0
    assert model.keep_named <= model.keep_rules
    # Verbs of the lexicon are read by the rules; the extra ones are other verbs.
    assert "say" not in model.extra_lemmas


@pytest.mark.parametrize(
    "data",
    [None, [], {}, {"weights": 3}, {"weights": {"l=say": "much"}}, {"weights": {}, "bias": []}],
)
def test_malformed_model_is_refused(data: object) -> None:
    """A damaged model file is no model, never an error."""
    assert parse_model(data) is None


def test_probability_follows_the_weights(model: ClaimModel) -> None:
    """Unknown features weigh nothing; a weighted feature moves the probability its way."""
    base = model.probability(["no such feature"])
    assert base == pytest.approx(model.probability([]))
    name, weight = max(model.weights.items(), key=lambda item: abs(item[1]))
    moved = model.probability([name])
    assert (moved > base) == (weight > 0)
    huge = parse_model(json.loads('{"weights": {"x": 1e9}, "bias": 0}'))
    assert huge is not None and huge.probability(["x"]) == pytest.approx(1.0)


def test_plain_reports_stay(pipeline: LoadedPipeline) -> None:
    """What the rules read with a speaker and a clause survives the model."""
    text = "The harbour master said that the ferry would not sail before noon."
    with_model, rules = both(pipeline, text)
    assert with_model == rules
    assert with_model[0][:2] == ("harbour master", "said")


def test_verb_outside_the_lexicon_is_added(pipeline: LoadedPipeline) -> None:
    """ "knows that …" is not in the cue lexicon; the model proposes and keeps it."""
    text = "The senator knows that the bill will fail."
    with_model, rules = both(pipeline, text)
    assert rules == []
    assert with_model == [("senator", "knows", "that the bill will fail")]


def test_claim_inside_the_authors_thought_is_dropped(pipeline: LoadedPipeline) -> None:
    """In "I think they want …" the wish is part of what the author thinks: the rules
    report both, the model keeps the author's claim only."""
    text = "I think they want to leave the country before winter."
    with_model, rules = both(pipeline, text)
    assert ("they", "want", "to leave the country before winter") in rules
    assert with_model == [(AUTHOR, "think", "they want to leave the country before winter")]


def test_named_speakers_of_the_rules_stay(pipeline: LoadedPipeline) -> None:
    """A named speaker's stance and a passive's agent are kept, though the news corpus the
    model learnt from rarely marks them."""
    text = "Norway welcomes the agreement, which is seen by the Dutch minister as a first step."
    with_model, _ = both(pipeline, text)
    speakers = {(speaker, cue) for speaker, cue, _ in with_model}
    assert ("Norway", "welcomes") in speakers
    assert any(cue.endswith("seen") and "minister" in speaker for speaker, cue in speakers)


def test_typewriter_quotation(pipeline: LoadedPipeline) -> None:
    """Quotation marks typed as two apostrophes enclose what is said."""
    text = "''We will not yield,'' the mayor said. ''Nobody can make us.''"
    claims = claims_from_doc(pipeline.nlp(text), 0)
    mayor = [c for c in claims if c.speaker == "mayor"]
    assert mayor and mayor[0].cue is not None and mayor[0].cue.text_of(text) == "said"
    assert "We will not yield" in " ".join(p.text_of(text) for p in mayor[0].pieces)


@pytest.mark.parametrize(
    "text",
    ["''", "'' '' ''", "''unclosed quote, he said", "He said ''", "'''''' said ''x''."],
)
def test_odd_apostrophes_never_raise(pipeline: LoadedPipeline, text: str) -> None:
    """Runs of apostrophes are no reason to fail."""
    for claim in claims_from_doc(pipeline.nlp(text), 0):
        assert 0 <= claim.content.start < claim.content.end <= len(text)
