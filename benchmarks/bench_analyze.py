"""``slant analyze`` on a whole book next to raw spaCy, and again from the cache.

    python benchmarks/bench_analyze.py [FILE] [--jobs N] [--batch B] [--runs R]

FILE defaults to ``$SLANT_SHARED_DIR/corpora/war_and_peace.txt``. Each run, in this order:

1. raw spaCy: ``nlp.pipe`` over the book's paragraphs, ``n_process=N``, ``batch_size=B``
   (2 and 128 by default), in a fresh process;
2. ``slant analyze FILE --format json --jobs N`` with an empty cache, as a user runs it
   (a fresh process, timed from launch to exit);
3. ``slant analyze FILE --format csv`` again: the analysis comes from the cache;
4. ``slant analyze FILE --format json,csv,markdown --output-dir DIR``: three formats from
   one (cached) analysis.

It prints each time and the ratio of throughputs, raw / Slant (≥ 0.9 is the target), per run
and as the spread over ``--runs`` runs (3 by default; about six minutes on two cores).
Figures, not assertions: other work on the machine slows every one of them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def default_book() -> Path:
    shared = Path(os.environ.get("SLANT_SHARED_DIR", REPO.parent / "shared"))
    return shared / "corpora" / "war_and_peace.txt"


RAW = """
import sys, time, spacy
from tui.analysis.pipeline import installed_models, split_paragraphs
from tui.documents.loading import load_document
text = load_document(sys.argv[1]).text
texts = [p.span.text_of(text) for p in split_paragraphs(text)]
nlp = spacy.load(installed_models()[0])
began = time.perf_counter()
for _ in nlp.pipe(texts, n_process=int(sys.argv[2]), batch_size=int(sys.argv[3])):
    pass
print(time.perf_counter() - began)
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False,
                          cwd=REPO)
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    return seconds, done.stdout


def one_run(book: Path, jobs: int, batch: int, encoder: bool = False) -> dict[str, float]:
    cache = tempfile.mkdtemp(prefix="slant-bench-cache-")
    env = {**os.environ, "SLANT_CACHE_DIR": cache,
           "SLANT_CONFIG_DIR": tempfile.mkdtemp(prefix="slant-bench-config-")}
    slant = [sys.executable, "-m", "tui", "analyze", str(book), "--quiet", "--jobs", str(jobs)]
    if encoder:
        slant.append("--encoder")
    _, raw = timed([sys.executable, "-c", RAW, str(book), str(jobs), str(batch)], env)
    figures = {"raw": float(raw.strip().splitlines()[-1])}
    figures["slant"], _ = timed([*slant, "--format", "json", "-o", os.devnull], env)
    figures["cached csv"], _ = timed([*slant, "--format", "csv", "-o", os.devnull], env)
    folder = tempfile.mkdtemp(prefix="slant-bench-out-")
    figures["three formats"], _ = timed(
        [*slant, "--format", "json,csv,markdown", "--output-dir", folder], env)
    figures["ratio"] = figures["raw"] / figures["slant"]
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=default_book())
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--encoder", action="store_true",
                        help="time slant analyze --encoder (the fine-tuned encoder added)")
    options = parser.parse_args()
    if not options.file.is_file():
        print(f"skipped: {options.file} is not there (set SLANT_SHARED_DIR)")
        return 0
    words = len(options.file.read_text("utf-8", errors="replace").split())
    print(f"book: {options.file.name}, {words:,} words; {options.jobs} processes, "
          f"raw batch {options.batch}")
    runs = []
    for number in range(1, options.runs + 1):
        figures = one_run(options.file, options.jobs, options.batch, options.encoder)
        runs.append(figures)
        print(f"run {number}: raw nlp.pipe {figures['raw']:.1f} s · slant analyze "
              f"{figures['slant']:.1f} s (ratio {figures['ratio']:.2f}) · again as csv, from "
              f"the cache {figures['cached csv']:.2f} s · json+csv+markdown "
              f"{figures['three formats']:.2f} s", flush=True)
    for key, unit in (("ratio", ""), ("slant", " s"), ("raw", " s"), ("cached csv", " s"),
                      ("three formats", " s")):
        values = [run[key] for run in runs]
        print(f"{key:>14}: median {statistics.median(values):.2f}{unit}, "
              f"min {min(values):.2f}, max {max(values):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
