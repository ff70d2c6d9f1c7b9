"""What the document pane tells the screen: a click on a character, the stretch on screen."""

from __future__ import annotations

from textual.message import Message
from textual.scroll_view import ScrollView

from ...analysis.model import Span

__all__ = ["TextClicked", "ViewportChanged"]


class TextClicked(Message):
    """The user clicked a character of the text."""

    def __init__(self, view: ScrollView, offset: int) -> None:
        super().__init__()
        self.view = view
        """The view clicked."""
        self.offset = offset
        """Offset of the clicked character in the text."""

    @property
    def control(self) -> ScrollView:
        """The view clicked."""
        return self.view


class ViewportChanged(Message):
    """Another stretch of the text is on screen (scrolled, resized or loaded)."""

    def __init__(self, view: ScrollView, span: Span) -> None:
        super().__init__()
        self.view = view
        """The view."""
        self.span = span
        """The characters on screen."""

    @property
    def control(self) -> ScrollView:
        """The view."""
        return self.view
