"""Tests of attributions without a named speaker and of cues the parse leaves without
content: appearances, hearsay adverbs, agentless questions and forecasts, polls as
sources, colon and "that" fallbacks, and cues that need a speaking subject. Invented
sentences only."""

from __future__ import annotations

import pytest

from tui.analysis.claims.extraction import UNNAMED
from tui.analysis.model import AUTHOR, Claim
from tui.analysis.pipeline import LoadedPipeline, load_pipeline

from .test_extraction import assert_valid, extract, find, pieces, rows


@pytest.fixture(scope="module")
def pipeline() -> LoadedPipeline:
    """The spaCy pipeline, loaded once for the module."""
    return load_pipeline(with_devices=False)


def claims_of(pipeline: LoadedPipeline, text: str) -> list[Claim]:
    """The claims of ``text``, checked for valid spans."""
    claims = extract(pipeline, text)
    assert_valid(claims, text)
    return claims


def test_appearance_is_the_authors_hedged_claim(pipeline: LoadedPipeline) -> None:
    text = "The new bridge seems unlikely to open before the winter storms."
    claim = find(claims_of(pipeline, text), text, AUTHOR, "seems", "The new bridge")
    assert claim.stance == "hedged"
    assert pieces(claim, text)[0] == "The new bridge"
    assert pieces(claim, text)[-1].startswith("unlikely to open")


def test_appearance_with_infinitive_and_like(pipeline: LoadedPipeline) -> None:
    text = "Turnout appears to have fallen sharply. The contest looks like a two-horse race."
    claims = claims_of(pipeline, text)
    find(claims, text, AUTHOR, "appears", "Turnout")
    find(claims, text, AUTHOR, "looks like", "The contest")


def test_appearing_somewhere_is_no_cue(pipeline: LoadedPipeline) -> None:
    text = "The governor appeared on television on Sunday."
    assert all(c.cue is None for c in claims_of(pipeline, text)), rows(
        claims_of(pipeline, text), text
    )


def test_appearance_inside_a_quotation_is_the_speakers(pipeline: LoadedPipeline) -> None:
    text = "“The plan seems doomed,” the senator said."
    claims = claims_of(pipeline, text)
    assert [c.speaker for c in claims if c.cue is not None] == ["senator"], rows(claims, text)


def test_hearsay_adverb_is_an_unnamed_report(pipeline: LoadedPipeline) -> None:
    text = "The treasurer reportedly moved the funds to a private account."
    claim = find(claims_of(pipeline, text), text, UNNAMED, "reportedly", "The treasurer")
    assert pieces(claim, text) == ["The treasurer", "moved the funds to a private account"]


def test_agentless_question(pipeline: LoadedPipeline) -> None:
    text = "Asked about the new tariffs, the minister said they would be temporary."
    claims = claims_of(pipeline, text)
    find(claims, text, UNNAMED, "Asked", "the new tariffs")
    find(claims, text, "minister", "said", "they would be temporary")


def test_poll_as_a_source(pipeline: LoadedPipeline) -> None:
    text = "In the latest poll, the mayor leads her rival by ten points."
    claim = find(claims_of(pipeline, text), text, "latest poll", "In", "the mayor leads")
    assert claim.speaker_span is not None


def test_statement_is_left_to_its_cue(pipeline: LoadedPipeline) -> None:
    text = "In a statement, the union said the strike would continue."
    claims = claims_of(pipeline, text)
    assert [c.cue.text_of(text) for c in claims if c.cue is not None] == ["said"]


def test_colon_after_cue_and_listener(pipeline: LoadedPipeline) -> None:
    text = "She tells the crowd: “We will rebuild the harbour, and we will do it this year.”"
    claims = claims_of(pipeline, text)
    find(claims, text, "She", "tells", "We will rebuild the harbour")


def test_colon_before_a_quotation_continued_in_the_next_paragraph(
    pipeline: LoadedPipeline,
) -> None:
    text = "The mayor said: “We have a plan for the harbour. We will fund it ourselves."
    claims = claims_of(pipeline, text)
    claim = find(claims, text, "mayor", "said", "We have a plan")
    assert claim.content.text_of(text).endswith("fund it ourselves")


def test_purpose_infinitive_shares_the_subject(pipeline: LoadedPipeline) -> None:
    text = "The governor went on the radio to defend her new budget."
    find(claims_of(pipeline, text), text, "governor", "to defend", "her new budget")


def test_position_verbs_need_a_speaking_subject(pipeline: LoadedPipeline) -> None:
    text = "The senator supports the new budget. The record reveals a deeper problem."
    claims = claims_of(pipeline, text)
    find(claims, text, "senator", "supports", "the new budget")
    assert all(c.cue_lemma != "reveal" for c in claims), rows(claims, text)


@pytest.mark.parametrize(
    "text",
    [
        "He said: “",
        "Reportedly.",
        "It seems.",
        "Asked,",
        "In the poll,",
        "She tells the crowd: ",
        "“Unbalanced, he said: “and then",
        "seems like like like",
    ],
)
def test_odd_fragments_never_raise(pipeline: LoadedPipeline, text: str) -> None:
    assert_valid(claims_of(pipeline, text), text)
