"""The trained layer of the device engine: a small token classifier over spaCy's own vectors.

Each token is described by the contextual vector the pipeline has already computed
(``doc.tensor``, from the shared ``tok2vec``: syntax more than meaning), by a semantic vector
of its word (all-MiniLM-L6-v2's embedding of the word alone, multiplied into the network's
first layer at training time, so it ships as one row of numbers per word and costs one table
look-up), by which rule-based devices cover it, by its
VADER valence and a learned lexicon's odds that its word lies in each technique (with their
maxima nearby and over its sentence), by the same odds for the word pairs it forms with its
neighbours ("deep state", "so-called experts"), by the paragraph's overall tone, and by a few
surface facts (inside quotation marks, position in the sentence). A one-hidden-layer network maps
that to the probability of each corpus technique, or none; :mod:`.decoding` turns runs of
likely tokens into spans.

It costs two small matrix products per paragraph and no second pass of spaCy, which keeps
device detection close to the speed of the bare pipeline. The weights are trained by
``benchmarks/train_devices.py`` on the training articles of the Propaganda Techniques Corpus
(the README says how) and ship in ``data/`` as a compressed NumPy file; everything here is
plain NumPy (with thinc's matrix product, which spaCy ships), so the layer loads offline on
any CPU.

It runs past the house's ~400 lines because the features and the network's forward pass
must read the trained weights' layout in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from itertools import pairwise
from typing import Any

import numpy
from numpy.typing import NDArray

from ..libraries import require
from .decoding import (
    Matrix,
    ModelHit,
    bridge,
    cut_at_clause,
    decode,
    edge_trim,
    fit_to_phrase,
    token_strings,
    widen,
)
from .encoded import EncoderSettings
from .lexicons import HashedTable, hash_keys, lexical_keys, pair_keys
from .quotes import Quote, find_quotes

__all__ = [
    "LABELLED_TECHNIQUES",
    "MODEL_FILE",
    "MODEL_NAME",
    "ModelHit",
    "SpanModel",
    "assemble",
    "edge_trim",
    "hash_keys",
    "lexical_keys",
    "pair_keys",
    "rule_kinds",
    "token_features",
    "valences",
]

MODEL_FILE = "devices-model.npz"
"""File name of the shipped weights inside the package's data folder."""

MODEL_NAME = "ptc-token-mlp"
"""Name of the trained layer, used as the ``rule`` of the devices it finds."""

TENSOR_WIDTH = 96
"""Width of the ``tok2vec`` vectors of the small English pipeline the model was trained on;
other widths (other pipelines) get zeros, and the layer relies on its other features."""

LABELLED_TECHNIQUES = frozenset(
    {"Loaded_Language", "Name_Calling,Labeling", "Exaggeration,Minimisation", "Doubt",
     "Appeal_to_fear-prejudice", "Flag-Waving"}
)
"""Techniques the model names a span with: those with a few hundred training examples or
more. For the rarer ones (slogans, clichés, causal oversimplification …) its label is a
guess, so a span it finds is named after the likeliest of these instead; the rules find the
rarer techniques by their unmistakable forms."""

# Loaded language and name-calling are words, not clauses: nine in ten of the corpus's spans
# have at most 8 words. A longer model span of either is a run-on, not a phrase to show.
_MAX_WORDS = 10
_WORDS_AND_NAMES = frozenset({"Loaded_Language", "Name_Calling,Labeling"})
_SURE = 0.6
_SURE_WORD = 0.55  # a one-word span charged only by the learned lexicon needs this much
_STRONG_VALENCE = 1.5 / 4  # VADER valence of 1.5 or more, scaled as in the features
_MARKED_ODDS = 1.0  # a word at least e times likelier than usual to lie in a technique
_VALENCE_COLUMN = 2 * 15 + 2  # after the odds, their window and the sentence pair
_FUNCTION_WORDS = frozenset(
    {
        "about", "above", "after", "again", "against", "also", "because", "been", "before",
        "being", "below", "between", "both", "could", "does", "doing", "down", "during", "each",
        "from", "further", "have", "having", "here", "into", "itself", "just", "more", "most",
        "much", "must", "only", "other", "over", "same", "should", "some", "such", "than", "that",
        "their", "them", "then", "there", "these", "they", "this", "those", "through", "under",
        "until", "very", "what", "when", "where", "which", "while", "whom", "will", "with",
        "would", "your", "yours",
    }
)

def rule_kinds(kinds: Sequence[str]) -> dict[str, int]:
    """Column of each device kind among the rule-flag features."""
    return {kind: index for index, kind in enumerate(kinds)}


def token_features(
    doc: Any,
    rule_hits: Sequence[tuple[int, int, str]],
    columns: dict[str, int],
    priors: Matrix,
    words: list[str] | None = None,
    quotes: list[Quote] | None = None,
    pairs: Matrix | None = None,
) -> Matrix:
    """The feature matrix of ``doc``: one row per token.

    ``rule_hits`` are the rule-based devices as ``(start_token, end_token, kind id)``;
    ``columns`` gives each kind's flag column (kinds not in it are ignored); ``priors`` has
    one row per token: the learned lexicon's technique log-odds for its word; ``words``
    are the tokens' :func:`lexical_keys` and ``quotes`` the doc's quoted stretches, when the
    caller has them already; ``pairs`` the pair lexicon's odds (see :func:`assemble`).
    """
    length = len(doc)
    tensor = numpy.asarray(doc.tensor, dtype=numpy.float32)
    if tensor.ndim != 2 or tensor.shape[0] != length or tensor.shape[1] != TENSOR_WIDTH:
        tensor = numpy.zeros((length, TENSOR_WIDTH), dtype=numpy.float32)
    flags = numpy.zeros((length, len(columns)), dtype=numpy.float32)
    for start, end, kind in rule_hits:
        column = columns.get(kind)
        if column is not None:
            flags[start:end, column] = 1.0
    starts = (
        numpy.asarray(doc.to_array("SENT_START"))
        if doc.has_annotation("SENT_START")
        else numpy.zeros(length, dtype=numpy.int64)
    )
    if words is None:
        words = lexical_keys(doc)
    table = valences()
    valence = numpy.fromiter(
        (
            table.get(lower, table.get(word, 0.0))
            for lower, word in zip(token_strings(doc, "LOWER"), words, strict=True)
        ),
        dtype=numpy.float32,
        count=length,
    )
    quoted = _quoted(doc, find_quotes(doc.text) if quotes is None else quotes)
    return assemble(tensor, flags, starts, quoted, priors, valence, words, pairs)


def assemble(
    tensor: Matrix,
    flags: Matrix,
    sentence_starts: NDArray[Any],
    quoted: NDArray[numpy.float32],
    priors: Matrix,
    valence: NDArray[numpy.float32],
    words: Sequence[str],
    pairs: Matrix | None = None,
) -> Matrix:
    """Put the per-token facts together into features (shared by training and use):
    the lexicon's log-odds of the token and their maximum over the two words either side,
    the sentence's highest and mean odds of any technique, the VADER valence, the token's
    vector, the rule flags, its position in the sentence and in quotation marks, the
    paragraph's tone and, last, ``pairs`` when given: the pair lexicon's log-odds of the
    token's pair with the word before, then of its pair with the word after."""
    length = len(tensor)
    padded = numpy.zeros((length + 4, priors.shape[1]), dtype=numpy.float32)
    padded[2:-2] = priors
    window = numpy.maximum.reduce([padded[i : i + length] for i in range(5)])
    sentence = numpy.zeros((length, 2), dtype=numpy.float32)
    position = numpy.zeros((length, 3), dtype=numpy.float32)
    bounds = [0, *numpy.flatnonzero(sentence_starts == 1).tolist(), length]
    for first, last in pairwise(bounds):
        if last > first:
            sentence[first:last, 0] = priors[first:last, 0].max()
            sentence[first:last, 1] = priors[first:last, 0].mean()
            size = last - first
            position[first:last, 0] = numpy.arange(size, dtype=numpy.float32) / max(size - 1, 1)
            position[first:last, 1] = min(size, 60) / 60.0
    position[:, 2] = quoted
    strength = numpy.abs(valence / 4)
    padded_strength = numpy.zeros(length + 4, dtype=numpy.float32)
    padded_strength[2:-2] = strength
    near = numpy.maximum.reduce([padded_strength[i : i + length] for i in range(5)])
    sentiment = numpy.stack([valence / 4, strength, (strength >= 0.5), near], axis=1)
    # The paragraph's tone (how charged its words are overall) and how often each content
    # word recurs in it: repetition is a technique, and a charged text tends to stay so.
    tone = numpy.zeros((length, 3), dtype=numpy.float32)
    if length:
        tone[:, 0] = priors[:, 0].mean()
        tone[:, 1] = strength.mean()
        tone[:, 2] = numpy.log1p(_recurrences(words))
    parts = [priors, window, sentence, sentiment.astype(numpy.float32), tensor, flags, position]
    parts.append(tone)
    if pairs is not None:
        parts.append(pairs)
    return numpy.hstack(parts).astype(numpy.float32)


def _recurrences(words: Sequence[str]) -> NDArray[numpy.float32]:
    """For each word, how many other times it occurs (0 for short or function words)."""
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    return numpy.fromiter(
        (
            counts[word] - 1 if len(word) > 3 and word.isalpha() and word not in _FUNCTION_WORDS
            else 0
            for word in words
        ),
        dtype=numpy.float32,
        count=len(words),
    )


SENTIMENT_LIBRARY = "vaderSentiment"
"""The package whose lexicon gives each word's valence."""
DETECTING_DEVICES = "detecting rhetorical devices"


@lru_cache(maxsize=1)
def valences() -> dict[str, float]:
    """The VADER sentiment lexicon (word to valence, -4 to 4), from the ``vaderSentiment``
    package's data file; empty when the file cannot be read.

    Raises:
        LibraryError: the package cannot be imported.
    """
    package = require(SENTIMENT_LIBRARY, DETECTING_DEVICES)
    try:
        source = resources.files(package) / "vader_lexicon.txt"
        text = source.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return {}
    table: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                table[parts[0]] = float(parts[1])
            except ValueError:
                continue
    return table


def _quoted(doc: Any, quotes: list[Quote]) -> NDArray[numpy.float32]:
    """1.0 for tokens inside quotation marks."""
    inside = numpy.zeros(len(doc), dtype=numpy.float32)
    if not quotes:
        return inside
    starts = numpy.asarray(doc.to_array("IDX"), dtype=numpy.int64)
    for quote in quotes:
        first, last = quote.content
        inside[(starts >= first) & (starts < last)] = 1.0
    return inside


def _charged_enough(
    hit: ModelHit, charged: NDArray[numpy.bool_], negative: NDArray[numpy.bool_]
) -> bool:
    """Whether a model span holds enough charge to be shown. A span of one word must carry it
    itself, however sure the model is of the context: a strongly negative word ("ruin"), or
    one the corpus often marks when the model is fairly sure ("nudging" at 52% is not)."""
    if hit.end - hit.start == 1:
        return bool(negative[hit.start]) or (
            hit.confidence >= _SURE_WORD and bool(charged[hit.start])
        )
    return hit.confidence >= _SURE or bool(charged[hit.start : hit.end].any())


class SpanModel:
    """The trained token classifier and its decoding into spans."""

    def __init__(self, weights: dict[str, Any]) -> None:
        """Build from the arrays of a weights file (see ``benchmarks/train_devices.py``)."""
        self.kinds: list[str] = [str(kind) for kind in weights["kinds"]]
        """Device kinds whose rule flags are features, in column order."""
        self.labels: list[str] = [str(label) for label in weights["labels"]]
        """Output classes: ``"O"`` (no technique) then the corpus techniques."""
        self.seed = float(weights["seed"])
        """Chance of "some technique" from which a token starts a span."""
        self.extend = float(weights["extend"])
        """Chance of "some technique" from which a neighbouring token joins a span."""
        self.gap = int(weights["gap"]) if "gap" in weights else 0
        """Most tokens between two spans of one technique that are joined into one."""
        self.widths: dict[str, str] = (
            dict(zip((str(t) for t in weights["widen_techniques"]),
                     (str(m) for m in weights["widen_modes"]), strict=True))
            if "widen_techniques" in weights
            else {}
        )
        """Technique to the extent its spans are widened to (see :func:`.decoding.widen`)."""
        self._columns = rule_kinds(self.kinds)
        # Columns of the techniques the model does not name (their mass still counts towards
        # "inside some technique", which is computed from the "O" column).
        self._unlabelled = [
            index for index, label in enumerate(self.labels)
            if index and label not in LABELLED_TECHNIQUES
        ]
        # The word and word-pair lexicons, by hashed key (see :func:`hash_keys`); weights
        # without a pair lexicon use single words alone.
        self._words = HashedTable(weights["word_keys"], weights["priors"])
        pairs = "pair_keys" in weights
        self._pairs = HashedTable(weights["pair_keys"], weights["pair_priors"]) if pairs else None
        # What each word's semantic vector adds to the hidden layer, already multiplied out
        # (see ``fold_vectors`` in ``benchmarks/train_devices.py``); unknown words add nothing.
        vectors = "vector_keys" in weights
        self._vectors = (
            HashedTable(weights["vector_keys"], weights["vector_rows"]) if vectors else None
        )
        # The inputs' standardisation, (x - mean) / scale, is folded into the first layer.
        mean = weights["mean"].astype(numpy.float64)
        scale = weights["scale"].astype(numpy.float64)
        w1 = weights["w1"].astype(numpy.float64)
        self._w1 = numpy.ascontiguousarray(w1 / scale[:, None], dtype=numpy.float32)
        self._b1 = (weights["b1"] - (mean / scale) @ w1).astype(numpy.float32)
        self._w2 = numpy.ascontiguousarray(weights["w2"], dtype=numpy.float32)
        from thinc.api import NumpyOps

        self._ops: Any = NumpyOps()
        self._b2 = weights["b2"].astype(numpy.float32)

    @classmethod
    def load(cls, source: Traversable) -> SpanModel | None:
        """Load the weights file at ``source``; ``None`` when there is none."""
        if not source.is_file():
            return None
        with source.open("rb") as handle, numpy.load(handle, allow_pickle=False) as data:
            return cls({name: data[name] for name in data.files})

    def vector_rows(
        self, words: Sequence[str], hashes: NDArray[numpy.uint32] | None = None
    ) -> Matrix | None:
        """The hidden-layer contribution of each word's semantic vector, by lexicon key or its
        hash (``None`` for weights trained without vectors)."""
        if self._vectors is None:
            return None
        return self._vectors.rows_of(hash_keys(words) if hashes is None else hashes)

    def probabilities(self, features: Matrix, vectors: Matrix | None = None) -> Matrix:
        """Class probabilities per token (rows sum to 1), given the token features and the
        rows of :meth:`vector_rows`."""
        # thinc's single-threaded BLIS: NumPy's threaded BLAS spends far longer starting its
        # threads than multiplying matrices this small, and competes with spaCy for cores.
        hidden = self._ops.gemm(numpy.ascontiguousarray(features, dtype=numpy.float32), self._w1)
        hidden += self._b1
        if vectors is not None:
            hidden += vectors
        numpy.maximum(hidden, 0, out=hidden)
        logits = self._ops.gemm(hidden, self._w2) + self._b2
        logits -= logits.max(axis=1, keepdims=True)
        odds = numpy.exp(logits)
        result: Matrix = odds / odds.sum(axis=1, keepdims=True)
        return result

    def predict(
        self,
        doc: Any,
        rule_hits: Sequence[tuple[int, int, str]],
        quotes: list[Quote] | None = None,
        encoded: Matrix | None = None,
        settings: EncoderSettings | None = None,
    ) -> list[ModelHit]:
        """The technique spans the model finds in ``doc``: none unless the doc went through
        the whole pipeline (the vectors, tags and parse the model was trained on).

        ``encoded`` is the fine-tuned encoder's per-token matrix (same labels): mixed with
        this layer's probabilities by ``settings`` before the one decoding both share."""
        tensor = getattr(doc, "tensor", None)
        if (
            not len(doc)
            or tensor is None
            or getattr(tensor, "shape", ()) != (len(doc), TENSOR_WIDTH)
            or not doc.has_annotation("DEP")
        ):
            return []
        words = lexical_keys(doc)
        hashes = hash_keys(words)
        pairs = None
        if self._pairs is not None:
            found = self._pairs.rows(pair_keys(words))
            pairs = numpy.hstack([found[: len(doc)], found[len(doc) :]])
        features = token_features(
            doc, rule_hits, self._columns, self._words.rows_of(hashes), words, quotes, pairs
        )
        starts = doc.to_array("SENT_START") if doc.has_annotation("SENT_START") else None
        probs = self.probabilities(features, self.vector_rows(words, hashes))
        seed, extend = self.seed, self.extend
        if encoded is not None and settings is not None:
            probs = (1.0 - settings.mix) * probs + settings.mix * encoded
            seed = self.seed if settings.seed is None else settings.seed
            extend = self.extend if settings.extend is None else settings.extend
        probs[:, self._unlabelled] = 0.0
        hits = decode(probs, starts, edge_trim(doc), self.labels, seed, extend)
        # A span the model is not sure of must hold a word with charge of its own: a strongly
        # negative VADER valence or a word the corpus often marks. Positive words ("peace",
        # "profit") are no such evidence: in news they are mostly plain description.
        negative = features[:, _VALENCE_COLUMN] <= -_STRONG_VALENCE
        charged = negative | (features[:, 0] >= _MARKED_ODDS)
        # Checked on the span as fitted, which is what the reader sees.
        fitted = [fit_to_phrase(doc, hit) for hit in hits]
        fitted = [
            cut for hit in fitted
            if (cut := hit if hit.technique in self.widths else cut_at_clause(doc, hit))
        ]
        kept = [hit for hit in fitted if _charged_enough(hit, charged, negative)
                and (hit.end - hit.start <= _MAX_WORDS or hit.technique not in _WORDS_AND_NAMES)]
        kept = bridge(kept, starts, self.gap)
        if self.widths:
            kept = [widen(doc, hit, self.widths.get(hit.technique, "")) for hit in kept]
        return kept
