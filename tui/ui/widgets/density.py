"""Where the rhetoric is concentrated: a one-column strip beside the document, and the
sparkline of each device kind in the profile.

The strip maps the whole document onto its height: each row stands for the same share of the
text, drawn darker the more devices (of the categories shown) lie in it, in the theme's accent
colour. It follows the analysis as it streams in, a couple of times a second at most.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.color import Color, ColorParseError
from textual.strip import Strip
from textual.widget import Widget

from ...analysis.model import Device
from ..reading import ReadingState
from ..sparkline import buckets

__all__ = ["SHADES", "DensityStrip"]

SHADES = " ░▒▓█"
"""The strip's glyphs, from no device to the densest share of the text."""
REFRESH_SECONDS = 0.5
"""How often the strip follows the streaming analysis, at most."""


class DensityStrip(Widget):
    """One column beside the document: where its devices are dense."""

    DEFAULT_CSS = "DensityStrip { width: 1; height: 1fr; }"

    def __init__(self, state: ReadingState, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = state
        """The reading screen's state (shared, not copied)."""
        self._counts: list[int] = []
        self._top = 0
        self._dirty = True

    def on_mount(self) -> None:
        """Follow the analysis and the theme."""
        self.set_interval(REFRESH_SECONDS, self._refresh_if_changed)
        self.watch(self.app, "theme", lambda _: self.changed(), init=False)

    def changed(self) -> None:
        """The devices or the layers changed: redraw at the next tick."""
        self._dirty = True

    def on_resize(self) -> None:
        """A new height: new shares."""
        self.changed()
        self._refresh_if_changed()

    def _refresh_if_changed(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        layers = self.state.layers
        shown: list[Device] = [
            device for part in self.state.parts.values() for device in part.devices
            if layers.devices and device.category not in layers.hidden_categories
        ]
        counts = buckets((device.span.start for device in shown),
                         len(self.state.document.text), self.size.height)
        if counts != self._counts:  # a repaint only when the picture changes
            self._counts = counts
            self._top = max(counts, default=0)
            self.refresh()

    def render_line(self, y: int) -> Strip:
        """Row ``y``: its share of the text, shaded by how many devices it holds."""
        base = self.rich_style
        if not 0 <= y < len(self._counts):
            return Strip([Segment(" ", base)], 1)
        count = self._counts[y]
        level = 0 if not count else 1 + (count * (len(SHADES) - 1) - 1) // self._top
        return Strip([Segment(SHADES[level], base + self._colour())], 1)

    def _colour(self) -> Style:
        accent = self.app.current_theme.accent or ""
        try:
            return Style(color=Color.parse(accent).rich_color)
        except ColorParseError:  # "ansi_default" in the mono theme: the terminal's colour
            return Style()
