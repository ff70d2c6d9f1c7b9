"""The list of dismissals (``U``): the highlights dismissed in this document and the rules
ignored in every document; Enter brings one back, at once, and the list stays open."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...analysis.dismissed import DOCUMENT, Dismissal
from ..display import safe_inline
from ..reading import ReadingState
from .pickers import MODAL_CSS

__all__ = ["DismissalsScreen", "open_dismissals"]


def _prompt(dismissal: Dismissal) -> Text:
    where = "this document" if dismissal.scope == DOCUMENT else "every document"
    return Text.assemble((f"{where:<15} ", "dim"), safe_inline(dismissal.describe(), 100))


class DismissalsScreen(ModalScreen[None]):
    """The dismissals in force; Enter (or Delete) brings the highlighted one back through
    ``undo`` and drops it from the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,U,q", "close", "Close"),
        Binding("delete,u", "undo", "Bring back", show=False),
    ]

    DEFAULT_CSS = MODAL_CSS.format(name="DismissalsScreen")

    def __init__(self, dismissals: Sequence[Dismissal],
                 undo: Callable[[Dismissal], None]) -> None:
        super().__init__()
        self.dismissals = list(dismissals)
        """The dismissals listed, in order."""
        self._undo = undo

    def compose(self) -> ComposeResult:
        """The title, the list and a hint."""
        with Vertical():
            yield Static(Text("Dismissed here, and ignored everywhere", style="bold"))
            yield OptionList(*(Option(_prompt(d)) for d in self.dismissals))
            yield Static(Text("Enter brings one back · Esc closes", style="dim"))

    def on_mount(self) -> None:
        """Focus the list."""
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Bring the chosen one back."""
        event.stop()
        self._bring_back(event.option_index)

    def action_undo(self) -> None:
        """Bring the highlighted one back."""
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None:
            self._bring_back(highlighted)

    def _bring_back(self, index: int) -> None:
        if not 0 <= index < len(self.dismissals):
            return
        dismissal = self.dismissals.pop(index)
        self.query_one(OptionList).remove_option_at_index(index)
        self._undo(dismissal)
        if not self.dismissals:
            self.dismiss(None)

    def action_close(self) -> None:
        """Close the list."""
        self.dismiss(None)


def open_dismissals(app: App[object], state: ReadingState,
                    undo: Callable[[Dismissal], None]) -> None:
    """List ``state``'s dismissals; ``undo`` brings one back (or say there are none)."""
    if not state.dismissals:
        app.notify("Nothing is dismissed here, and the ignore list is empty (z dismisses a "
                   "highlight, Z ignores its rule in every document).", timeout=4, markup=False)
        return
    app.push_screen(DismissalsScreen(state.dismissals, undo))
