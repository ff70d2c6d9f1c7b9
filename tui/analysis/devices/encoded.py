"""The fine-tuned encoder's word-piece probabilities, brought onto spaCy's tokens.

The encoder itself runs outside the analysis core (:mod:`tui.encoder`, ONNX Runtime); the
device component is handed any object of the :class:`PieceScorer` shape and turns what it
returns into a per-token matrix in the trained layer's label order, which the layer mixes
with its own before the one decoding both share (hysteresis, phrases, charge).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy
from numpy.typing import NDArray

__all__ = ["ENCODED_KEY", "EncoderSettings", "PieceScorer", "Pieces", "encode_doc",
           "encoder_settings", "token_columns", "token_matrix"]

Pieces = tuple[NDArray[numpy.int64], NDArray[numpy.int64], NDArray[numpy.float32]]

ENCODED_KEY = "slant_encoded"
"""Where :func:`encode_doc` leaves a paragraph's pieces in ``Doc.user_data``, as
``(labels, pieces, settings)``: the claim extraction reads the claims head's columns there,
so one run of the encoder serves both."""


class PieceScorer(Protocol):
    """What the device component needs of an encoder."""

    labels: tuple[str, ...]
    """``"O"`` then corpus techniques, in the order of the probabilities' columns."""
    name: str
    """The model's name, given as the rule of the devices it finds."""
    settings: Mapping[str, Any]
    """How its probabilities are mixed and decoded (see :class:`EncoderSettings`)."""

    def __call__(self, texts: Sequence[str]) -> list[Pieces]:
        """Each text's word pieces: character starts, ends and one probability per label."""
        ...


class EncoderSettings:
    """How the encoder's probabilities join the trained layer's, chosen on validation."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        """Read ``mix`` (the encoder's share, 0–1), ``seed`` and ``extend`` (the decoding's
        thresholds with the encoder on); missing values keep the layer's own."""
        self.mix = float(settings.get("mix", 1.0))
        self.seed: float | None = float(settings["seed"]) if "seed" in settings else None
        self.extend: float | None = float(settings["extend"]) if "extend" in settings else None


def encode_doc(scorer: PieceScorer, doc: Any) -> Pieces:
    """Run ``scorer`` on the paragraph ``doc`` once and leave the result on it (see
    :data:`ENCODED_KEY`)."""
    pieces = scorer([doc.text])[0]
    doc.user_data[ENCODED_KEY] = (tuple(scorer.labels), pieces,
                                  dict(getattr(scorer, "settings", {}) or {}))
    return pieces


def encoder_settings(scorer: PieceScorer) -> EncoderSettings:
    """The mixing and decoding settings an encoder ships with."""
    return EncoderSettings(getattr(scorer, "settings", {}) or {})


def token_columns(doc: Any, pieces: Pieces, scorer_labels: Sequence[str],
                  labels: Sequence[str]) -> NDArray[numpy.float32]:
    """Per-token probabilities in ``labels`` order from word pieces: a token takes, per label,
    the highest probability of the pieces that start in it; a label the scorer lacks, and a
    token without pieces (a space), get 0."""
    starts, _ends, probs = pieces
    matrix = numpy.zeros((len(doc), len(labels)), dtype=numpy.float32)
    if len(doc) and len(starts):
        token_starts = doc.to_array("IDX").astype(numpy.int64)
        owner = numpy.searchsorted(token_starts, starts, side="right") - 1
        owner = numpy.clip(owner, 0, len(doc) - 1)
        column = {label: index for index, label in enumerate(scorer_labels)}
        for target, label in enumerate(labels):
            if label in column:
                numpy.maximum.at(matrix[:, target], owner, probs[:, column[label]])
    return matrix


def token_matrix(doc: Any, pieces: Pieces, scorer_labels: Sequence[str],
                 labels: Sequence[str]) -> NDArray[numpy.float32]:
    """Per-token probabilities in ``labels`` order (``"O"`` first) from word pieces.

    A token takes, per technique, the highest probability of the pieces inside it
    (:func:`token_columns`); its "O" column is one minus its highest technique probability,
    so "inside some technique" means what it means for the trained layer's softmax. Tokens
    without pieces (spaces) are "O".
    """
    matrix = token_columns(doc, pieces, scorer_labels, ("", *labels[1:]))
    matrix[:, 0] = 1.0 - matrix[:, 1:].max(axis=1, initial=0.0)
    return matrix
