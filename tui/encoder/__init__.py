"""The fine-tuned encoder: a small transformer that marks propaganda techniques, word piece
by word piece, run with ONNX Runtime on the CPU (see :mod:`tui.encoder.runtime`).

Kept apart from :mod:`tui.analysis`, which stays pure: the device component there takes any
object with the :class:`~tui.analysis.pieces.PieceScorer` shape, and the engine
gives it this one when the weights and ONNX Runtime are installed and the user has not
switched it off.
"""

from .runtime import ENCODER_NAME, Encoder, encoder_problem, load_encoder, weights_digest

__all__ = ["ENCODER_NAME", "Encoder", "encoder_problem", "load_encoder", "weights_digest"]
