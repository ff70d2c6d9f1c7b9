"""Train the claim re-scorer (``tui/analysis/claims/data/claims_model.json``) on PolNeAR.

    pip install scikit-learn   # training only; Slant reads the weights with plain Python
    python benchmarks/train_claims.py [--out PATH] [--keep-rules P] [--keep-named P]
                                      [--keep-extra P] [--keep-nested P] [--min-count N] [--c C]
    python benchmarks/train_claims.py --cross-validate   # 2-fold figures on train, writes nothing

Provenance: PolNeAR v1.0.0 (Newell, Margolin, Ruths, LREC 2018), ``train`` split, first
annotator of each document, read from ``$SLANT_SHARED_DIR/eval/polnear`` as
``benchmarks/eval_claims.py`` reads it. No corpus text is stored: the model holds feature
names (cue lemmas, tags, dependency labels and their pairs) and their weights only.

How it works. Every paragraph is parsed with Slant's spaCy pipeline and run through the
claim extractor with a recording model that keeps everything and proposes every verb
outside the lexicon (and every cue verb the rules read nothing from, without requiring a
clause). Each proposed claim with a cue becomes one example: its features
(:func:`tui.analysis.claims.rescore.draft_features`) and a label, true when its cue shares
a character with a cue of the corpus. A logistic regression (L2, ``C``) is fitted on the
features seen at least ``--min-count`` times. Verbs outside the lexicon stay proposable when
the fitted model keeps at least two of their proposals (``--keep-extra``): the others would
cost time and add nothing.

The thresholds were chosen on the ``dev`` split with ``benchmarks/eval_claims.py`` (cue
partial F1, checked against source, content and relation F1 and against ``train``):
0.30 for claims of the rules, 0.15 for those with a named speaker or a passive's agent
(so that the sample document's claims stay: see ``ClaimModel.keep_named``), 0.45 for
claims the rules did not make, 0.75 to keep a claim nested in another speaker's words.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_claims import Document, Scores, load_split, shared_dir, slant_relations

import tui.analysis.claims.extraction as claims
import tui.analysis.claims.rescore as rescore

DEFAULT_OUT = (Path(__file__).resolve().parents[1] / "tui" / "analysis" / "claims" / "data"
               / "claims_model.json")


class _Everything(frozenset[str]):
    """A lemma set that contains every lemma: propose every verb while recording."""

    def __contains__(self, item: object) -> bool:
        return True

    def __bool__(self) -> bool:
        return True


class _Recorder(rescore.ClaimModel):
    """A model that keeps every proposed claim; features are captured on the way."""

    def probability(self, features: Sequence[str]) -> float:
        """Always keep."""
        return 1.0


def collect(documents: list[Document], nlp: Any) -> tuple[list[list[str]], list[bool], list[bool]]:
    """Features, labels and "outside the lexicon" flags of every proposed claim."""
    from tui.analysis.pipeline import split_paragraphs

    features: list[list[str]] = []
    labels: list[bool] = []
    extra: list[bool] = []
    state: dict[str, Any] = {}
    original = rescore.draft_features

    def recording(doc: Any, draft: Any, *args: Any) -> list[str]:
        found = original(doc, draft, *args)
        start, end = draft.cue
        offset = state["offset"]
        cue = (doc[start].idx + offset, doc[end - 1].idx + len(doc[end - 1]) + offset)
        features.append(found)
        labels.append(any(s < cue[1] and cue[0] < e for g in state["gold"] for s, e in g.cue))
        extra.append("o=extra" in found)
        return found

    recorder = _Recorder({}, 0.0, 0.0, 0.0, _Everything())
    saved = claims.claim_model
    rescore.draft_features = recording  # type: ignore[assignment]
    claims.claim_model = lambda: recorder  # type: ignore[assignment]
    try:
        for document in documents:
            state["gold"] = document.gold
            paragraphs = split_paragraphs(document.text)
            texts = [p.span.text_of(document.text) for p in paragraphs]
            for paragraph, doc in zip(paragraphs, nlp.pipe(texts), strict=True):
                state["offset"] = paragraph.span.start
                claims.claims_from_doc(doc, paragraph.span.start)
    finally:
        rescore.draft_features = original  # type: ignore[assignment]
        claims.claim_model = saved  # type: ignore[assignment]
    return features, labels, extra


def fit(features: list[list[str]], labels: list[bool], min_count: int, c: float) -> tuple[
    dict[str, float], float
]:
    """Logistic regression weights (feature name → weight) and intercept."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(name for row in features for name in row)
    known = {name for name, n in counts.items() if n >= min_count}
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([{n: 1 for n in row if n in known} for row in features])
    model = LogisticRegression(C=c, max_iter=3000).fit(matrix, labels)
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vectorizer.feature_names_, model.coef_[0], strict=True)
        if abs(w) >= 1e-4
    }
    return weights, float(model.intercept_[0])


def extra_lemmas(features: list[list[str]], extra: list[bool], model: rescore.ClaimModel,
                 ) -> list[str]:
    """Verbs outside the lexicon of which ``model`` keeps at least two proposals."""
    kept: Counter[str] = Counter()
    for row, outside in zip(features, extra, strict=True):
        if outside and model.probability(row) >= model.keep_extra:
            kept[next(n[3:] for n in row if n.startswith("l1="))] += 1
    return sorted(lemma for lemma, n in kept.items() if n >= 2)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, train and write the model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--keep-rules", type=float, default=0.30)
    parser.add_argument("--keep-named", type=float, default=0.15)
    parser.add_argument("--keep-extra", type=float, default=0.45)
    parser.add_argument("--keep-nested", type=float, default=0.75)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--c", type=float, default=0.3, help="inverse L2 strength")
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--cross-validate", action="store_true",
                        help="write nothing: fit on one half of train, score the other, and "
                             "print the figures of eval_claims.py over both halves")
    args = parser.parse_args(argv)
    if not (shared_dir() / "eval" / "polnear" / "train").is_dir():
        print(f"skipped: no PolNeAR corpus under {shared_dir() / 'eval' / 'polnear'}")
        return 0
    from tui.analysis.pipeline import load_pipeline

    started = time.perf_counter()
    documents = load_split("train", args.limit)
    loaded = load_pipeline(None, with_devices=False)
    if args.cross_validate:
        cross_validate(documents, loaded.nlp, args)
        return 0
    features, labels, extra = collect(documents, loaded.nlp)
    print(f"{len(features)} proposed claims from {len(documents)} documents "
          f"({sum(labels)} true cues), model {loaded.name}")
    data = model_data(features, labels, extra, args)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"{len(data['weights'])} weights, {len(data['extra_lemmas'])} extra verbs → {args.out} "
          f"({args.out.stat().st_size / 1e6:.2f} MB, {time.perf_counter() - started:.0f} s)")
    return 0


def model_data(features: list[list[str]], labels: list[bool], extra: list[bool],
               args: argparse.Namespace) -> dict[str, Any]:
    """The re-scorer's file contents, fitted on ``features`` and ``labels``."""
    weights, bias = fit(features, labels, args.min_count, args.c)
    fitted = rescore.ClaimModel(weights, bias, args.keep_rules, args.keep_extra, frozenset())
    lemmas = extra_lemmas(features, extra, fitted)
    return {
        "about": "Claim re-scorer: logistic weights over features of proposed claims; "
                 "trained by benchmarks/train_claims.py on PolNeAR v1.0.0 train.",
        "keep_rules": args.keep_rules,
        "keep_named": args.keep_named,
        "keep_extra": args.keep_extra,
        "keep_nested": args.keep_nested,
        "bias": round(bias, 4),
        "extra_lemmas": lemmas,
        "weights": dict(sorted(weights.items())),
    }


def cross_validate(documents: list[Document], nlp: Any, args: argparse.Namespace) -> None:
    """Two-fold figures on train: each half scored with a re-scorer fitted on the other."""
    halves = (documents[0::2], documents[1::2])
    scores = Scores()
    saved = claims.claim_model
    try:
        for held in (0, 1):
            features, labels, extra = collect(halves[1 - held], nlp)
            model = rescore.parse_model(model_data(features, labels, extra, args))
            claims.claim_model = lambda model=model: model  # type: ignore[misc]
            scored = halves[held]
            for document, system in zip(scored, slant_relations(scored, nlp), strict=True):
                scores.add(document.text, system, document.gold)
    finally:
        claims.claim_model = saved  # type: ignore[assignment]
    scores.report(f"Slant on train, re-scorer cross-validated in 2 folds ({len(documents)} "
                  "documents)")


if __name__ == "__main__":
    sys.exit(main())
