"""The document pane: a line-API scroll view over the text with its highlights.

Like Textual's own ``Log`` and toolong's ``LogLines``, it renders one visual line at a time
in ``render_line`` and keeps the rendered strips in an LRU cache, so its cost follows what is
on screen, not the length of the document. Changes of theme, layers or highlights clear the
cache and refresh; only the visible lines are then rendered again.

Wrapping is lazy (:mod:`.line_layout`): the blocks on screen are wrapped when shown, the
rest a few at a time in the background, and the view keeps its top line in place when a
block above it turns out to take more or fewer lines than estimated. The view tells the
screen which stretch of text is visible (:class:`~.view_messages.ViewportChanged`), so the
analysis can do that stretch first.

It runs past the house's ~400 lines because the line API, the strip cache and the wrap
estimate share private state that must stay in one class to stay fast.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from ...analysis.model import Claim, Paragraph, ParagraphAnalysis, Span
from ..display import display_text
from ..reflow import reflowed
from ..search import Matches
from ..theme_styles import resolve_styles
from .line_layout import LineLayout, column_to_offset
from .line_marks import Layers, line_marks
from .view_messages import TextClicked, ViewportChanged

WRAP_BLOCKS_PER_TICK = 4
"""Blocks wrapped per background tick: a few milliseconds, so keys are never kept waiting."""
WRAP_TICK = 0.02
"""Seconds between background wrapping ticks."""

__all__ = ["DocumentView"]


class DocumentView(ScrollView, can_focus=True):
    """The text of the document, soft-wrapped, with entities, devices and claims marked."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Page keys jump at once: an animated scroll on a long book feels like lag.
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
        Binding("up", "scroll_up", "Up", show=False),
        Binding("down", "scroll_down", "Down", show=False),
    ]

    DEFAULT_CSS = """
    DocumentView {
        overflow-x: hidden;
        overflow-y: auto;
        /* A stable gutter keeps the wrap width fixed when the scrollbar comes and goes. */
        scrollbar-gutter: stable;
        padding: 0 1;
    }
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._text = ""
        self._display = ""
        self._paragraphs: list[Paragraph] = []
        self._paragraph_starts: list[int] = []
        self._parts: dict[int, ParagraphAnalysis] = {}
        self._layout: LineLayout | None = None
        # Keyed by the line's start offset, which stays right when lines above are re-wrapped.
        self._cache: LRUCache[int, Strip] = LRUCache(1024)
        self._wrapping: Timer | None = None
        self._ensuring = False
        self._last_viewport: Span | None = None
        self._pending_top: int | None = None
        self._cache_base: Style | None = None
        self._styles: dict[str, Style] = {}
        self.shown_layers = Layers()
        """The highlight layers shown; set with :meth:`set_layers`."""
        self.selected_claim: Claim | None = None
        """The claim whose speaker, cue and content are marked."""
        self.current: Span | None = None
        """The highlight the user jumped to or clicked, marked strongest."""
        self.search: Matches | None = None
        """The matches of the search, marked on screen."""
        self.hover_offset: int | None = None
        """The character under the mouse, if it is over the text."""

    # -- data in -------------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The document text (original, not sanitised)."""
        return self._text

    def load(self, text: str, paragraphs: list[Paragraph], soft_breaks: array[int]) -> None:
        """Show a new text, its ``soft_breaks`` shown as spaces; highlights are dropped."""
        self._text = text
        # Same length as the text, so analysis offsets index it directly.
        self._display = reflowed(display_text(text), soft_breaks)
        self._paragraphs = paragraphs
        self._paragraph_starts = [paragraph.span.start for paragraph in paragraphs]
        self._parts = {}
        self.selected_claim = None
        self.current = None
        self.search = None
        self._relayout()

    def set_soft_breaks(self, soft_breaks: array[int]) -> None:
        """Show ``soft_breaks`` as spaces (none: every break as it is), the same text on top."""
        top = self.top_offset
        self._display = reflowed(display_text(self._text), soft_breaks)
        self._relayout()
        self.scroll_to_offset(top, at_top=True)

    def set_search(self, matches: Matches | None) -> None:
        """Mark ``matches`` (or none) on screen."""
        self.search = matches
        self.redraw()

    def add_parts(self, parts: tuple[ParagraphAnalysis, ...]) -> None:
        """Add the analysis of some paragraphs; their highlights appear.

        The screen is repainted only when one of them is on it: results for the rest of a
        book stream in many times a second and cost nothing to show."""
        for part in parts:
            self._parts[part.paragraph.index] = part
        self._cache.clear()
        visible = self.visible_span()
        if any(
            part.paragraph.span.start <= visible.end and visible.start <= part.paragraph.span.end
            for part in parts
        ):
            self.refresh()

    def set_layers(self, layers: Layers) -> None:
        """Change which highlight layers are shown."""
        self.shown_layers = layers
        self.redraw()

    def select_claim(self, claim: Claim | None) -> None:
        """Mark ``claim``'s parts (or none) and bring it into view."""
        self.selected_claim = claim
        if claim is not None:
            self.scroll_to_offset(claim.sentence.start, only_if_hidden=True)
        self.redraw()

    def set_current(self, span: Span | None) -> None:
        """Mark ``span`` as the current highlight and bring it into view."""
        self.current = span
        if span is not None:
            self.scroll_to_offset(span.start, only_if_hidden=True)
        self.redraw()

    def refresh_styles(self) -> None:
        """Re-read the theme's style variables and redraw (after a theme switch)."""
        self._styles = resolve_styles(
            self.app.current_theme.variables, defaults=self.app.get_theme_variable_defaults()
        )
        self.redraw()

    def redraw(self) -> None:
        """Drop cached lines and repaint what is visible."""
        self._cache.clear()
        self.refresh()

    # -- geometry -----------------------------------------------------------------------------

    @property
    def top_offset(self) -> int:
        """Offset of the first character on the top visible line."""
        if not self._layout or not len(self._layout):
            return 0
        line = min(int(self.scroll_y), len(self._layout) - 1)
        return self._layout.starts[line]

    def visible_span(self) -> Span:
        """The characters on screen."""
        if not self._layout or not len(self._layout):
            return Span(0, 0)
        first = min(int(self.scroll_y), len(self._layout) - 1)
        last = min(first + max(self.size.height, 1), len(self._layout)) - 1
        return Span(self._layout.starts[first], self._layout.ends[last])

    def scroll_to_offset(
        self, offset: int, *, only_if_hidden: bool = False, at_top: bool = False
    ) -> None:
        """Scroll so the line holding ``offset`` is a third of the way down the pane (or the
        top line, with ``at_top``); with ``only_if_hidden``, only when it is off screen."""
        if self._layout is None:  # not laid out yet: go there once it is
            self._pending_top = offset if at_top else None
            return
        line = self._layout.line_of(offset)
        self._sync_size()
        top = int(self.scroll_y)
        if only_if_hidden and top <= line < top + self.size.height:
            return
        target = line if at_top else max(0, line - self.size.height // 3)
        self.scroll_to(y=target, animate=False, immediate=True)
        if int(self.scroll_y) != min(target, self.max_scroll_y):  # before the first layout,
            self.scroll_y = min(target, self.max_scroll_y)  # Textual will not scroll: set it

    def on_resize(self, event: events.Resize) -> None:
        """Re-wrap at the new width, keeping the same text at the top."""
        width = self.scrollable_content_region.width
        if self._layout is None or self._layout.width != max(1, width):
            top = self._pending_top if self._pending_top is not None else self.top_offset
            self._pending_top = None
            self._relayout()
            if self._layout is not None:
                line = self._layout.line_of(top)
                self._sync_size()
                self.scroll_to(y=line, animate=False)
        self._ensure_visible()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Wrap the lines coming into view, and say what is visible now."""
        super().watch_scroll_y(old_value, new_value)
        self._ensure_visible()

    def _sync_size(self) -> None:
        """Match the virtual size to the layout's line count (estimates included)."""
        if self._layout is not None:
            size = Size(self._layout.width, len(self._layout))
            if size != self.virtual_size:
                self.virtual_size = size

    def _ensure_visible(self) -> None:
        """Wrap exactly the blocks on screen, keeping the text the reader saw in place."""
        layout = self._layout
        if layout is None or self._ensuring:
            return
        self._ensuring = True
        try:
            for _ in range(8):  # each round wraps at least one block: it settles fast
                top = int(self.scroll_y)
                shift = [0]

                def moved(line: int, delta: int, top: int = top, shift: list[int] = shift) -> None:
                    # Lines above the top line grew or shrank: follow the text, not the row.
                    if line < top:
                        shift[0] += delta

                if not layout.ensure(top, top + self.size.height, moved):
                    break
                self._cache.clear()
                self._sync_size()
                if shift[0]:
                    self.scroll_y = max(0, top + shift[0])
                self.refresh()
        finally:
            self._ensuring = False
        self._tell_viewport()

    def _tell_viewport(self) -> None:
        span = self.visible_span()
        if span != self._last_viewport:
            self._last_viewport = span
            self.post_message(ViewportChanged(self, span))

    def _wrap_in_background(self) -> None:
        """Wrap a few more blocks off screen (a timer tick)."""
        layout = self._layout
        if layout is None or layout.complete:
            if self._wrapping is not None:
                self._wrapping.stop()
                self._wrapping = None
            return
        top = int(self.scroll_y)
        shift = [0]

        def moved(line: int, delta: int) -> None:
            if line < top:
                shift[0] += delta

        layout.wrap_some(WRAP_BLOCKS_PER_TICK, moved)
        self._sync_size()
        if shift[0]:
            self._cache.clear()
            self._ensuring = True
            try:
                self.scroll_y = max(0, top + shift[0])
            finally:
                self._ensuring = False
            self.refresh()

    def on_mount(self) -> None:
        """Pick up the theme's styles, now and whenever the theme changes."""
        self.refresh_styles()
        self.watch(self.app, "theme", lambda _: self.refresh_styles(), init=False)

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            self._layout = None
            self.virtual_size = Size(0, 0)
        else:
            self._layout = LineLayout(self._display, width)
            self.virtual_size = Size(width, len(self._layout))
            if self._wrapping is None and self.is_mounted:
                self._wrapping = self.set_interval(WRAP_TICK, self._wrap_in_background)
        self._last_viewport = None
        self.redraw()

    # -- actions ------------------------------------------------------------------------------

    def action_page_down(self) -> None:
        """Scroll a page down at once."""
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        """Scroll a page up at once."""
        self.scroll_page_up(animate=False)

    def action_scroll_home(self) -> None:
        """Go to the top."""
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        """Go to the end."""
        layout = self._layout
        if layout is not None and len(layout):
            # The last blocks' line counts may be estimates: settle them before jumping.
            layout.ensure(len(layout) - 2 * max(self.size.height, 1), len(layout), lambda *_: None)
            self._cache.clear()
            self._sync_size()
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def action_scroll_up(self) -> None:
        """Scroll a line up."""
        self.scroll_relative(y=-1, animate=False)

    def action_scroll_down(self) -> None:
        """Scroll a line down."""
        self.scroll_relative(y=1, animate=False)

    def on_click(self, event: events.Click) -> None:
        """Tell the screen which character was clicked."""
        offset = self._offset_at(event)
        if offset is not None:
            self.post_message(TextClicked(self, offset))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Remember the character under the mouse (``z`` dismisses the highlight there)."""
        self.hover_offset = self._offset_at(event)

    def on_leave(self) -> None:
        """The mouse left: nothing is under it."""
        self.hover_offset = None

    def _offset_at(self, event: events.MouseEvent) -> int | None:
        position = event.get_content_offset(self)
        if position is None or self._layout is None:
            return None
        line = int(self.scroll_y) + position.y
        if not 0 <= line < len(self._layout):
            return None
        start, end = self._layout.starts[line], self._layout.ends[line]
        return column_to_offset(self._display, start, end, int(self.scroll_x) + position.x)

    # -- rendering ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Render visual line ``y`` of the pane."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        base = self.rich_style
        if base != self._cache_base:
            # The widget's own style (focus tint, a theme's CSS refresh) is baked into every
            # cached strip.
            self._cache.clear()
            self._cache_base = base
        if self._layout is None or index >= len(self._layout):
            return Strip.blank(width, base)
        start, end = self._layout.line_range(index)
        strip = self._cache.get(start)
        if strip is None:
            strip = self._render_visual_line(start, end, base)
            self._cache[start] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _render_visual_line(self, start: int, end: int, base: Style) -> Strip:
        line = Text(self._display[start:end], style=base, no_wrap=True, end="")
        for span, style in self._marks(start, end):
            line.stylize(style, max(span.start, start) - start, min(span.end, end) - start)
        # Every segment gets a real style: Textual's NO_COLOR filter expects one.
        segments = Segment.apply_style(line.render(self.app.console), style=base)
        return Strip(list(segments), cell_len(line.plain))

    def _marks(self, start: int, end: int) -> list[tuple[Span, Style]]:
        """The styled spans overlapping ``[start, end)``, weakest first."""
        return line_marks(
            self._parts_overlapping(start, end),
            Span(start, max(end, start + 1)),
            self.shown_layers,
            self._styles,
            self.selected_claim,
            self.current,
            self.search.in_window(start, end) if self.search else (),
        )

    def _parts_overlapping(self, start: int, end: int) -> list[ParagraphAnalysis]:
        parts: list[ParagraphAnalysis] = []
        index = bisect_right(self._paragraph_starts, max(start, end - 1)) - 1
        while index >= 0:
            paragraph = self._paragraphs[index]
            if paragraph.span.end < start:
                break
            part = self._parts.get(index)
            if part is not None:
                parts.append(part)
            index -= 1
        return parts
