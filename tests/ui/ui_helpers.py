"""What the reader's Pilot tests share: waiting for a condition, the main screen, styles."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from rich.style import Style
from textual.app import App

from tui.ui.screens import MainScreen
from tui.ui.widgets import DocumentView


async def wait_until(predicate: Callable[[], bool], timeout: float = 120.0) -> None:
    """Let the app run until ``predicate()`` holds; fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.05)


def main_screen(app: App[object]) -> MainScreen:
    """The app's current screen, which must be the reading screen."""
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def style_at(view: DocumentView, offset: int) -> Style:
    """The rendered style of the character at ``offset`` (which must be on screen)."""
    layout = view._layout
    assert layout is not None
    line = layout.line_of(offset)
    strip = view.render_line(line - int(view.scroll_y))
    column = offset - layout.starts[line]
    for segment in strip:
        if column < len(segment.text):
            return segment.style or Style()
        column -= len(segment.text)
    raise AssertionError("offset not on the rendered line")


async def profile_columns(app: App[object], pilot: object) -> list[str]:
    """Open the device profile (p) on the analysed document; the labels of its columns."""
    from textual.widgets import DataTable

    from tui.ui.screens.device_profile import DeviceProfileScreen

    await pilot.press("p")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, DeviceProfileScreen)
    table = app.screen.query_one(DataTable)
    return [str(column.label) for column in table.columns.values()]
