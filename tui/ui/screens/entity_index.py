"""The entity index (``i``): who is in the text, grouped by type, with what is said by and
about each of them.

One row per entity (mentions merged across the document: :mod:`tui.analysis.entity_index`),
``Zelensky · 4 mentions · 2 claims · 3 devices aimed at``, most mentioned first within each
group. Typing filters the rows. Enter makes ``n`` / ``N`` step through the entity's mentions;
in the list (Tab from the filter) ``c`` lists its claims in the claims pane and ``a`` makes
``n`` / ``N`` step through the devices aimed at it. The screen is dismissed with an
:class:`IndexChoice`, or ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...analysis.entity_index import IndexedEntity
from ..display import safe_inline

__all__ = ["GROUP_TITLES", "EntityIndexScreen", "IndexChoice", "row_text"]

GROUP_TITLES = {"people": "People", "organisations": "Organisations", "places": "Places",
                "groups": "Groups", "other": "Other"}
"""The groups in display order, with their headings."""


@dataclass(frozen=True)
class IndexChoice:
    """What the reader chose in the index."""

    entity: IndexedEntity
    """The row."""
    what: str
    """``mentions``, ``claims`` or ``aimed``."""


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def row_text(row: IndexedEntity) -> str:
    """``Zelensky · 4 mentions · 2 claims · 3 devices aimed at`` (the name made inert)."""
    return (f"{safe_inline(row.name, 60)} · {_plural(len(row.mentions), 'mention')} · "
            f"{_plural(row.claims, 'claim')} · {_plural(len(row.aimed_at), 'device')} aimed at")


class EntityIndexScreen(ModalScreen[IndexChoice | None]):
    """The entity index as a filterable list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        # Letters are the filter's while it has the focus; in the list they choose.
        Binding("c", "choose('claims')", "Their claims", show=False),
        Binding("a", "choose('aimed')", "Aimed at", show=False),
    ]

    DEFAULT_CSS = """
    EntityIndexScreen { align: center middle; }
    EntityIndexScreen > Vertical {
        width: 90; max-width: 100%; height: 80%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    EntityIndexScreen OptionList { height: 1fr; }
    EntityIndexScreen Input { border: none; height: 1; padding: 0; }
    """

    def __init__(self, rows: Sequence[IndexedEntity]) -> None:
        super().__init__()
        self.rows = list(rows)
        """Every entity, most mentioned first."""
        self.shown: list[IndexedEntity | None] = []
        """The options' entities, in order (None for a group's heading)."""

    def compose(self) -> ComposeResult:
        """A title, the filter, the list and the keys."""
        with Vertical():
            yield Static(Text(f"Entity index · {_plural(len(self.rows), 'entity')}",
                              style="bold"))
            yield Input(placeholder="type to filter", id="index-filter")
            yield OptionList(id="index-rows")
            yield Static(Text("Type to filter · Enter: n / N through the mentions · in the list"
                              " (Tab): c their claims, a the devices aimed at them · Esc",
                              style="dim"))

    def on_mount(self) -> None:
        """List every row; typing goes to the filter."""
        self._fill("")
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, query: str) -> None:
        wanted = query.casefold().strip()
        options: list[Option] = []
        self.shown = []
        for group, title in GROUP_TITLES.items():
            rows = [row for row in self.rows
                    if row.group == group and wanted in row.name.casefold()]
            if not rows:
                continue
            options.append(Option(Text(title, style="bold"), disabled=True))
            self.shown.append(None)
            for row in rows:
                options.append(Option(Text(row_text(row))))
                self.shown.append(row)
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(options)
        first = next((index for index, row in enumerate(self.shown) if row is not None), None)
        listing.highlighted = first

    @on(Input.Submitted)
    def _enter_in_filter(self) -> None:
        self.action_choose("mentions")

    @on(OptionList.OptionSelected)
    def _enter_on_row(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose("mentions")

    def action_choose(self, what: str) -> None:
        """Close with the highlighted row and what to do with it."""
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.shown) or self.shown[index] is None:
            return
        row = self.shown[index]
        assert row is not None
        self.dismiss(IndexChoice(row, what))

    def action_close(self) -> None:
        """Close without choosing."""
        self.dismiss(None)

    def key_down(self) -> None:
        """Arrow keys move through the rows while the filter has the focus."""
        self.query_one(OptionList).action_cursor_down()

    def key_up(self) -> None:
        """See :meth:`key_down`."""
        self.query_one(OptionList).action_cursor_up()
