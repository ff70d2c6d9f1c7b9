"""Validation of the device engine out of fold: the token network, the encoder, both.

    nice -n 10 python benchmarks/validate_devices.py            # needs the ``train`` extra
    nice -n 10 python benchmarks/validate_devices.py --grid     # also search mix × thresholds

The harness that chooses settings, on the 225 training-split PTC articles only (never the
test split). They fall in five folds, ``sha256("fold" + id) % 5``, as in
``benchmarks/train_devices.py`` and ``benchmarks/train_encoder.py``. For each fold, the token
network is fitted on the other four (as ``train_devices.py`` fits the shipped one on all
five) and the encoder's probabilities are those of the encoder fold model that did not see
the article (``benchmarks/.cache/encoder/oof.pkl``, written by ``train_encoder.py``). The
*whole* device component then runs on the fold's parsed paragraphs — rules, the network, the
encoder mixed in by the setting under test, and the one decoding that keeps highlights to
phrases — and the devices naming a corpus technique are scored like
``benchmarks/eval_devices.py`` scores them (SI and FLC micro).

Rows: today's engine (mix 0), the encoder alone (mix 1), and the combination at the shipped
settings (``tui/encoder/data/encoder.json``); ``--grid`` searches the mix and the decoding
thresholds. The encoder's out-of-fold predictions were made over whole-article windows, the
app's over paragraphs: a small difference, said in the README.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval_devices import TECHNIQUES, load_articles, score
from train_devices import (
    FOLDS,
    LABELS,
    WordVectors,
    _hash,
    features,
    fit,
    fold_vectors,
    hashed,
    lexicon,
    pair_doc,
    parse,
)

CACHE = Path(__file__).resolve().parent / ".cache"


class OutOfFold:
    """An encoder stand-in that answers with the out-of-fold pieces of the paragraph asked."""

    def __init__(self, oof: dict[str, Any], settings: dict[str, Any]) -> None:
        self.labels = tuple(oof["labels"])
        self.name = "ptc-minilm-onnx"
        self.settings = settings
        self.at = ("", 0)
        """The article and offset of the paragraph about to be analysed."""
        self._articles = oof["articles"]

    def __call__(self, texts: list[str]) -> list[Any]:
        found = []
        for text in texts:
            article, offset = self.at
            pieces = [(s - offset, e - offset, p) for s, e, p in self._articles[article]
                      if offset <= s and e <= offset + len(text)]
            if not pieces:
                empty = numpy.zeros(0, dtype=numpy.int64)
                found.append((empty, empty, numpy.zeros((0, len(self.labels)), numpy.float32)))
                continue
            found.append((numpy.array([p[0] for p in pieces], dtype=numpy.int64),
                          numpy.array([p[1] for p in pieces], dtype=numpy.int64),
                          numpy.stack([p[2] for p in pieces]).astype(numpy.float32)))
        return found


def fold_of_id(article_id: str) -> int:
    """The fold of a training article."""
    return _hash("fold" + article_id) % FOLDS


def fold_model(docs: list[dict[str, Any]], kinds: list[str], vectors: WordVectors,
               shipped: dict[str, Any]) -> Any:
    """The token network fitted on ``docs`` with the shipped file's decoding settings."""
    from tui.analysis.devices.learned import SpanModel

    weights = fold_vectors(
        fit(numpy.vstack(features(docs, vectors)), numpy.concatenate([d["y"] for d in docs]),
            48, 10),
        vectors,
    )
    word_keys, odds = hashed(*lexicon(docs))
    pair_keys, pair_odds = hashed(*lexicon([pair_doc(d) for d in docs]))
    return SpanModel({
        **{k: shipped[k] for k in ("seed", "extend", "gap", "widen_techniques", "widen_modes")},
        "kinds": numpy.array(kinds), "labels": numpy.array(LABELS), "word_keys": word_keys,
        "priors": odds, "pair_keys": pair_keys, "pair_priors": pair_odds, **weights,
    })


def main() -> int:
    """Fit the fold networks, run the component per setting, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--oof", type=Path, default=CACHE / "encoder" / "oof.pkl")
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--folds", type=int, default=-1,
                        help="score only the first N folds (default: every fold predicted)")
    parser.add_argument("--parsed", type=Path, default=CACHE / "train-devices.pkl",
                        help="pickle of train_devices.py's parse (made on first use)")
    args = parser.parse_args()
    import word_vectors

    from tui.analysis import load_pipeline, split_paragraphs
    from tui.analysis.devices import COMPONENT_NAME, devices_from_doc, load_catalogue
    from tui.analysis.devices.catalogue import data_dir
    from tui.analysis.devices.learned import MODEL_FILE

    started = time.perf_counter()
    articles = load_articles("train")
    if args.parsed.exists():
        docs, kinds = pickle.loads(args.parsed.read_bytes())
    else:
        docs, kinds = parse(articles)
        args.parsed.write_bytes(pickle.dumps((docs, kinds)))
    vectors = WordVectors(*word_vectors.load(word_vectors.DEFAULT_PATH))
    with (Path(str(data_dir())) / MODEL_FILE).open("rb") as handle:
        shipped = dict(numpy.load(handle))
    if args.oof.exists():
        oof = pickle.loads(args.oof.read_bytes())
    else:  # the folds written so far by train_encoder.py
        oof = {"labels": list(LABELS), "articles": {}}
        for path in sorted(args.oof.parent.glob("fold[0-9].pkl")):
            oof["articles"].update(pickle.loads(path.read_bytes()))
    folds = [f for f in range(FOLDS)
             if any(fold_of_id(i) == f for i in oof["articles"])] if args.folds < 0 else \
        list(range(args.folds))
    shipped_settings = json.loads((Path(__file__).resolve().parents[1] / "tui" / "encoder"
                                   / "data" / "encoder.json").read_text("utf-8")) \
        if (Path(__file__).resolve().parents[1] / "tui/encoder/data/encoder.json").exists() \
        else {"mix": 0.5}
    pipeline = load_pipeline()
    component = pipeline.nlp.get_pipe(COMPONENT_NAME)
    techniques = {kind.id: kind.technique for kind in load_catalogue()}
    fold_of = {a.id: fold_of_id(a.id) for a in articles}
    articles = [a for a in articles if fold_of[a.id] in folds]

    parsed: list[tuple[str, int, Any]] = []  # article, offset, doc without devices
    with pipeline.nlp.select_pipes(disable=[COMPONENT_NAME]):
        for article in articles:
            paragraphs = split_paragraphs(article.text)
            texts = [p.span.text_of(article.text) for p in paragraphs]
            for paragraph, doc in zip(paragraphs, pipeline.nlp.pipe(texts), strict=True):
                parsed.append((article.id, paragraph.span.start, doc))
    models = {}
    for fold in folds:
        fitting = [d for d in docs if fold_of[d["article"]] != fold]
        models[fold] = fold_model(fitting, kinds, vectors, shipped)
    print(f"{len(articles)} articles, {len(parsed)} paragraphs, {len(folds)} fold networks in "
          f"{time.perf_counter() - started:.0f} s", flush=True)

    gold = {a.id: list(a.gold) for a in articles}

    def run(settings: dict[str, Any] | None) -> Any:
        system: dict[str, list[tuple[int, int, str]]] = {a: [] for a in gold}
        stand_in = OutOfFold(oof, settings) if settings is not None else None
        component.encoder = stand_in
        for article, offset, doc in parsed:
            component._model = models[fold_of[article]]
            if stand_in is not None:
                stand_in.at = (article, offset)
            for device in devices_from_doc(component(doc), offset):
                technique = device.technique or techniques.get(device.id)
                if technique in TECHNIQUES:
                    system[article].append((device.span.start, device.span.end, technique))
        return score((system[a], gold[a]) for a in gold)

    def row(name: str, settings: dict[str, Any] | None) -> Any:
        scores = run(settings)
        p, r, f = scores.si.prf
        print(f"{name:<44} SI P {p:.3f} R {r:.3f} F1 {f:.3f}   FLC micro F1 "
              f"{scores.micro.prf[2]:.3f}", flush=True)
        return scores

    row("today's engine (token network, rules)", None)
    row("encoder alone (mix 1, its own thresholds)",
        {"mix": 1.0, **{k: v for k, v in shipped_settings.items() if k in ("seed", "extend")}})
    row(f"combination as shipped {shipped_settings}", shipped_settings)
    if args.grid:
        for mix in (0.4, 0.5, 0.6, 0.8):
            for seed in (0.15, 0.2, 0.25, 0.3):
                for extend in (0.08, 0.12, 0.16):
                    row(f"mix {mix} seed {seed} extend {extend}",
                        {"mix": mix, "seed": seed, "extend": extend})
        for seed in (0.06, 0.1, 0.15):  # the encoder alone: its probabilities run lower
            for extend in (0.04, 0.08):
                row(f"mix 1.0 seed {seed} extend {extend}",
                    {"mix": 1.0, "seed": seed, "extend": extend})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
