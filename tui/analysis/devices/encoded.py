"""The fine-tuned encoder's word-piece probabilities, brought onto spaCy's tokens.

The device component is handed any object of the :class:`~tui.analysis.pieces.PieceScorer`
shape and turns what it returns into a per-token matrix in the trained layer's label order,
which the layer mixes with its own before the one decoding both share (hysteresis, phrases,
charge).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy
from numpy.typing import NDArray

from ..pieces import ENCODED_KEY, Pieces, PieceScorer, encode_doc, token_columns

__all__ = ["ENCODED_KEY", "EncoderSettings", "PieceScorer", "Pieces", "encode_doc",
           "encoder_settings", "token_columns", "token_matrix"]


class EncoderSettings:
    """How the encoder's probabilities join the trained layer's, chosen on validation."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        """Read ``mix`` (the encoder's share, 0–1), ``seed`` and ``extend`` (the decoding's
        thresholds with the encoder on); missing values keep the layer's own."""
        self.mix = float(settings.get("mix", 1.0))
        self.seed: float | None = float(settings["seed"]) if "seed" in settings else None
        self.extend: float | None = float(settings["extend"]) if "extend" in settings else None


def encoder_settings(scorer: PieceScorer) -> EncoderSettings:
    """The mixing and decoding settings an encoder ships with."""
    return EncoderSettings(getattr(scorer, "settings", {}) or {})


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
