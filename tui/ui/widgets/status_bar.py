"""The status bar: position, search, model, analysis progress, counts per layer, encoding and
theme; what does not fit the width is left out whole, least important first."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual.widgets import Footer, Static

from ..display import fit_line, safe_inline

__all__ = ["HeaderLine", "KeyHints", "StatusBar", "StatusInfo", "status_items"]


@dataclass(frozen=True)
class StatusInfo:
    """Everything the status bar shows."""

    model: str = "loading model…"
    """The spaCy pipeline, or what is happening to it."""
    progress: str = ""
    """Analysis progress (``analysing 3/6``, ``analysed in 0.4 s``)."""
    entities: int = 0
    """Entities found so far."""
    devices: int = 0
    """Devices found so far."""
    claims: int = 0
    """Claims found so far."""
    hidden: int = 0
    """Entities and devices the reader dismissed (hidden from the view and the counts)."""
    hidden_layers: str = ""
    """The highlight layers switched off, if any (``entities, devices``)."""
    jump: str = ""
    """The device kind ``n`` / ``N`` are limited to, if any (its name)."""
    encoding: str = ""
    """The document's encoding."""
    theme: str = ""
    """The current theme's name."""
    warning: str = ""
    """A standing warning about the document (hidden controls, file deleted …)."""
    position: str = ""
    """How far through the document the top of the screen is (``42%``)."""
    search: str = ""
    """Where the search stands (``match 2 of 17``), while one is active."""
    note: str = ""
    """A brief note (``back where you left off``), cleared after a few seconds."""
    reflowed: bool = False
    """True when hard-wrapped lines are shown reflowed."""


class StatusBar(Static):
    """One line at the bottom of the screen."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.info = StatusInfo()
        """What is shown now."""

    def update_info(self, **changes: object) -> None:
        """Change some fields and redraw."""
        self.info = replace(self.info, **changes)  # type: ignore[arg-type]
        # One line of fixed size whatever it says: a repaint, never a layout of the screen
        # (the progress changes several times a second during an analysis).
        self.update(self._render_info(), layout=False)

    def on_resize(self) -> None:
        """Fit the items to the new width."""
        self.update(self._render_info(), layout=False)

    def _render_info(self) -> Text:
        """The items that fit the width, in their order; when not all fit, the least
        important are left out whole (never cut mid-word, which could mislead)."""
        return fit_line(status_items(self.info), self.content_region.width or 200)


class HeaderLine(Static):
    """The title line: items that fit the width, the least important left out whole."""

    DEFAULT_CSS = """
    HeaderLine {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.items: list[tuple[int, str, str]] = []
        """What the line says, as ``(priority, text, style)``."""

    def show(self, items: list[tuple[int, str, str]]) -> None:
        """Say ``items``."""
        self.items = items
        self.update(fit_line(items, self.content_region.width or 200), layout=False)

    def on_resize(self) -> None:
        """Fit the items to the new width."""
        self.update(fit_line(self.items, self.content_region.width or 200), layout=False)


class KeyHints(Footer):
    """The key hints, packed closer in a narrow terminal so that more of them fit."""

    NARROW = 100
    """Below this many columns the hints are compact."""

    def on_resize(self) -> None:
        """Compact below :attr:`NARROW` columns."""
        self.compact = self.size.width < self.NARROW


def status_items(info: StatusInfo) -> list[tuple[int, str, str]]:
    """The status bar's items in display order, as ``(priority, text, style)``; the lower
    the priority, the more important the item."""
    items: list[tuple[int, str, str]] = []
    if info.note:
        items.append((0, safe_inline(info.note, 60), "bold"))
    if info.search:
        items.append((0, safe_inline(info.search, 60), "bold"))
    if info.warning:
        items.append((1, f"⚠ {safe_inline(info.warning, 80)}", "bold"))
    if info.position:
        items.append((1, info.position, ""))
    items.append((4, safe_inline(info.model, 60), ""))
    if info.progress:
        items.append((2, info.progress, ""))
    for count, noun in ((info.entities, "entity"), (info.devices, "device"),
                        (info.claims, "claim")):
        plural = noun if count == 1 else ("entities" if noun == "entity" else f"{noun}s")
        items.append((3, f"{count:,} {plural}", ""))
    if info.hidden:
        items.append((2, f"{info.hidden:,} dismissed (hidden)", ""))
    if info.hidden_layers:
        items.append((2, f"hidden: {info.hidden_layers}", ""))
    if info.jump:
        items.append((1, f"n/N: {safe_inline(info.jump, 40)} only", "bold"))
    if info.reflowed:
        items.append((3, "reflowed", ""))
    if info.encoding:
        items.append((5, info.encoding, ""))
    if info.theme:
        items.append((6, safe_inline(info.theme, 30), ""))
    return items
