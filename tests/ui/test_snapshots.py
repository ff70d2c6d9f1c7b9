"""Snapshot of the main screen on the sample document, analysis complete."""

from __future__ import annotations

from tui.documents.loading import load_document
from tui.ui.app import SlantApp


def test_main_screen_on_the_sample(snap_compare, analysed) -> None:
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await analysed(pilot.app)
        # Let the claims pane finish measuring its last batch (its scrollbar depends on it).
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.5)

    app = SlantApp(load_document(None), theme="slant-dark")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_main_screen_at_60_by_15(snap_compare, analysed) -> None:
    """A small terminal: the text takes the width, the claims pane waits for v, the status
    bar keeps the items that fit whole."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await analysed(pilot.app)
        await pilot.pause(0.5)

    app = SlantApp(load_document(None), theme="slant-dark")
    assert snap_compare(app, terminal_size=(60, 15), run_before=run_before)
