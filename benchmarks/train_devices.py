"""Train the device engine's token classifier on the training articles of the PTC corpus.

    nice -n 10 python benchmarks/train_devices.py            # train, tune, write the weights
    nice -n 10 python benchmarks/train_devices.py --dry-run  # train and report, write nothing

Only the articles of the ``train`` split of ``benchmarks/eval_devices.py`` are read, so the
figures of ``eval_devices.py --split test`` are on articles the model never saw. The features
and the decoding settings (``--seed``, ``--extend``, ``--gap``, ``--widen``) were chosen by
scoring the whole component (rules included) out of fold: the training articles fall in five
fifths, and each fifth was decoded by a network fitted on the other four, so every choice was
judged on all 225 articles and none on the test split. The defaults are the best SI F1 found
with a precision of at least 0.40 there; ``--seed -1`` instead tunes the two thresholds on
one held-aside fifth from the token probabilities alone (at ``--min-precision``). The final
model is then refitted on all training articles. The learned lexicons (each word's, and each
pair of neighbouring words', log-odds of lying inside each technique) are cross-fitted: the
features a training article sees come from the other folds, so the network learns how far to
trust them on unseen text. Only words and word pairs seen at least twice are kept, as
statistics, and they are stored by a stable hash of the word or pair (CRC-32), never as
text: no article text is stored.

Each token also gets its word's semantic vector from ``benchmarks/word_vectors.py`` (built on
first use, or given with ``--vectors``); the vectors are folded into the first layer before
saving (see :func:`fold_vectors`), so only each word's 48 numbers ship, under a hash.

Needs the ``train`` extra at training time only: the weights are saved as plain arrays in
``tui/analysis/devices/data/devices-model.npz``, which Slant reads with NumPy.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval_devices import TECHNIQUES, Article, load_articles, ptc_dir, score

LABELS = ("O", *TECHNIQUES)
FOLDS = 5
SMOOTHING = 3.0  # pseudo-occurrences pulling a rare word's odds towards the base rate
MIN_COUNT = 2  # words seen fewer times than this carry no lexicon evidence


def _hash(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest(), 16)


def parse(articles: list[Article]) -> tuple[list[dict[str, Any]], list[str]]:
    """Run the pipeline (rules only) on every paragraph; keep what the features need."""
    from tui.analysis import load_pipeline, split_paragraphs
    from tui.analysis.devices import COMPONENT_NAME, SPANS_KEY, load_catalogue
    from tui.analysis.devices import component as _component  # noqa: F401  (the factory)
    from tui.analysis.devices.learned import TENSOR_WIDTH, _quoted, edge_trim, rule_kinds, valences
    from tui.analysis.devices.lexicons import lexical_key
    from tui.analysis.devices.quotes import find_quotes

    nlp = load_pipeline(with_devices=False).nlp
    nlp.add_pipe(COMPONENT_NAME, config={"use_model": False}, last=True)
    kinds = [kind.id for kind in load_catalogue()]
    columns = rule_kinds(kinds)
    table = valences()
    docs: list[dict[str, Any]] = []
    for article in articles:
        paragraphs = split_paragraphs(article.text)
        texts = [p.span.text_of(article.text) for p in paragraphs]
        for paragraph, doc in zip(paragraphs, nlp.pipe(texts, batch_size=16), strict=True):
            offset = paragraph.span.start
            flags = numpy.zeros((len(doc), len(columns)), dtype=numpy.float32)
            for span in doc.spans[SPANS_KEY]:
                if span.label_ in columns:
                    flags[span.start : span.end, columns[span.label_]] = 1.0
            starts = numpy.array([t.idx + offset for t in doc], dtype=numpy.int64)
            ends = numpy.array([t.idx + len(t.text) + offset for t in doc], dtype=numpy.int64)
            labels = numpy.zeros(len(doc), dtype=numpy.int64)
            best = numpy.full(len(doc), 1 << 30)
            for g_start, g_end, technique in article.gold:
                overlap = numpy.minimum(ends, g_end) - numpy.maximum(starts, g_start)
                better = (overlap * 2 > ends - starts) & (g_end - g_start < best)
                labels[better] = LABELS.index(technique)
                best[better] = g_end - g_start
            tensor = numpy.asarray(doc.tensor, dtype=numpy.float32)
            if tensor.shape != (len(doc), TENSOR_WIDTH):
                tensor = numpy.zeros((len(doc), TENSOR_WIDTH), dtype=numpy.float32)
            docs.append({
                "article": article.id,
                "tensor": tensor,
                "flags": flags,
                "sent": doc.to_array("SENT_START"),
                "quoted": _quoted(doc, find_quotes(doc.text)),
                "valence": numpy.array(
                    [table.get(t.lower_, table.get(t.lemma_.lower(), 0.0)) for t in doc],
                    dtype=numpy.float32,
                ),
                "words": [lexical_key(t) for t in doc],
                "y": labels,
                "starts": starts,
                "ends": ends,
                "trim": edge_trim(doc),
            })
    return docs, kinds


def lexicon(docs: list[dict[str, Any]]) -> tuple[list[str], numpy.ndarray]:
    """Each word seen at least MIN_COUNT times and its smoothed log-odds, relative to the base
    rate, of lying inside any technique (column 0) and inside each technique."""
    counts: dict[str, numpy.ndarray] = defaultdict(lambda: numpy.zeros(len(LABELS) + 1))
    for doc in docs:
        for word, label in zip(doc["words"], doc["y"], strict=True):
            row = counts[word]
            row[0] += 1
            if label:
                row[1] += 1
                row[1 + label] += 1
    total = sum(counts.values())
    base = (total[1:] + 1) / (total[0] + len(LABELS))
    words = sorted(word for word, row in counts.items() if row[0] >= MIN_COUNT)
    odds = numpy.array(
        [numpy.log((counts[w][1:] + SMOOTHING * base) / (counts[w][0] + SMOOTHING)) for w in words]
    ).reshape(-1, len(LABELS)) - numpy.log(base)
    return words, odds.astype(numpy.float32)


def pair_doc(doc: dict[str, Any]) -> dict[str, Any]:
    """A parsed paragraph seen as word pairs (each token's pair with the word before, then
    with the word after, each labelled as the token), for the pair lexicon."""
    from tui.analysis.devices.learned import pair_keys

    return {"words": pair_keys(doc["words"]), "y": numpy.concatenate([doc["y"], doc["y"]])}


def pair_rows(doc: dict[str, Any], words: list[str], odds: numpy.ndarray) -> numpy.ndarray:
    """The pair lexicon's features of a parsed paragraph's tokens: the odds of the pair with
    the word before, then of the pair with the word after."""
    rows = look_up(pair_doc(doc), words, odds)
    return numpy.hstack([rows[: len(doc["words"])], rows[len(doc["words"]) :]])


_INDEXES: dict[int, tuple[list[str], dict[str, int]]] = {}


def _index(words: list[str]) -> dict[str, int]:
    """Row of each word of a lexicon, built once per lexicon (which is looked up per paragraph)."""
    entry = _INDEXES.get(id(words))
    if entry is None or entry[0] is not words:
        entry = (words, {word: row for row, word in enumerate(words)})
        _INDEXES[id(words)] = entry
    return entry[1]


def look_up(doc: dict[str, Any], words: list[str], odds: numpy.ndarray) -> numpy.ndarray:
    """The lexicon rows of a parsed paragraph's tokens (zeros for unknown words)."""
    index = _index(words)
    rows = numpy.zeros((len(doc["words"]), len(LABELS)), dtype=numpy.float32)
    for position, word in enumerate(doc["words"]):
        if word in index:
            rows[position] = odds[index[word]]
    return rows


class WordVectors:
    """The semantic word vectors (``benchmarks/word_vectors.py``) by lexicon key."""

    def __init__(self, words: list[str], vectors: numpy.ndarray) -> None:
        self.words = words
        self.vectors = vectors
        self.index = {word: row for row, word in enumerate(words)}

    def rows(self, doc: dict[str, Any]) -> numpy.ndarray:
        """Each token's vector and a last column of 1 for a known word (zeros otherwise)."""
        rows = numpy.zeros((len(doc["words"]), self.vectors.shape[1] + 1), dtype=numpy.float32)
        for position, word in enumerate(doc["words"]):
            row = self.index.get(word)
            if row is not None:
                rows[position, :-1] = self.vectors[row]
                rows[position, -1] = 1.0
        return rows


def features(docs: list[dict[str, Any]], vectors: WordVectors) -> list[numpy.ndarray]:
    """Features of ``docs`` with cross-fitted lexicon odds (each fold sees the others')."""
    result: list[numpy.ndarray | None] = [None] * len(docs)
    for fold in range(FOLDS):
        inside = [i for i, d in enumerate(docs) if _hash("fold" + d["article"]) % FOLDS == fold]
        others = [d for d in docs if _hash("fold" + d["article"]) % FOLDS != fold]
        lexicons = lexicon(others), lexicon([pair_doc(d) for d in others])
        for i in inside:
            result[i] = features_of(docs[i], *lexicons, vectors)
    return [r for r in result if r is not None]


def features_of(
    doc: dict[str, Any], single: tuple[list[str], numpy.ndarray],
    pairs: tuple[list[str], numpy.ndarray],
    vectors: WordVectors,
) -> numpy.ndarray:
    """The features of one parsed paragraph, given the word and word-pair lexicons and the
    word vectors."""
    from tui.analysis.devices.learned import assemble

    base = assemble(
        doc["tensor"], doc["flags"], doc["sent"], doc["quoted"], look_up(doc, *single),
        doc["valence"], doc["words"], pair_rows(doc, *pairs),
    )
    return numpy.hstack([base, vectors.rows(doc)])


def fold_vectors(weights: dict[str, Any], vectors: WordVectors) -> dict[str, Any]:
    """Move the word-vector columns out of the network's first layer into a per-word table.

    The first layer adds ``((v - mean) / scale) @ w1`` for a word's vector ``v``: its part that
    depends on the word, ``(v / scale) @ w1``, is computed here for every word (48 numbers in
    place of 385), and the constant part joins the bias. A word outside the table has ``v = 0``
    and so adds nothing, exactly as in training."""
    width = vectors.vectors.shape[1] + 1
    mean, scale, w1 = weights["mean"], weights["scale"], weights["w1"]
    tail = slice(len(mean) - width, len(mean))
    known = numpy.hstack([vectors.vectors, numpy.ones((len(vectors.words), 1), numpy.float32)])
    table = (known / scale[tail]) @ w1[tail]
    bias = weights["b1"] - (mean[tail] / scale[tail]) @ w1[tail]
    head = slice(0, len(mean) - width)
    keys, rows = hashed(vectors.words, table)
    return {**weights, "mean": mean[head], "scale": scale[head], "w1": w1[head], "b1": bias,
            "vector_keys": keys, "vector_rows": rows}


def hashed(words: list[str], odds: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """A lexicon as it is shipped: the stable hash of each key (see ``learned.hash_keys``),
    sorted, with its odds; keys whose hashes clash are dropped, so no key reads another's."""
    from tui.analysis.devices.learned import hash_keys

    keys = hash_keys(words)
    unique, counts = numpy.unique(keys, return_counts=True)
    keep = numpy.isin(keys, unique[counts == 1])
    order = numpy.argsort(keys[keep], kind="stable")
    return keys[keep][order], odds[keep][order]


def fit(x: numpy.ndarray, y: numpy.ndarray, hidden: int, epochs: int) -> dict[str, Any]:
    """Fit the standardised one-hidden-layer network and return its arrays."""
    from sklearn.neural_network import MLPClassifier

    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-3
    model = MLPClassifier(
        hidden_layer_sizes=(hidden,), alpha=0.1, batch_size=256, learning_rate_init=1e-3,
        max_iter=epochs, random_state=0, tol=0, n_iter_no_change=epochs + 1,
    )
    model.fit((x - mean) / scale, y)
    # The network must speak of every label, even one absent from the training tokens.
    w2 = numpy.zeros((hidden, len(LABELS)), dtype=numpy.float32)
    b2 = numpy.full(len(LABELS), -30.0, dtype=numpy.float32)
    for column, label in enumerate(model.classes_):
        w2[:, label] = model.coefs_[1][:, column]
        b2[label] = model.intercepts_[1][column]
    return {
        "mean": mean, "scale": scale, "w1": model.coefs_[0], "b1": model.intercepts_[0],
        "w2": w2, "b2": b2,
    }


def tune(
    docs: list[dict[str, Any]], probs: list[numpy.ndarray], gold: dict[str, Any],
    min_precision: float,
) -> tuple[float, float]:
    """The (seed, extend) thresholds with the best SI F1 at ``min_precision`` or more."""
    from tui.analysis.devices.learned import decode

    best = (-1.0, 0.5, 0.2)
    for seed in (0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
        for extend in (0.1, 0.15, 0.2, 0.3):
            system: dict[str, list[tuple[int, int, str]]] = {a: [] for a in gold}
            for doc, prob in zip(docs, probs, strict=True):
                for hit in decode(prob, doc["sent"], doc["trim"], LABELS, seed, extend):
                    system[doc["article"]].append(
                        (int(doc["starts"][hit.start]), int(doc["ends"][hit.end - 1]),
                         hit.technique)
                    )
            scores = score((system[a], gold[a]) for a in gold)
            p, r, f = scores.si.prf
            mp, mr, mf = scores.micro.prf
            print(f"seed {seed:.2f} extend {extend:.2f}: SI P {p:.3f} R {r:.3f} F1 {f:.3f}   "
                  f"FLC P {mp:.3f} R {mr:.3f} F1 {mf:.3f}", flush=True)
            if p >= min_precision and f > best[0]:
                best = (f, seed, extend)
    return best[1], best[2]


def main() -> int:
    """Train, tune on a held-aside part of the training split, refit and save."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hidden", type=int, default=48)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--min-precision", type=float, default=0.36)
    parser.add_argument("--seed", type=float, default=0.425,
                        help="decoding seed threshold (negative: tune on the held-aside fifth)")
    parser.add_argument("--extend", type=float, default=0.25, help="decoding extend threshold")
    parser.add_argument("--gap", type=int, default=0,
                        help="join spans of one technique at most this many tokens apart")
    parser.add_argument("--widen", default="Doubt=sentence,Appeal_to_fear-prejudice=sentence",
                        help="technique=clause|sentence pairs: extents the corpus marks")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--cache", default="", help="pickle of the parsed articles to reuse")
    parser.add_argument("--vectors", type=Path, default=None,
                        help="word vectors file (default: built by benchmarks/word_vectors.py)")
    args = parser.parse_args()
    if not (ptc_dir() / "articles").is_dir():
        print(f"skipped: the PTC corpus is not at {ptc_dir()} (set SLANT_SHARED_DIR)")
        return 0
    from tui.analysis.devices.catalogue import data_dir
    from tui.analysis.devices.learned import MODEL_FILE, SpanModel, hash_keys

    articles = load_articles("train")
    started = time.perf_counter()
    cache = Path(args.cache) if args.cache else None
    if cache and cache.exists():
        docs, kinds = pickle.loads(cache.read_bytes())
    else:
        docs, kinds = parse(articles)
        if cache:
            cache.write_bytes(pickle.dumps((docs, kinds)))
    print(f"{len(articles)} training articles, {len(docs)} paragraphs parsed "
          f"in {time.perf_counter() - started:.0f} s", flush=True)
    gold = {a.id: list(a.gold) for a in articles}
    import word_vectors

    vectors = WordVectors(*word_vectors.load(args.vectors or word_vectors.DEFAULT_PATH))

    def held(doc: dict[str, Any]) -> bool:
        return _hash("dev" + doc["article"]) % 5 == 0

    fitting = [d for d in docs if not held(d)]
    aside = [d for d in docs if held(d)]
    x_fit = features(fitting, vectors)
    weights = fit(numpy.vstack(x_fit), numpy.concatenate([d["y"] for d in fitting]),
                  args.hidden, args.epochs)
    words, odds = lexicon(fitting)
    pair_lexicon = lexicon([pair_doc(d) for d in fitting])
    model = SpanModel({**fold_vectors(weights, vectors), "kinds": numpy.array(kinds),
                       "labels": numpy.array(LABELS), "seed": 0.5, "extend": 0.2,
                       "word_keys": hash_keys(words), "priors": odds})
    base_width = model._w1.shape[0]
    probs = [
        model.probabilities(x[:, :base_width], model.vector_rows(d["words"]))
        for d in aside
        for x in [features_of(d, (words, odds), pair_lexicon, vectors)]
    ]
    for prob in probs:
        prob[:, model._unlabelled] = 0.0  # as SpanModel.predict does
    if args.seed < 0:
        seed, extend = tune(aside, probs, {a: gold[a] for a in {d["article"] for d in aside}},
                            args.min_precision)
    else:
        seed, extend = args.seed, args.extend
    print(f"chosen: seed {seed:.2f}, extend {extend:.2f}", flush=True)
    if args.dry_run:
        return 0
    weights = fold_vectors(
        fit(numpy.vstack(features(docs, vectors)), numpy.concatenate([d["y"] for d in docs]),
            args.hidden, args.epochs),
        vectors,
    )
    word_keys, odds = hashed(*lexicon(docs))
    pair_keys, pair_odds = hashed(*lexicon([pair_doc(d) for d in docs]))
    widths = [tuple(pair.split("=", 1)) for pair in args.widen.split(",") if "=" in pair]
    target = Path(str(data_dir())) / MODEL_FILE
    numpy.savez_compressed(
        target, kinds=numpy.array(kinds), labels=numpy.array(LABELS),
        seed=numpy.float32(seed), extend=numpy.float32(extend), word_keys=word_keys,
        gap=numpy.int64(args.gap), widen_techniques=numpy.array([t for t, _ in widths]),
        widen_modes=numpy.array([m for _, m in widths]),
        priors=odds.astype(numpy.float16), pair_keys=pair_keys,
        pair_priors=pair_odds.astype(numpy.float16),
        vector_keys=weights.pop("vector_keys"),
        vector_rows=weights.pop("vector_rows").astype(numpy.float16),
        **{name: numpy.asarray(value, dtype=numpy.float32) for name, value in weights.items()},
    )
    print(f"wrote {target} ({target.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
