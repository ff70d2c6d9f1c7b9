"""A whole book in the reader: every figure of the performance targets, in one run.

    python benchmarks/bench_big.py [FILE] [--jobs N]

FILE defaults to ``$SLANT_SHARED_DIR/corpora/war_and_peace.txt`` (``SLANT_SHARED_DIR``
defaults to ``<repo>/../shared``); without it the benchmark says so and exits. It prints:

* in a real terminal (tmux), from the moment ``slant`` is launched on a copy of the book it
  has never seen (a new first line, an empty cache): the time until the text is on screen,
  and the latency of 20 PageDowns pressed right after that, while the workers start and the
  analysis runs (from ``send-keys`` until the pane shows the next page);

and, driving the real app headless through Textual's ``run_test``:

* time to a highlighted first screen, and to a highlighted screen after jumping to the
  middle of the book (measured from the jump);
* whole-document analysis throughput in words/s next to raw spaCy ``nlp.pipe`` with the same
  model, the same number of processes and the same batch size, measured in the same run (in
  a separate process, so its memory does not count), and their ratio;
* median and worst key-press-to-paint latency over 50 PageDowns during the analysis, as
  Pilot sees it (the app's own share of the terminal figure);
* peak resident memory of the app's whole process tree (the app and its workers);
* the time to reopen the book fully highlighted from a warm cache;
* the CPU time each side used (the app's process and its workers; spaCy's process and its
  workers), which other work on the machine does not inflate as it does wall time.

It takes about five minutes on a 2-core machine (two full analyses of the book: spaCy's and
Slant's). Figures, not assertions: other work on the machine slows every one of them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

STARTED = time.perf_counter()
REPO = Path(__file__).resolve().parent.parent
SIZE = (120, 40)
PAGE_DOWNS = 50
TERMINAL_PRESSES = 20
TARGETS = {
    "first text": 0.4, "first screen": 2.0, "jump": 1.5, "ratio": 0.9, "median key": 0.050,
    "worst key": 0.200, "rss": 1.5 * 1024**3, "reopen": 1.0,
}


def default_book() -> Path:
    shared = Path(os.environ.get("SLANT_SHARED_DIR", REPO.parent / "shared"))
    return shared / "corpora" / "war_and_peace.txt"


# -- raw spaCy, in its own process ---------------------------------------------------------


def raw_throughput(path: str, jobs: int, batch: int) -> None:
    """Print ``RAW <words> <seconds> <model>``: plain ``nlp.pipe`` over the paragraphs."""
    import spacy

    from tui.analysis.pipeline import installed_models, split_paragraphs
    from tui.documents.loading import load_document

    text = load_document(path).text
    texts = [p.span.text_of(text) for p in split_paragraphs(text)]
    model = installed_models()[0]
    nlp = spacy.load(model)
    began = time.perf_counter()
    before = os.times()
    for _ in nlp.pipe(texts, n_process=jobs, batch_size=batch):
        pass
    seconds = time.perf_counter() - began
    after = os.times()
    # CPU seconds of this process and of its (finished) worker processes: comparable with
    # the app's whatever else the machine runs.
    own = after.user + after.system - before.user - before.system
    workers = (after.children_user + after.children_system
               - before.children_user - before.children_system)
    print(f"RAW {sum(len(t.split()) for t in texts)} {seconds:.3f} {own:.2f} {workers:.2f} "
          f"{model}", flush=True)


# -- in a real terminal, from launch ---------------------------------------------------------


def terminal_figures(path: Path, jobs: int) -> dict[str, float] | None:
    """First text and PageDown latency of ``slant`` on a never-seen copy of the book, in
    tmux; None without tmux."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from terminal import Pane, have_tmux

    if not have_tmux():
        print("terminal    skipped: tmux is not installed (apt install tmux)")
        return None
    folder = Path(tempfile.mkdtemp(prefix="slant-bench-terminal-"))
    marker = f"Never seen before: copy {os.getpid()}-{time.time_ns()}."
    copy = folder / "book.txt"
    copy.write_text(marker + "\n\n" + path.read_text("utf-8"), "utf-8")
    env = {"SLANT_CACHE_DIR": str(folder / "cache"), "SLANT_STATE_DIR": str(folder / "state"),
           "SLANT_DATA_DIR": str(folder / "data"), "SLANT_CONFIG_DIR": str(folder / "config"),
           "TERM": "xterm-256color"}
    # The installed command, as users run it (its byte code compiled when it was installed).
    installed = Path(sys.executable).with_name("slant")
    command = [str(installed)] if installed.exists() else [sys.executable, "-m", "tui"]
    pane = Pane([*command, str(copy), "--jobs", str(jobs)], env)
    try:
        first = pane.wait_for(lambda screen: marker[:40] in screen, timeout=60)

        def page(screen: str) -> str:  # the document pane's first lines, left of the claims
            return "\n".join(line[:70] for line in screen.splitlines()[1:6])

        latencies = [pane.key_latency("PageDown", lambda old, new: page(old) != page(new))
                     for _ in range(TERMINAL_PRESSES)]
    finally:
        pane.close()
    return {"first text": first, "median key": statistics.median(latencies),
            "worst key": max(latencies)}


# -- memory of the process tree -------------------------------------------------------------


class TreeMemory(threading.Thread):
    """Samples the resident memory of this process and all its descendants, and the CPU
    time its descendants (the analysis workers) have used."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.stopped = threading.Event()
        self.page = os.sysconf("SC_PAGE_SIZE")
        self.ticks: dict[int, int] = {}
        """CPU clock ticks of each descendant, as last seen."""

    def worker_seconds(self) -> float:
        """CPU seconds used by the descendants seen so far."""
        return sum(self.ticks.values()) / os.sysconf("SC_CLK_TCK")

    def tree(self) -> list[int]:
        pids, todo = [], [os.getpid()]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/children") as handle:
                        todo.extend(int(child) for child in handle.read().split())
            except OSError:
                continue
        return pids

    def sample(self) -> int:
        total = 0
        for pid in self.tree():
            try:
                with open(f"/proc/{pid}/statm") as handle:
                    total += int(handle.read().split()[1]) * self.page
                if pid != os.getpid():
                    with open(f"/proc/{pid}/stat") as handle:
                        fields = handle.read().rsplit(")", 1)[1].split()
                    # utime and stime, the 14th and 15th fields (counted from the pid).
                    used = int(fields[11]) + int(fields[12])
                    self.ticks[pid] = max(self.ticks.get(pid, 0), used)
            except (OSError, IndexError, ValueError):
                continue
        return total

    def run(self) -> None:
        while not self.stopped.wait(0.2):
            self.peak = max(self.peak, self.sample())


# -- the app ------------------------------------------------------------------------------


def visible_done(screen) -> bool:  # type: ignore[no-untyped-def]
    """True when every paragraph on screen is fully analysed."""
    from tui.engine.layers import FULL

    span = screen.view.visible_span()
    collected = screen.state.collected
    first = collected.paragraph_at(span.start)
    last = collected.paragraph_at(span.end)
    return all(collected.levels[index] >= FULL for index in range(first, last + 1))


async def until(predicate, timeout: float, step: float = 0.002) -> float:  # type: ignore[no-untyped-def]
    """Wait for ``predicate``; returns the time it became true."""
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(step)
    return time.perf_counter()


async def run_app(document, jobs: int, figures: dict[str, float], *, cold: bool) -> None:  # type: ignore[no-untyped-def]
    from textual import events

    from tui.ui.analysis_feed import AnalysisOptions
    from tui.ui.app import SlantApp
    from tui.ui.screens import MainScreen
    from tui.ui.widgets import DocumentView

    opened = time.perf_counter()
    cpu_at_open = time.process_time()

    app = SlantApp(document, theme="slant-dark", analysis=AnalysisOptions(jobs=jobs))
    # Every paint of the document's top line: when, at which scroll position, and whether
    # every paragraph on screen was fully analysed at that moment.
    painted: list[tuple[float, int, bool]] = []

    def first_paint(after: int, condition) -> float | None:  # type: ignore[no-untyped-def]
        return next((when for when, y, done in painted[after:] if condition(y, done)), None)

    original = DocumentView.render_line

    def render_line(view: DocumentView, y: int):  # type: ignore[no-untyped-def]
        # Patched on the class before the app starts, so the very first paint is seen.
        if y == 0:
            screen = view.screen
            done = isinstance(screen, MainScreen) and visible_done(screen)
            painted.append((time.perf_counter(), int(view.scroll_y), done))
        return original(view, y)

    DocumentView.render_line = render_line  # type: ignore[method-assign]
    try:
        async with app.run_test(size=SIZE):
            await until(lambda: isinstance(app.screen, MainScreen), 30)
            screen = app.screen
            view = screen.view

            async def watch_model() -> float:
                return await until(lambda: "loading" not in screen.status.info.model, 60)

            model_watch = asyncio.create_task(watch_model())
            await until(lambda: view.virtual_size.height > 0 and painted, 30)
            figures["pilot first text" if cold else "reopen text"] = painted[0][0] - opened
            if not cold:
                complete = await until(lambda: screen.state.analysis_complete, 60)
                await until(lambda: first_paint(0, lambda y, done: done) is not None, 10)
                highlighted = first_paint(0, lambda y, done: done)
                figures["reopen"] = max(complete, highlighted or complete) - opened
                return
            await until(lambda: first_paint(0, lambda y, done: done) is not None, 60)
            figures["first screen"] = (first_paint(0, lambda y, done: done) or 0) - opened
            count = len(painted)
            jumped = time.perf_counter()
            view.scroll_to_offset(len(document.text) // 2, at_top=True)
            target = int(view.scroll_y)
            arrived = lambda y, done: done and y == target  # noqa: E731
            await until(lambda: first_paint(count, arrived), 60)
            figures["jump"] = (first_paint(count, arrived) or 0) - jumped
            latencies = []
            for _ in range(PAGE_DOWNS):
                if screen.state.analysis_complete:
                    break
                before = int(view.scroll_y)
                count = len(painted)
                pressed = time.perf_counter()
                app._driver.send_message(events.Key("pagedown", None))  # type: ignore[union-attr]
                moved = lambda y, done, before=before: y != before  # noqa: E731
                await until(lambda count=count, moved=moved: first_paint(count, moved), 10, 0.0005)
                latencies.append((first_paint(count, moved) or 0) - pressed)
                await asyncio.sleep(0.1)  # a reader's pace
            figures["pilot median key"] = (statistics.median(latencies) if latencies
                                           else float("nan"))
            figures["pilot worst key"] = max(latencies) if latencies else float("nan")
            figures["presses"] = len(latencies)
            model_at = await model_watch
            figures["model loaded"] = model_at - opened
            done = await until(lambda: screen.state.analysis_complete, 3600, 0.05)
            figures["analysis from start"] = done - opened
            figures["analysis after model"] = done - model_at
            figures["app cpu"] = time.process_time() - cpu_at_open
    finally:
        DocumentView.render_line = original  # type: ignore[method-assign]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", help="the book (default: War and Peace)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    parser.add_argument("--raw", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    from tui.engine.pool import default_jobs
    from tui.engine.scheduler import BATCH_SIZE

    jobs = options.jobs or default_jobs()
    path = Path(options.file) if options.file else default_book()
    if options.raw:
        raw_throughput(str(path), jobs, BATCH_SIZE)
        return 0
    if not path.is_file():
        print(f"skipped: {path} is not there (set SLANT_SHARED_DIR to the shared data folder)")
        return 0
    os.environ["SLANT_CONFIG_DIR"] = tempfile.mkdtemp(prefix="slant-bench-config-")
    os.environ["SLANT_CACHE_DIR"] = tempfile.mkdtemp(prefix="slant-bench-cache-")
    from tui.documents.loading import load_document

    document = load_document(str(path))
    words = len(document.text.split())
    print(f"book        {path.name}: {len(document.text):,} characters, {words:,} words")
    print(f"settings    {jobs} worker processes, batch size {BATCH_SIZE}, terminal {SIZE}")
    print("raw spaCy   running nlp.pipe over the book in a separate process …", flush=True)
    raw = subprocess.run(
        [sys.executable, __file__, str(path), "--jobs", str(jobs), "--raw"],
        capture_output=True, text=True, check=False,
    )
    line = next((x for x in raw.stdout.splitlines() if x.startswith("RAW ")), None)
    if line is None:
        print(raw.stderr[-2000:])
        return 1
    _, raw_words, raw_seconds, raw_own, raw_workers, model = line.split(maxsplit=5)
    raw_rate = int(raw_words) / float(raw_seconds)
    print(f"raw spaCy   {model}: {float(raw_seconds):.1f} s, {raw_rate:,.0f} words/s", flush=True)
    print("terminal    opening a never-seen copy in tmux, timed from launch …", flush=True)
    terminal = terminal_figures(path, jobs)
    figures: dict[str, float] = {}
    memory = TreeMemory()
    memory.start()
    print("slant       opening the book cold (empty cache) …", flush=True)
    asyncio.run(run_app(document, jobs, figures, cold=True))
    memory.stopped.set()
    memory.join()
    print("slant       reopening it (warm cache) …", flush=True)
    asyncio.run(run_app(document, jobs, figures, cold=False))
    rate = words / figures["analysis after model"]
    rate_all = words / figures["analysis from start"]
    rows = [
        *([("terminal: first text on screen", terminal["first text"], "s",
            TARGETS["first text"]),
           ("terminal: PageDown, median", terminal["median key"] * 1000, "ms", 50),
           ("terminal: PageDown, worst", terminal["worst key"] * 1000, "ms", 200)]
          if terminal else []),
        ("highlighted first screen", figures["first screen"], "s", TARGETS["first screen"]),
        ("highlighted screen after jump", figures["jump"], "s", TARGETS["jump"]),
        ("Pilot: key to paint, median", figures["pilot median key"] * 1000, "ms", 50),
        ("Pilot: key to paint, worst", figures["pilot worst key"] * 1000, "ms", 200),
        ("peak RSS, process tree", memory.peak / 1024**3, "GB", 1.5),
        ("reopen, warm cache", figures["reopen"], "s", TARGETS["reopen"]),
    ]
    print()
    print(f"{'figure':34} {'value':>10}   target")
    for name, value, unit, target in rows:
        mark = "ok" if value <= target else "MISSED"
        print(f"{name:34} {value:10.3f} {unit:3} ≤ {target} {unit}  {mark}")
    print(f"{'Pilot: first text (app start)':34} {figures['pilot first text']:10.3f} s")
    print(f"{'model loaded in the workers':34} {figures['model loaded']:10.3f} s")
    print(f"{'key presses measured':34} {int(figures['presses']):10d}")
    print(f"{'whole book, after model load':34} {figures['analysis after model']:10.1f} s   "
          f"{rate:,.0f} words/s")
    print(f"{'whole book, from app start':34} {figures['analysis from start']:10.1f} s   "
          f"{rate_all:,.0f} words/s")
    print(f"{'raw nlp.pipe, same settings':34} {float(raw_seconds):10.1f} s   "
          f"{raw_rate:,.0f} words/s")
    app_cpu, worker_cpu = figures["app cpu"], memory.worker_seconds()
    print(f"{'CPU, raw nlp.pipe':34} {float(raw_own) + float(raw_workers):10.1f} s   "
          f"(main {float(raw_own):.1f} s, workers {float(raw_workers):.1f} s)")
    print(f"{'CPU, Slant from app start':34} {app_cpu + worker_cpu:10.1f} s   "
          f"(app process {app_cpu:.1f} s, workers {worker_cpu:.1f} s)")
    ratio = rate / raw_rate
    print(f"{'throughput ratio (after load)':34} {ratio:10.2f}     ≥ 0.9  "
          f"{'ok' if ratio >= 0.9 else 'MISSED'}")
    print(f"{'throughput ratio (from start)':34} {rate_all / raw_rate:10.2f}")
    print(f"{'benchmark wall time':34} {time.perf_counter() - STARTED:10.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
