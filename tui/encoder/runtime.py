"""Running the fine-tuned encoder: ``tokenizers`` cuts a paragraph into word pieces, ONNX
Runtime runs the int8 model over windows of them, NumPy averages the windows' sigmoids.

The weights (``data/encoder.onnx``, ``data/tokenizer.json``, ``data/encoder.json``) ship in
the wheel; their provenance is in the README. Nothing here imports PyTorch or reaches the
network. When the weights, ``onnxruntime`` or ``tokenizers`` are missing, :func:`load_encoder`
returns ``None`` and :func:`encoder_problem` says why: the rules and the token network then
find the devices alone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any

import numpy
from numpy.typing import NDArray

__all__ = ["ENCODER_NAME", "Encoder", "encoder_problem", "load_encoder", "weights_digest"]

ENCODER_NAME = "ptc-minilm-onnx"
"""The name a device found by the encoder gives as its rule (``evidence: "model"``)."""

_MODEL_FILE = "encoder.onnx"
_TOKENIZER_FILE = "tokenizer.json"
_SETTINGS_FILE = "encoder.json"
_CLS, _SEP, _PAD = "[CLS]", "[SEP]", "[PAD]"

Pieces = tuple[NDArray[numpy.int64], NDArray[numpy.int64], NDArray[numpy.float32]]
"""A paragraph's word pieces: character starts, ends and per-label probabilities."""


def _data() -> Traversable:
    return resources.files(__package__).joinpath("data")


class Encoder:
    """The loaded model: call it with paragraphs to get their pieces' probabilities."""

    def __init__(self, session: Any, tokenizer: Any, settings: dict[str, Any]) -> None:
        """Wrap an ONNX Runtime session, a ``tokenizers.Tokenizer`` and the model's settings
        (labels, window length and stride)."""
        self._session = session
        self._tokenizer = tokenizer
        self.labels: tuple[str, ...] = tuple(
            str(label) for label in (*settings["labels"], *settings.get("claim_labels", ()))
        )
        """``"O"`` then the corpus techniques, in the model's output order; then, when the
        model has a claims head, its channels (``claim:source``, ``claim:cue`` …)."""
        self.name = ENCODER_NAME
        """What the devices it finds name as their rule."""
        self.settings: dict[str, Any] = dict(settings)
        """How its probabilities join the token network's (``mix``, ``seed``, ``extend``),
        chosen on validation; see :class:`tui.analysis.devices.encoded.EncoderSettings`."""
        self._size = int(settings.get("max_len", 256)) - 2
        self._stride = int(settings.get("stride", 192))
        self._ids = {name: tokenizer.token_to_id(name) for name in (_CLS, _SEP, _PAD)}
        self._inputs = {item.name for item in session.get_inputs()}
        # The device head's logits, then the claims head's when the model has one.
        self._outputs = ["logits"] + (["claims"] if settings.get("claim_labels") else [])

    def __call__(self, texts: Sequence[str]) -> list[Pieces]:
        """The word pieces of each text, with their probabilities (one sigmoid per label)."""
        return [self._one(text) for text in texts]

    def _one(self, text: str) -> Pieces:
        encoding = self._tokenizer.encode(text, add_special_tokens=False)
        ids = numpy.asarray(encoding.ids, dtype=numpy.int64)
        offsets = numpy.asarray(encoding.offsets, dtype=numpy.int64).reshape(-1, 2)
        if not len(ids):
            empty = numpy.zeros(0, dtype=numpy.int64)
            return empty, empty, numpy.zeros((0, len(self.labels)), dtype=numpy.float32)
        return offsets[:, 0], offsets[:, 1], self._probabilities(ids)

    def _probabilities(self, ids: NDArray[numpy.int64]) -> NDArray[numpy.float32]:
        """Per-piece probabilities from overlapping windows, each piece weighted by its
        distance to its window's nearer edge (judged mostly with context on both sides)."""
        n, size = len(ids), self._size
        bounds = [(0, n)] if n <= size else [
            *((start, start + size) for start in range(0, n - size, self._stride)),
            (n - size, n),
        ]
        total = numpy.zeros((n, len(self.labels)), dtype=numpy.float64)
        weight = numpy.zeros(n, dtype=numpy.float64)
        width = max(b - a for a, b in bounds) + 2
        batch = numpy.full((len(bounds), width), self._ids[_PAD], dtype=numpy.int64)
        mask = numpy.zeros_like(batch)
        for row, (a, b) in enumerate(bounds):
            batch[row, 0], batch[row, b - a + 1] = self._ids[_CLS], self._ids[_SEP]
            batch[row, 1 : b - a + 1] = ids[a:b]
            mask[row, : b - a + 2] = 1
        feeds = {"input_ids": batch, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = numpy.zeros_like(batch)
        logits = numpy.concatenate(self._session.run(self._outputs, feeds), axis=-1)
        logits = logits.astype(numpy.float64)
        probs = 1.0 / (1.0 + numpy.exp(-logits))
        for row, (a, b) in enumerate(bounds):
            position = numpy.arange(b - a)
            w = numpy.minimum(position, b - a - 1 - position) + 1.0
            total[a:b] += probs[row, 1 : b - a + 1] * w[:, None]
            weight[a:b] += w
        result: NDArray[numpy.float32] = (total / weight[:, None]).astype(numpy.float32)
        return result


@lru_cache(maxsize=4)
def load_encoder(threads: int = 1) -> Encoder | None:
    """The packaged encoder on ``threads`` CPU threads, or ``None`` (see
    :func:`encoder_problem`)."""
    if encoder_problem() is not None:
        return None
    import onnxruntime  # type: ignore[import-untyped]
    from tokenizers import Tokenizer

    folder = _data()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = max(1, threads)
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3
    with resources.as_file(folder.joinpath(_MODEL_FILE)) as path:
        session = onnxruntime.InferenceSession(str(path), options,
                                               providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_str(folder.joinpath(_TOKENIZER_FILE).read_text("utf-8"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    settings = json.loads(folder.joinpath(_SETTINGS_FILE).read_text("utf-8"))
    return Encoder(session, tokenizer, settings)


@lru_cache(maxsize=1)
def encoder_problem() -> str | None:
    """Why the encoder cannot run here (weights or a library missing), or ``None``."""
    folder = _data()
    missing = [name for name in (_MODEL_FILE, _TOKENIZER_FILE, _SETTINGS_FILE)
               if not folder.joinpath(name).is_file()]
    if missing:
        return f"the encoder's weights are not installed ({', '.join(missing)})"
    for library in ("onnxruntime", "tokenizers"):
        try:
            __import__(library)
        except Exception as error:  # an ImportError, or a broken binary wheel
            return f"the encoder needs {library}, which cannot be imported ({error})"
    return None


@lru_cache(maxsize=1)
def weights_digest() -> str:
    """A digest of the shipped weights and settings ("" without them): part of the cache key,
    so that analyses by another model are never served."""
    digest = hashlib.sha256()
    folder = _data()
    for name in (_SETTINGS_FILE, _MODEL_FILE):
        entry = folder.joinpath(name)
        if not entry.is_file():
            return ""
        digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]
