"""Start-up figures for the reader on one document, driven headless through Textual's Pilot.

    python benchmarks/bench_startup.py [FILE]      # default: the bundled sample

Prints: process start to import of the app, time until the text is on screen, until the
model is loaded, until the whole document is highlighted, and the analysis throughput.
Figures, not assertions: run it on the machine you care about.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time

STARTED = time.perf_counter()

from tui.documents.loading import load_document  # noqa: E402
from tui.ui.app import SlantApp  # noqa: E402
from tui.ui.screens import MainScreen  # noqa: E402
from tui.ui.widgets import DocumentView  # noqa: E402

IMPORTED = time.perf_counter()


async def measure(source: str | None) -> None:
    document = load_document(source)
    app = SlantApp(document, theme="slant-dark")
    text_at = model_at = done_at = None
    opened = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        while done_at is None:
            screen = app.screen
            now = time.perf_counter()
            if isinstance(screen, MainScreen):
                view = screen.query_one(DocumentView)
                if text_at is None and view.virtual_size.height > 0:
                    text_at = now
                if model_at is None and "loading" not in screen.status.info.model:
                    model_at = now
                if screen.state.analysis_complete:
                    done_at = now
            await asyncio.sleep(0.005)
        await pilot.pause()
    words = len(document.text.split())
    analysis_seconds = done_at - (model_at or opened)
    print(f"document            {document.name}: {len(document.text):,} chars, {words:,} words")
    print(f"import of the app   {IMPORTED - STARTED:6.3f} s")
    print(f"text on screen      {text_at - opened:6.3f} s after the app started")
    print(f"model loaded        {(model_at or done_at) - opened:6.3f} s")
    print(f"fully highlighted   {done_at - opened:6.3f} s")
    print(f"analysis throughput {words / max(analysis_seconds, 1e-9):8,.0f} words/s")


if __name__ == "__main__":
    os.environ.setdefault("SLANT_CONFIG_DIR", tempfile.mkdtemp(prefix="slant-bench-"))
    asyncio.run(measure(sys.argv[1] if len(sys.argv) > 1 else None))
