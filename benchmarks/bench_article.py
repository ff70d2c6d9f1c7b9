"""How long a 1,000-word article takes to analyse once the models are loaded.

    python benchmarks/bench_article.py [FILE] [--words 1000] [--runs 3] [--no-encoder]

Loads Slant's pipeline (and the fine-tuned encoder, on one thread as each worker runs it),
then times ``analyze()`` of the first ``--words`` words of FILE (default: the bundled sample
op-ed, repeated as needed) in this one process — the reader and ``slant analyze`` spread the
paragraphs over every core, so this is the slower, single-core figure. Prints each run and
the spread; no assertion.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:
    """Load, then time the article's analysis ``--runs`` times."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path,
                        default=REPO / "seeds" / "anti-imperialist-op-ed-peace-talks.txt")
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-encoder", action="store_true",
                        help="time today's engine (the encoder is off in the app by default)")
    options = parser.parse_args()
    from tui.analysis import analyze, load_pipeline
    from tui.engine.layers import attach_encoder

    source = options.file.read_text("utf-8")
    paragraphs = [p for p in source.split("\n\n") if p.strip()]
    chosen: list[str] = []
    while sum(len(p.split()) for p in chosen) < options.words:
        chosen.append(paragraphs[len(chosen) % len(paragraphs)])
    text = "\n\n".join(chosen)
    started = time.perf_counter()
    pipeline = load_pipeline()
    encoder = False if options.no_encoder else attach_encoder(pipeline.nlp)
    analyze("Warm the pipeline up.", pipeline)
    print(f"models loaded in {time.perf_counter() - started:.2f} s (encoder "
          f"{'on' if encoder else 'off'}); article: {len(text.split()):,} words, "
          f"{len(chosen)} paragraphs")
    seconds = []
    for run in range(1, options.runs + 1):
        began = time.perf_counter()
        analysis = analyze(text, pipeline)
        seconds.append(time.perf_counter() - began)
        print(f"run {run}: {seconds[-1]:.2f} s ({len(analysis.devices)} devices, "
              f"{len(analysis.claims)} claims)")
    print(f"median {statistics.median(seconds):.2f} s, min {min(seconds):.2f}, "
          f"max {max(seconds):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
