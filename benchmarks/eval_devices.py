"""Device detection scored on the Propaganda Techniques Corpus (PTC), with the corpus's metrics.

    python benchmarks/eval_devices.py                  # the held-out test split
    python benchmarks/eval_devices.py --split all      # every article
    python benchmarks/eval_devices.py --split train --limit 40

Reads ``$SLANT_SHARED_DIR/eval/ptc`` (default ``<repo>/../shared``) and skips with a message
when it is absent. Runs Slant's own analysis (``load_pipeline`` / ``analyze``) on each article,
keeps the devices whose kind names a corpus technique (``DeviceKind.technique``) and prints:

- SI (span identification, labels ignored): precision, recall, F1, overlaps merged per side;
- FLC (span + technique): micro precision / recall / F1 and the same per technique;
- the every-sentence baseline (each non-empty line of the article as one span) on the same
  articles;
- throughput: words/s of Slant's full analysis and of the bare ``nlp.pipe`` on the same
  paragraph texts in the same run, and their ratio.

The split is fixed: an article is in ``test`` when a hash of its id falls in the lowest fifth,
so the same ~20% of articles are always held out, and the trained layer of the device engine
(``benchmarks/train_devices.py``) only ever sees the others.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

TECHNIQUES = (
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Exaggeration,Minimisation",
    "Doubt",
    "Appeal_to_fear-prejudice",
    "Flag-Waving",
    "Causal_Oversimplification",
    "Appeal_to_Authority",
    "Slogans",
    "Whataboutism,Straw_Men,Red_Herring",
    "Black-and-White_Fallacy",
    "Thought-terminating_Cliches",
    "Bandwagon,Reductio_ad_hitlerum",
)
"""The corpus's 14 technique labels."""

TEST_FRACTION = 5  # one article in five is held out


Labelled = tuple[int, int, str]
"""A span ``(start, end, technique)`` in one article."""


@dataclass(frozen=True)
class Article:
    """One corpus article and its gold spans."""

    id: str
    text: str
    gold: tuple[Labelled, ...]


def ptc_dir() -> Path:
    """Where the corpus is: ``$SLANT_SHARED_DIR/eval/ptc``."""
    shared = Path(os.environ.get("SLANT_SHARED_DIR", REPO.parent / "shared"))
    return shared / "eval" / "ptc"


def split_of(article_id: str) -> str:
    """``"test"`` for the fixed held-out fifth of the articles, else ``"train"``."""
    digest = int(hashlib.sha256(article_id.encode()).hexdigest(), 16)
    return "test" if digest % TEST_FRACTION == 0 else "train"


def load_articles(split: str = "all", limit: int = 0) -> list[Article]:
    """The corpus articles of ``split`` (``all``, ``train`` or ``test``), sorted by id."""
    root = ptc_dir()
    articles: list[Article] = []
    for path in sorted((root / "articles").glob("article*.txt")):
        article_id = path.stem.removeprefix("article")
        if split != "all" and split_of(article_id) != split:
            continue
        text = path.read_text(encoding="utf-8")
        gold: list[Labelled] = []
        labels = root / "labels" / f"article{article_id}.task2-TC.labels"
        if labels.exists():
            for line in labels.read_text(encoding="utf-8").splitlines():
                parts = line.split("\t")
                if len(parts) == 4:
                    gold.append((int(parts[2]), int(parts[3]), parts[1]))
        articles.append(Article(article_id, text, tuple(gold)))
        if limit and len(articles) >= limit:
            break
    return articles


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping spans (those sharing at least one character)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


@dataclass
class Score:
    """Accumulated sums of the SI formula: P = Σ|s∩t|/|s| / |S|, R = Σ|s∩t|/|t| / |T|."""

    p_sum: float = 0.0
    r_sum: float = 0.0
    system: int = 0
    gold: int = 0

    def add(self, system: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]) -> None:
        """Add one article's (already merged) system and gold spans."""
        self.system += len(system)
        self.gold += len(gold)
        for s_start, s_end in system:
            for g_start, g_end in gold:
                common = min(s_end, g_end) - max(s_start, g_start)
                if common > 0:
                    self.p_sum += common / (s_end - s_start)
                    self.r_sum += common / (g_end - g_start)

    def merge_in(self, other: Score) -> None:
        """Add another score's sums (for micro averages)."""
        self.p_sum += other.p_sum
        self.r_sum += other.r_sum
        self.system += other.system
        self.gold += other.gold

    @property
    def prf(self) -> tuple[float, float, float]:
        """Precision, recall and F1."""
        p = self.p_sum / self.system if self.system else 0.0
        r = self.r_sum / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Scores:
    """SI and per-technique FLC scores over a set of articles."""

    si: Score
    flc: dict[str, Score]

    @property
    def micro(self) -> Score:
        """The FLC micro average over the 14 techniques."""
        total = Score()
        for technique in TECHNIQUES:
            total.merge_in(self.flc[technique])
        return total


def score(pairs: Iterable[tuple[Sequence[Labelled], Sequence[Labelled]]]) -> Scores:
    """Score (system, gold) labelled spans per article with the SI and FLC formulas."""
    si = Score()
    flc = {technique: Score() for technique in TECHNIQUES}
    for system, gold in pairs:
        si.add(merge((s, e) for s, e, _ in system), merge((s, e) for s, e, _ in gold))
        for technique in TECHNIQUES:
            flc[technique].add(
                merge((s, e) for s, e, t in system if t == technique),
                merge((s, e) for s, e, t in gold if t == technique),
            )
    return Scores(si, flc)


def sentence_spans(text: str) -> list[Labelled]:
    """The every-sentence baseline: each non-empty line (one sentence per line in the corpus)."""
    spans: list[Labelled] = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + line.index(stripped)
            spans.append((start, start + len(stripped), "Loaded_Language"))
        position += len(line) + 1
    return spans


def _row(name: str, value: Score) -> str:
    p, r, f = value.prf
    return f"{name:<38} {p:6.3f} {r:6.3f} {f:6.3f}   {value.system:6d} {value.gold:6d}"


def report(title: str, scores: Scores, baseline: Scores) -> None:
    """Print SI, FLC micro and per-technique figures, with the baseline's SI."""
    header = f"{'':<38} {'P':>6} {'R':>6} {'F1':>6}   {'system':>6} {'gold':>6}"
    print(f"\n== {title}")
    print(header)
    print(_row("SI  (Slant)", scores.si))
    print(_row("SI  (every sentence)", baseline.si))
    print(_row("FLC micro (Slant)", scores.micro))
    print(_row("FLC micro (every sentence as Loaded)", baseline.micro))
    for technique in TECHNIQUES:
        print(_row(f"  {technique}", scores.flc[technique]))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("test", "train", "all"), default="test")
    parser.add_argument("--limit", type=int, default=0, help="at most this many articles")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: Slant's)")
    parser.add_argument("--no-speed", action="store_true", help="skip the throughput figures")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs (best is kept)")
    parser.add_argument(
        "--evidence", choices=("all", "model", "rules"), default="all",
        help="score only the trained layer's devices, or only the rules' (default: all)",
    )
    parser.add_argument(
        "--encoder", choices=("on", "off", "alone"), default="on",
        help="the fine-tuned encoder mixed in as shipped (on), left out (off: today's token "
        "network alone), or alone in the trained layer (mix 1)",
    )
    parser.add_argument("--threads", type=int, default=1,
                        help="CPU threads of the encoder (the app gives each worker one)")
    args = parser.parse_args(argv)
    if not (ptc_dir() / "articles").is_dir():
        print(f"skipped: the PTC corpus is not at {ptc_dir()} (set SLANT_SHARED_DIR)")
        return 0
    sys.path.insert(0, str(REPO))
    from tui.analysis import analyze, load_pipeline, split_paragraphs
    from tui.analysis.devices import COMPONENT_NAME, load_catalogue

    articles = load_articles(args.split, args.limit)
    pipeline = load_pipeline(args.model)
    encoder = None
    if args.encoder != "off":
        from tui.encoder import encoder_problem, load_encoder

        encoder = load_encoder(args.threads)
        if encoder is None:
            print(f"encoder: {encoder_problem()}; scoring without it")
        else:
            if args.encoder == "alone":
                encoder.settings = {**encoder.settings, "mix": 1.0}
            pipeline.nlp.get_pipe(COMPONENT_NAME).encoder = encoder
            print(f"encoder: {encoder.name}, settings {encoder.settings}")
    techniques = {kind.id: kind.technique for kind in load_catalogue()}
    print(f"PTC {args.split}: {len(articles)} articles; model {pipeline.name}")

    started = time.perf_counter()
    results: list[tuple[list[Labelled], list[Labelled], list[Labelled]]] = []
    for article in articles:
        analysis = analyze(article.text, pipeline)
        system = [
            (d.span.start, d.span.end, technique)
            for d in analysis.devices
            if (technique := d.technique or techniques.get(d.id)) in TECHNIQUES
            and args.evidence in ("all", "model" if d.evidence == "model" else "rules")
        ]
        results.append((system, list(article.gold), sentence_spans(article.text)))
    analysis_seconds = time.perf_counter() - started

    scores = score((system, gold) for system, gold, _ in results)
    baseline = score((sentences, gold) for _, gold, sentences in results)
    report(f"{args.split} split ({len(articles)} articles)", scores, baseline)

    if not args.no_speed:
        texts = [
            paragraph.span.text_of(article.text)
            for article in articles
            for paragraph in split_paragraphs(article.text)
        ]
        words = sum(len(text.split()) for text in texts)
        nlp = pipeline.nlp
        # Best of a few interleaved runs: on a shared machine the minimum is the least noisy.
        component = nlp.get_pipe(COMPONENT_NAME)
        raw_seconds = component_seconds = devices_seconds = float("inf")
        for _ in range(max(args.repeat, 1)):
            started = time.perf_counter()
            for _doc in nlp.pipe(texts, batch_size=16):
                pass
            devices_seconds = min(devices_seconds, time.perf_counter() - started)
            with nlp.select_pipes(disable=[COMPONENT_NAME]):
                started = time.perf_counter()
                docs = list(nlp.pipe(texts, batch_size=16))
                raw_seconds = min(raw_seconds, time.perf_counter() - started)
            # The device component alone on the parsed docs.
            started = time.perf_counter()
            for doc in docs:
                component(doc)
            component_seconds = min(component_seconds, time.perf_counter() - started)
            del docs
        started = time.perf_counter()
        for article in articles:
            analyze(article.text, pipeline)
        slant_seconds = min(time.perf_counter() - started, analysis_seconds)
        raw_rate, slant_rate = words / raw_seconds, words / slant_seconds
        print(f"\nthroughput on {words:,} words (noisy when other jobs share the machine):")
        print(f"  spaCy nlp.pipe alone           {raw_rate:9,.0f} words/s")
        print(f"  nlp.pipe + device component    {words / devices_seconds:9,.0f} words/s"
              f"   ratio {raw_seconds / devices_seconds:.2f}")
        print(f"  device component alone         {component_seconds:9.2f} s         "
              f"   ratio {raw_seconds / (raw_seconds + component_seconds):.2f}"
              "  (nlp.pipe time / (nlp.pipe + component time))")
        print(f"  Slant's full analysis          {slant_rate:9,.0f} words/s"
              f"   ratio {slant_rate / raw_rate:.2f}")
        if encoder is not None:
            encoder_seconds = float("inf")
            for _ in range(max(args.repeat, 1)):
                started = time.perf_counter()
                encoder(texts)
                encoder_seconds = min(encoder_seconds, time.perf_counter() - started)
            print(f"  the encoder alone ({args.threads} thread{'s' if args.threads > 1 else ''})"
                  f"{words / encoder_seconds:11,.0f} words/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
