"""Open very large documents in the real app, headless, and print time and memory.

    python benchmarks/bench_large_input.py [FILE ...] [--analyse SECONDS]

Without files it builds two in a temporary folder from invented sentences: a 50 MB
document of ordinary paragraphs and a document that is a single 5 MB line. For each it
prints how long the text took to appear, how long a jump to the end and a page of scrolling
took, and the process's peak resident memory (each file is opened in a fresh process, so
the figures do not add up). ``--analyse`` lets the background analysis run that many
seconds before measuring, to see how its results add to memory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = [
    "the", "minister", "said", "that", "officials", "claim", "reckless", "radical", "elites",
    "are", "destroying", "our", "great", "nation", "while", "critics", "warn", "about",
    "peace", "talks", "and", "a", "careful", "exchange", "in", "Berlin",
]


def build_files(folder: Path) -> list[Path]:
    """A 50 MB file of paragraphs and a file that is one 5 MB line."""
    rng = random.Random(6)
    paragraphs: list[str] = []
    size = 0
    while size < 50_000_000:
        paragraph = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120))) + "."
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    big = folder / "paragraphs-50MB.txt"
    big.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    line = " ".join(rng.choice(WORDS) for _ in range(900_000))[:5_000_000]
    long_line = folder / "one-line-5MB.txt"
    long_line.write_text(line + "\n", encoding="utf-8")
    return [big, long_line]


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_rss_mb() -> float:
    """Resident memory of this process's live descendants (analysis workers), in MiB."""
    total = 0.0
    pending = [os.getpid()]
    while pending:
        pid = pending.pop()
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        for child in children:
            pending.append(int(child))
            try:
                status = Path(f"/proc/{child}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
    return total


async def measure(path: str, analyse_seconds: float) -> None:
    """Open ``path`` in the app, scroll it, print the figures."""
    from tui.documents.loading import NO_LIMIT, load_document
    from tui.ui.app import SlantApp
    from tui.ui.widgets import DocumentView

    baseline = peak_rss_mb()
    started = time.perf_counter()
    document = load_document(path, max_bytes=NO_LIMIT)
    loaded = time.perf_counter() - started
    app = SlantApp(document, model=os.environ.get("BENCH_MODEL"))
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.screen.query_one(DocumentView)
        while view.render_line(0).text.strip() == "":
            await asyncio.sleep(0.01)
        shown = time.perf_counter() - started
        if analyse_seconds:
            await asyncio.sleep(analyse_seconds)
        before = time.perf_counter()
        await pilot.press("end")
        await pilot.pause()
        end_line = view.render_line(view.size.height - 1).text
        jumped = time.perf_counter() - before
        before = time.perf_counter()
        for _ in range(20):
            await pilot.press("pageup")
        await pilot.pause()
        paged = time.perf_counter() - before
        lines = view.virtual_size.height
        workers = children_rss_mb()
    size_mb = Path(path).stat().st_size / 1e6
    print(
        f"{Path(path).name}: {size_mb:.1f} MB, {lines:,} visual lines; read+decode "
        f"{loaded:.2f} s, text on screen {shown:.2f} s, End {jumped:.2f} s, "
        f"20 x PgUp {paged:.2f} s; peak RSS {peak_rss_mb():.0f} MiB "
        f"(before opening {baseline:.0f} MiB), analysis worker processes {workers:.0f} MiB "
        f"now; last line "
        f"{'shown' if end_line.strip() else 'blank'}"
    )


def main() -> None:
    """Measure each file in its own process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--analyse", type=float, default=0.0, metavar="SECONDS")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        asyncio.run(measure(options.one, options.analyse))
        return
    with tempfile.TemporaryDirectory() as folder:
        files = options.files or [str(path) for path in build_files(Path(folder))]
        for path in files:
            subprocess.run(
                [sys.executable, __file__, "--one", path, "--analyse", str(options.analyse)],
                check=False,
            )


if __name__ == "__main__":
    main()
