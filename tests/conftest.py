"""Shared fixtures: the sample document, an isolated config folder, and the app factory."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tui.documents.loading import Document, load_document


@pytest.fixture(autouse=True)
def isolated_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own empty config folder, so no user's themes or state leak in."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("SLANT_CONFIG_DIR", str(folder))
    monkeypatch.setenv("SLANT_CACHE_DIR", str(folder / "cache"))
    monkeypatch.setenv("SLANT_STATE_DIR", str(folder / "state"))
    monkeypatch.setenv("SLANT_DATA_DIR", str(folder / "data"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return folder


@pytest.fixture(autouse=True)
def no_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Tests never touch the machine's clipboard; what pyperclip would get is recorded."""
    import pyperclip

    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    return copied


@pytest.fixture(scope="session")
def sample() -> Document:
    """The bundled sample op-ed."""
    return load_document(None)


@pytest.fixture
def make_app(sample: Document) -> Iterator[Callable[..., object]]:
    """Build a SlantApp on a document (the sample by default), dark theme."""
    from tui.ui.app import SlantApp

    def factory(document: Document | None = None, theme: str = "slant-dark") -> SlantApp:
        return SlantApp(document or sample, theme=theme)

    yield factory


async def wait_for_analysis(app: object, timeout: float = 60.0) -> None:
    """Wait until the reading screen has analysed the whole document."""
    from tui.ui.screens import MainScreen

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        screen = getattr(app, "screen", None)
        if isinstance(screen, MainScreen) and screen.state.analysis_complete:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the analysis did not finish in time")


@pytest.fixture
def analysed() -> Callable[..., object]:
    """The coroutine function that waits for the analysis to finish."""
    return wait_for_analysis
