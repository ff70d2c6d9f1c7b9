"""The whole analysis on the bundled sample op-ed, and its invariants on arbitrary text."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.analysis import AUTHOR, Analysis, LoadedPipeline, analyze, load_pipeline, split_paragraphs
from tui.documents.loading import Document


@pytest.fixture(scope="module")
def pipeline() -> LoadedPipeline:
    return load_pipeline()


@pytest.fixture(scope="module")
def sample_analysis(sample: Document, pipeline: LoadedPipeline) -> Analysis:
    return analyze(sample.text, pipeline)


def test_sample_entities_include_the_protagonists(sample_analysis: Analysis) -> None:
    found = {(entity.text, entity.label) for entity in sample_analysis.entities}
    for expected in [("Zelensky", "PERSON"), ("Putin", "PERSON"), ("Moscow", "GPE"),
                     ("China", "GPE"), ("Merz", "PERSON"), ("Trump", "PERSON")]:
        assert expected in found


def test_symbol_only_entities_are_dropped(sample_analysis: Analysis) -> None:
    for entity in sample_analysis.entities:
        assert any(char.isalnum() for char in entity.text)


def test_sample_claims_have_the_expected_speakers(sample_analysis: Analysis) -> None:
    speakers = {claim.speaker for claim in sample_analysis.claims}
    for expected in ("Washington", "Merz", "Zelensky", "European officials", "China", AUTHOR):
        assert expected in speakers


def test_sample_has_devices_with_reasons(sample_analysis: Analysis) -> None:
    assert sample_analysis.devices
    for device in sample_analysis.devices:
        assert device.reason
        assert device.id in {kind.id for kind in sample_analysis.device_kinds}


def test_every_span_slices_the_text(sample: Document, sample_analysis: Analysis) -> None:
    text = sample.text
    for entity in sample_analysis.entities:
        assert entity.span.text_of(text) == entity.text
    for claim in sample_analysis.claims:
        assert claim.sentence.contains(claim.content) or claim.content.overlaps(claim.sentence)
        assert claim.content.end <= len(text)


def test_paragraphs_split_at_blank_lines() -> None:
    text = "First one.\n\n  \nSecond\nstill second.\n\n\nThird."
    paragraphs = split_paragraphs(text)
    assert [p.span.text_of(text) for p in paragraphs] == [
        "First one.", "Second\nstill second.", "Third."]


def test_long_paragraphs_are_cut_below_the_limit() -> None:
    text = "A sentence that goes on. " * 4000
    paragraphs = split_paragraphs(text, max_chars=5000)
    assert len(paragraphs) > 1
    assert all(len(p.span) <= 5000 for p in paragraphs)
    assert paragraphs[0].span.start == 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_analysis_never_raises_and_spans_are_sound(text: str) -> None:
    analysis = analyze(text, _shared_pipeline())
    for span in [e.span for e in analysis.entities] + [d.span for d in analysis.devices]:
        assert 0 <= span.start < span.end <= len(text)
    for claim in analysis.claims:
        assert 0 <= claim.content.start < claim.content.end <= len(text)
    entity_spans = sorted(e.span for e in analysis.entities)
    for left, right in itertools.pairwise(entity_spans):
        assert left.end <= right.start


_PIPELINE: list[LoadedPipeline] = []


def _shared_pipeline() -> LoadedPipeline:
    if not _PIPELINE:
        _PIPELINE.append(load_pipeline())
    return _PIPELINE[0]
