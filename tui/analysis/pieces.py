"""The fine-tuned encoder's word pieces on a paragraph's ``Doc``: what the heads share.

The encoder runs outside the analysis core (:mod:`tui.encoder`, ONNX Runtime) and is handed
in as any object of the :class:`PieceScorer` shape. The device component runs it once per
paragraph (:func:`encode_doc`) and leaves its pieces on the ``Doc``, where the claim
extraction reads the claims head's columns; :func:`token_columns` brings either head's
piece probabilities onto spaCy's tokens.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy
from numpy.typing import NDArray

__all__ = ["ENCODED_KEY", "PieceScorer", "Pieces", "encode_doc", "token_columns"]

Pieces = tuple[NDArray[numpy.int64], NDArray[numpy.int64], NDArray[numpy.float32]]
"""A text's word pieces: character starts, ends and one probability per label."""

ENCODED_KEY = "slant_encoded"
"""Where :func:`encode_doc` leaves a paragraph's pieces in ``Doc.user_data``, as
``(labels, pieces, settings)``: the claim extraction reads the claims head's columns there,
so one run of the encoder serves both."""


class PieceScorer(Protocol):
    """What the analysis needs of an encoder."""

    labels: tuple[str, ...]
    """``"O"`` then corpus techniques (then the claims head's channels, if it has them), in
    the order of the probabilities' columns."""
    name: str
    """The model's name, given as the rule of the devices it finds."""
    settings: Mapping[str, Any]
    """How its probabilities are mixed and decoded (see
    :class:`tui.analysis.devices.encoded.EncoderSettings`)."""

    def __call__(self, texts: Sequence[str]) -> list[Pieces]:
        """Each text's word pieces: character starts, ends and one probability per label."""
        ...


def encode_doc(scorer: PieceScorer, doc: Any) -> Pieces:
    """Run ``scorer`` on the paragraph ``doc`` once and leave the result on it (see
    :data:`ENCODED_KEY`)."""
    pieces = scorer([doc.text])[0]
    doc.user_data[ENCODED_KEY] = (tuple(scorer.labels), pieces,
                                  dict(getattr(scorer, "settings", {}) or {}))
    return pieces


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
