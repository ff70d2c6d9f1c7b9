"""The encoder's word pieces brought onto spaCy's tokens, and mixed into the trained layer."""

from __future__ import annotations

from typing import Any

import numpy
import pytest

from tui.analysis import analyze
from tui.analysis.devices import COMPONENT_NAME
from tui.analysis.devices.encoded import EncoderSettings, token_matrix
from tui.analysis.pipeline import LoadedPipeline, load_pipeline

LABELS = ("O", "Loaded_Language", "Doubt")


class Pieces:
    """An encoder stand-in: every piece of the word ``marked`` is loaded language at
    ``chance``, the rest nothing. (The real model is tested in tests/encoder.)"""

    labels = ("O", "Loaded_Language", "Name_Calling,Labeling")
    name = "test-encoder"

    def __init__(self, marked: str, chance: float, settings: dict[str, Any]) -> None:
        self.marked, self.chance, self.settings = marked, chance, settings

    def __call__(self, texts: list[str]) -> list[Any]:
        found = []
        for text in texts:
            starts = [i for i in range(len(text)) if text.startswith(self.marked, i)]
            probs = numpy.zeros((len(starts), len(self.labels)), dtype=numpy.float32)
            probs[:, 1] = self.chance
            found.append((numpy.array(starts, dtype=numpy.int64),
                          numpy.array([s + len(self.marked) for s in starts], dtype=numpy.int64),
                          probs))
        return found


@pytest.fixture(scope="module")
def pipeline() -> LoadedPipeline:
    """A pipeline of its own: the tests give its component an encoder."""
    return load_pipeline()


def test_a_token_takes_its_pieces_highest_chance_and_o_is_the_rest(
    pipeline: LoadedPipeline,
) -> None:
    doc = pipeline.nlp.make_doc("The scheme is a disgraceful sham.")
    # "disgraceful" in three pieces, "sham" in one; the labels come in another order.
    pieces = (numpy.array([16, 21, 26, 28]), numpy.array([21, 26, 27, 32]),
              numpy.array([[0.1, 0.0, 0.2], [0.1, 0.0, 0.7], [0.1, 0.0, 0.4],
                           [0.1, 0.3, 0.9]], dtype=numpy.float32))
    matrix = token_matrix(doc, pieces, ("O", "Doubt", "Loaded_Language"), LABELS)
    words = [token.text for token in doc]
    assert matrix[words.index("disgraceful")].tolist() == pytest.approx([0.3, 0.7, 0.0])
    assert matrix[words.index("sham")].tolist() == pytest.approx([0.1, 0.9, 0.3])
    assert matrix[words.index("scheme")].tolist() == [1.0, 0.0, 0.0]


def test_settings_default_to_the_encoder_alone_with_the_layers_thresholds() -> None:
    settings = EncoderSettings({})
    assert (settings.mix, settings.seed, settings.extend) == (1.0, None, None)


def test_a_sure_encoder_adds_a_model_device_named_after_it(pipeline: LoadedPipeline) -> None:
    text = "The council met on Tuesday and the plan was described as a boondoggle by residents."
    component = pipeline.nlp.get_pipe(COMPONENT_NAME)
    try:
        component.encoder = Pieces("boondoggle", 0.99, {"mix": 1.0, "seed": 0.5})
        found = [d for d in analyze(text, pipeline).devices if d.evidence == "model"]
        component.encoder = Pieces("boondoggle", 0.0, {"mix": 1.0, "seed": 0.5})
        silent = [d for d in analyze(text, pipeline).devices if d.evidence == "model"]
    finally:
        component.encoder = None
    # The one decoding keeps highlights to phrases: the article joins its noun.
    assert [(d.span.text_of(text), d.rule) for d in found] == [("a boondoggle", "test-encoder")]
    assert 0.9 <= found[0].confidence <= 1.0
    assert silent == []


def test_mixed_in_part_the_device_names_both_models(pipeline: LoadedPipeline) -> None:
    text = "The council met on Tuesday and the plan was described as a boondoggle by residents."
    component = pipeline.nlp.get_pipe(COMPONENT_NAME)
    try:
        component.encoder = Pieces("boondoggle", 1.0, {"mix": 0.9, "seed": 0.5})
        found = [d for d in analyze(text, pipeline).devices if d.evidence == "model"]
    finally:
        component.encoder = None
    assert [d.rule for d in found] == ["ptc-token-mlp+test-encoder"]
