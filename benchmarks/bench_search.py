"""How long the reader's text tools take on a whole book: search, go to, finding wraps.

    python benchmarks/bench_search.py [FILE] [--runs 3]

FILE defaults to ``$SLANT_SHARED_DIR/corpora/war_and_peace.txt`` (``<repo>/../shared`` when
the variable is not set). For each query it prints the matches and the time
:func:`tui.ui.search.find_matches` takes (the reader runs it in a thread, so no key waits for
it; this is how long until the first match is shown), then the time of ``:50%`` and of a
line number, and of :func:`tui.ui.reflow.soft_breaks` (which the reader runs in a thread for
a text this long). Each figure is the median of ``--runs`` runs, with the spread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tui.documents.loading import load_document  # noqa: E402
from tui.ui.reflow import soft_breaks  # noqa: E402
from tui.ui.search import find_matches, goto_offset  # noqa: E402

QUERIES = ("the", "Pierre", "natasha", "Borodinó", "no such phrase anywhere")


def timed(action: Callable[[], object], runs: int) -> tuple[float, float, float, object]:
    """Median, fastest and slowest seconds of ``runs`` calls, and the last result."""
    seconds = []
    result: object = None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), min(seconds), max(seconds), result


def main() -> int:
    shared = Path(os.environ.get("SLANT_SHARED_DIR", REPO.parent / "shared"))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", default=str(shared / "corpora" / "war_and_peace.txt"))
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    if not Path(options.file).exists():
        print(f"skipped: {options.file} is not there (set SLANT_SHARED_DIR)")
        return 0
    text = load_document(options.file, max_bytes=0).text
    print(f"{options.file}: {len(text):,} characters, {options.runs} runs each")
    for query in QUERIES:
        median, fastest, slowest, matches = timed(lambda q=query: find_matches(text, q),
                                                 options.runs)
        count = len(matches)  # type: ignore[arg-type]
        print(f"search {query!r:28} {count:>7,} matches  {median * 1000:7.1f} ms "
              f"({fastest * 1000:.1f}–{slowest * 1000:.1f})")
    for typed in ("50%", "30000", "$"):
        median, fastest, slowest, _ = timed(lambda t=typed: goto_offset(t, text), options.runs)
        print(f"go to :{typed:<24} {median * 1000:7.1f} ms ({fastest * 1000:.1f}–"
              f"{slowest * 1000:.1f})")
    median, fastest, slowest, breaks = timed(lambda: soft_breaks(text), options.runs)
    print(f"soft breaks (reflow)          {len(breaks):>7,} wraps    {median * 1000:7.1f} ms "  # type: ignore[arg-type]
          f"({fastest * 1000:.1f}–{slowest * 1000:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
