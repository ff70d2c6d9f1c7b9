"""The status bar: model, analysis progress, counts per layer, encoding and theme."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual.widgets import Static

from ..display import safe_inline

__all__ = ["StatusBar", "StatusInfo"]


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

    def _render_info(self) -> Text:
        info = self.info
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        if info.warning:
            line.append(f"⚠ {safe_inline(info.warning, 80)}", style="bold")
            line.append("  ")
        line.append(safe_inline(info.model, 60))
        if info.progress:
            line.append(f" · {info.progress}")
        for count, noun in (
            (info.entities, "entity"),
            (info.devices, "device"),
            (info.claims, "claim"),
        ):
            plural = noun if count == 1 else ("entities" if noun == "entity" else f"{noun}s")
            line.append(f" · {count:,} {plural}")
        if info.hidden_layers:
            line.append(f" · hidden: {info.hidden_layers}")
        if info.jump:
            line.append(f" · n/N: {safe_inline(info.jump, 40)} only", style="bold")
        if info.encoding:
            line.append(f" · {info.encoding}")
        if info.theme:
            line.append(f" · {safe_inline(info.theme, 30)}")
        return line
