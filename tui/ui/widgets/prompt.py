"""The one-line prompt at the bottom of the reading screen, as in ``less``: ``/`` to search,
``:`` to go to a place.

While it is open its input has the focus, so every key is text for it (an Input takes
printable keys before any binding sees them): typing ``T`` or ``p`` changes no theme and opens
nothing. Enter posts :class:`Prompt.Answered`; Esc closes it and posts :class:`Prompt.Closed`.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

__all__ = ["Prompt"]


class Prompt(Horizontal):
    """A hidden one-line input, opened for one question at a time."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close", show=False)]

    DEFAULT_CSS = """
    Prompt {
        display: none;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    Prompt > Static {
        width: auto;
        padding: 0 0 0 1;
        background: $panel;
        color: $foreground;
        text-style: bold;
    }
    Prompt > Input, Prompt > Input:focus {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0 1;
        background: $panel;
        color: $foreground;
    }
    """

    class Answered(Message):
        """Enter was pressed."""

        def __init__(self, kind: str, value: str) -> None:
            super().__init__()
            self.kind = kind
            """``"search"`` or ``"goto"``."""
            self.value = value
            """What was typed."""

    class Closed(Message):
        """The prompt was closed without an answer."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = ""
        """What the open prompt asks for: ``"search"`` or ``"goto"``; empty when closed."""

    def compose(self) -> ComposeResult:
        """The prompt's sign (``/`` or ``:``) and the input."""
        yield Static("", markup=False)
        yield Input(select_on_focus=False)

    @property
    def input(self) -> Input:
        """The line being typed."""
        return self.query_one(Input)

    def ask(self, kind: str, sign: str, placeholder: str) -> None:
        """Open the prompt for ``kind``, empty, with ``sign`` before the text."""
        self.kind = kind
        self.query_one(Static).update(sign)
        self.input.value = ""
        self.input.placeholder = placeholder
        self.display = True
        self.input.focus()

    def close(self) -> None:
        """Hide the prompt."""
        self.display = False
        self.kind = ""

    def action_close(self) -> None:
        """Esc: close without answering."""
        self.close()
        self.post_message(self.Closed())

    @on(Input.Submitted)
    def _answered(self, event: Input.Submitted) -> None:
        event.stop()
        kind = self.kind
        self.close()
        self.post_message(self.Answered(kind, event.value))
