"""The encoder's claims head at work (``--encoder``): attributions the rules cannot read,
whole sources, whole contents. Invented text; the real model (skipped when it cannot run)."""

from __future__ import annotations

import pytest

from tui.analysis import analyze, load_pipeline
from tui.analysis.model import Analysis, Claim
from tui.analysis.pipeline import LoadedPipeline
from tui.encoder import encoder_problem
from tui.engine.layers import attach_encoder

pytestmark = pytest.mark.skipif(
    encoder_problem() is not None, reason=f"the encoder cannot run here: {encoder_problem()}"
)


@pytest.fixture(scope="module")
def rules() -> LoadedPipeline:
    """Slant as it runs by default: the rules and the token network."""
    return load_pipeline()


@pytest.fixture(scope="module")
def encoded() -> LoadedPipeline:
    """Slant with ``--encoder``: the same pipeline with the encoder attached."""
    pipeline = load_pipeline()
    assert attach_encoder(pipeline.nlp)
    return pipeline


def _reported(analysis: Analysis) -> list[Claim]:
    return [claim for claim in analysis.claims if claim.cue is not None]


def _text(text: str, span: object) -> str:
    return "" if span is None else text[span.start:span.end]  # type: ignore[attr-defined]


def test_a_verb_outside_the_lexicon_is_read_by_the_head(
    rules: LoadedPipeline, encoded: LoadedPipeline
) -> None:
    text = "Mayor Ana Ruiz fumed that the water budget was a disgrace to the valley."
    assert not _reported(analyze(text, rules))
    claim, = _reported(analyze(text, encoded))
    assert (claim.speaker, claim.key) == ("Ana Ruiz", "ana ruiz")
    assert _text(text, claim.cue) == "fumed"
    assert _text(text, claim.content) == "that the water budget was a disgrace to the valley"
    # The head's certainty bounds the claim's confidence (a verb no lexicon lists).
    assert 0.6 <= claim.confidence <= 1.0


def test_the_source_is_the_whole_noun_phrase_and_the_speaker_its_name(
    rules: LoadedPipeline, encoded: LoadedPipeline
) -> None:
    text = ("The decision, according to several farmers interviewed by the Tribune, will force "
            "dozens of family farms to close.")
    plain, = _reported(analyze(text, rules))
    claim, = _reported(analyze(text, encoded))
    assert _text(text, plain.speaker_span) == "several farmers"
    assert _text(text, claim.speaker_span) == "several farmers interviewed by the Tribune"
    assert claim.speaker == plain.speaker == "several farmers"
    assert _text(text, claim.content) == _text(text, plain.content)


def test_a_quotation_keeps_its_words_without_its_marks(encoded: LoadedPipeline) -> None:
    text = ("“We will not let the valley run dry,” Governor Lena Holt told reporters on "
            "Tuesday.")
    claim, = _reported(analyze(text, encoded))
    assert (claim.speaker, claim.key) == ("Lena Holt", "lena holt")
    assert _text(text, claim.content) == "We will not let the valley run dry"


def test_a_heading_stays_the_authors(encoded: LoadedPipeline) -> None:
    text = "Valley farmers reject water deal, demand new vote\n\nThe vote is set for May."
    assert not _reported(analyze(text, encoded))


def test_one_person_one_key_with_the_head(encoded: LoadedPipeline) -> None:
    text = ("Senate Minority Leader Robert Kline said the rationing order would hurt farmers. "
            "Kline fumed that the board had ignored the valley.\n\n"
            "Robert Kline later told reporters that he would fight the order in court.")
    claims = _reported(analyze(text, encoded))
    assert len(claims) == 3
    assert {claim.key for claim in claims} == {"robert kline"}
    assert {claim.speaker for claim in claims} == {"Robert Kline"}


@pytest.mark.parametrize("text", [
    "", "   \n\n  ", "“", "”,” he said.", "\x1b[31mThe mayor\x1b[0m said it was \x1b]8;;x\x07fine.",
    "\u202eThe senator said\u202c “no.", "said said said said", "“" * 300,
    " ".join(["Officials warned that the dam could fail, she said."] * 60),
])
def test_odd_text_never_raises_and_claims_stay_inside_it(
    encoded: LoadedPipeline, text: str
) -> None:
    for claim in analyze(text, encoded).claims:
        for span in (claim.content, claim.cue, claim.speaker_span, *claim.pieces):
            assert span is None or 0 <= span.start < span.end <= len(text)


def test_a_grown_content_never_takes_another_claims_words(encoded: LoadedPipeline) -> None:
    text = ("The talks moved ahead, with Mayor Ana Ruiz hinting that a deal could come within "
            "weeks and a new venue being floated by the governor’s adviser.\n\n"
            "Councillor Dan Okafor urges a careful, well-prepared vote and even imagines a "
            "joint session with the county board.")
    contents = {(_text(text, claim.cue), _text(text, claim.content))
                for claim in _reported(analyze(text, encoded))}
    assert contents == {
        ("hinting", "that a deal could come within weeks"),
        ("being floated", "a new venue"),
        ("urges", "a careful, well-prepared vote"),
        ("imagines", "a joint session with the county board"),
    }


def test_the_bundled_op_ed_keeps_its_claims_with_the_head(
    rules: LoadedPipeline, encoded: LoadedPipeline
) -> None:
    from paths import REPO

    text = (REPO / "seeds" / "anti-imperialist-op-ed-peace-talks.txt").read_text("utf-8")

    def reported(pipeline: LoadedPipeline) -> list[tuple[str, str, str]]:
        return [(claim.speaker, _text(text, claim.cue), _text(text, claim.content))
                for claim in _reported(analyze(text, pipeline))]

    assert reported(encoded) == reported(rules)
