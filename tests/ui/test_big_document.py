"""A long document: text at once, the screen analysed first, the cache, clean shutdown."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from ui_helpers import wait_until

from tui.documents.loading import Document, load_document
from tui.engine.cache import cache_dir
from tui.engine.layers import FULL
from tui.ui.analysis_feed import AnalysisOptions
from tui.ui.app import SlantApp
from tui.ui.screens import MainScreen
from tui.ui.widgets import DocumentView

SENTENCES = [
    "The minister said on Monday that the harbour in Valmora would reopen.",
    "Critics warned that the reckless plan would ruin the fishing towns.",
    "Is anyone surprised that the council delayed the vote again?",
    "According to union leaders, the so-called \"reform\" cuts wages.",
    "We must act now, before the season ends.",
]


def long_document(tmp_path: Path, paragraphs: int = 1500) -> Document:
    """An invented article of many numbered paragraphs (every one different)."""
    text = "\n\n".join(
        f"{n}. " + " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(3))
        for n in range(paragraphs)
    )
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    return load_document(str(path))


def visible_analysed(screen: MainScreen) -> bool:
    span = screen.view.visible_span()
    collected = screen.state.collected
    first, last = collected.paragraph_at(span.start), collected.paragraph_at(span.end)
    return all(collected.levels[i] >= FULL for i in range(first, last + 1))


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_the_end_of_a_long_document_is_analysed_before_the_middle(tmp_path: Path) -> None:
    document = long_document(tmp_path)
    app = SlantApp(document, theme="slant-dark", analysis=AnalysisOptions(jobs=2))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        view = screen.query_one(DocumentView)
        await wait_until(lambda: view.virtual_size.height > 0)
        assert not screen.state.analysis_complete
        await pilot.press("end")
        await wait_until(lambda: visible_analysed(screen))
        levels = screen.state.collected.levels
        assert view.visible_span().end >= len(document.text) - 1
        middle = len(levels) // 2
        assert levels[middle] < FULL, "the screen went first, not the text in order"
        assert any(part.devices for part in screen.state.parts.values())
        feed = screen._feed
        assert feed is not None and feed._runner is not None
        executor = feed._runner._executor
        pids = list(executor._processes) if executor is not None else []
        assert pids
    # Quitting mid-analysis ends the worker processes.
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while any(alive(pid) for pid in pids) and loop.time() < deadline:
        await asyncio.sleep(0.1)
    assert not any(alive(pid) for pid in pids)


async def test_a_resize_keeps_the_reader_at_the_same_text(tmp_path: Path) -> None:
    document = long_document(tmp_path, paragraphs=600)
    app = SlantApp(document, theme="slant-dark", analysis=AnalysisOptions(jobs=1))
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.screen.query_one(DocumentView)
        await wait_until(lambda: view.virtual_size.height > 0)
        view.scroll_to_offset(len(document.text) // 2, at_top=True)
        await pilot.pause()
        before = view.top_offset
        await pilot.resize_terminal(70, 30)
        await pilot.pause()
        after = view.top_offset
        # The top line now starts at or just before the same text (it was re-wrapped).
        assert after <= before < after + 70
        start, end = view.visible_span().start, view.visible_span().end
        assert start <= before < end


async def test_reopening_an_analysed_document_comes_from_the_cache(make_app, analysed) -> None:
    first = make_app()
    async with first.run_test(size=(100, 30)):
        await analysed(first)
        parts = dict(first.screen.state.parts)
        claims = list(first.screen.state.claims)
    assert list(cache_dir().iterdir()), "the analysis was cached"
    again = make_app()
    async with again.run_test(size=(100, 30)):
        await analysed(again)
        screen = again.screen
        assert isinstance(screen, MainScreen)
        assert screen._feed is not None and screen._feed._runner is None, "no workers started"
        assert screen.state.parts == parts
        assert screen.state.claims == claims
        assert len(screen.claims_side.pane.claims) == len(claims)


async def test_no_cache_reads_and_writes_nothing(sample, analysed) -> None:
    app = SlantApp(sample, theme="slant-dark", analysis=AnalysisOptions(use_cache=False))
    async with app.run_test(size=(100, 30)):
        await analysed(app)
        assert app.screen.state.claims
    assert not cache_dir().exists() or not list(cache_dir().iterdir())


def test_progress_says_how_far_which_layer_and_how_long() -> None:
    from tui.ui.analysis_feed import progress_text

    assert progress_text(0.42, 65, "entities") == "analysing 42% · entities · 1:05 left"
    assert progress_text(0.01, None, "lexical") == "analysing 1% · lexical"


async def test_an_encoder_that_cannot_run_is_said_once_and_the_text_is_analysed(
    sample, analysed, monkeypatch
) -> None:
    import tui.encoder

    monkeypatch.setattr(tui.encoder, "encoder_problem",
                        lambda: "the encoder needs onnxruntime, which cannot be imported")
    app = SlantApp(sample, theme="slant-dark",
                   analysis=AnalysisOptions(use_cache=False, jobs=1, encoder=True))
    async with app.run_test(size=(100, 30)):
        await analysed(app)
        assert app.screen.state.claims
        said = [n.message for n in app._notifications if "onnxruntime" in n.message]
        assert len(said) == 1 and "found without it" in said[0]
