"""Start-up as a user sees it: ``slant`` launched in a real terminal (tmux) on documents it
has never seen, timed from the launch until the text is on the screen.

    python benchmarks/bench_startup.py [--documents 8] [--command "slant"]

Each document is a new 4 kB article of invented sentences, opened with an empty cache,
state and data folder, so nothing is remembered; the clock starts at ``tmux new-session``
(the interpreter's start, every import, reading the file and the first paint all count)
and stops at the first poll of the pane that shows the article's first line. Then the
highlights: the time until the status bar says the analysis is done. Prints each launch,
the median and the worst. Targets: median ≤ 0.4 s, worst ≤ 0.7 s for the text.
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from terminal import Pane, have_tmux

REPO = Path(__file__).resolve().parent.parent
SUBJECTS = ["The minister", "Critics", "The mayor", "Union leaders", "Senator Vale",
            "The company", "Officials in Berlin", "The opposition"]
VERBS = ["said", "insisted", "warned", "claimed", "argued", "denied"]
CLAIMS = ["the reckless plan would ruin the harbour", "the talks were a shameful farce",
          "the budget was balanced", "the strike would go ahead",
          "the elites are destroying our great nation", "a careful exchange was needed"]


def article(number: int, size: int = 4000) -> str:
    rng = random.Random(number * 7919 + time.time_ns())
    title = f"Harbour report {number}: {rng.randrange(10**9)}"
    paragraphs, total = [title], len(title)
    while total < size:
        sentences = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} that {rng.choice(CLAIMS)}."
                     for _ in range(rng.randint(2, 5))]
        paragraphs.append(" ".join(sentences))
        total += len(paragraphs[-1]) + 2
    return "\n\n".join(paragraphs) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=8)
    installed = Path(sys.executable).with_name("slant")
    parser.add_argument("--command", default=shlex.quote(str(installed)) if installed.exists()
                        else f"{shlex.quote(sys.executable)} -m tui",
                        help="how to launch the reader (default: the installed slant beside "
                        "this Python, as users run it; its byte code compiled at install)")
    options = parser.parse_args()
    if not have_tmux():
        print("skipped: tmux is not installed (apt install tmux)")
        return 0
    texts, analysed = [], []
    for number in range(1, options.documents + 1):
        folder = Path(tempfile.mkdtemp(prefix="slant-bench-startup-"))
        document = folder / "article.txt"
        content = article(number)
        document.write_text(content, "utf-8")
        env = {"SLANT_CACHE_DIR": str(folder / "cache"), "SLANT_STATE_DIR": str(folder / "s"),
               "SLANT_DATA_DIR": str(folder / "d"), "SLANT_CONFIG_DIR": str(folder / "c"),
               "TERM": "xterm-256color"}
        pane = Pane([*shlex.split(options.command), str(document)], env)
        try:
            first_line = content.splitlines()[0][:40]
            text = pane.wait_for(lambda screen, line=first_line: line in screen)
            done = pane.wait_for(lambda screen: "analysed" in screen, timeout=60)
        finally:
            pane.close()
        texts.append(text)
        analysed.append(done)
        print(f"launch {number}: text on screen {text:.3f} s · analysed {done:.2f} s",
              flush=True)
        time.sleep(0.5)
    print(f"first text: median {statistics.median(texts):.3f} s, worst {max(texts):.3f} s "
          f"(targets 0.4 / 0.7 s)")
    print(f"analysed:   median {statistics.median(analysed):.2f} s, worst {max(analysed):.2f} s")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TERM", "xterm-256color")
    sys.exit(main())
