"""The device profile: how often each kind of device occurs in the document, per 1,000
words, and how much of it is in the author's own voice rather than quoted speakers'.
Enter on a row limits ``n`` / ``N`` to that kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ...analysis.profile import DeviceProfile
from ..reading import ReadingState
from ..widgets.explanation import technique_name

__all__ = ["DeviceProfileScreen", "open_profile"]


COLUMNS = (("Device", 0), ("Count", 0), ("/1,000 words", 0), ("Spread (start → end)", 80),
           ("own / quoted", 72), ("Technique", 110))
"""The table's columns, in order, and the terminal width each needs to be shown."""


class DeviceProfileScreen(ModalScreen[str | None]):
    """A table of device kinds with their counts and densities; dismissed with the kind
    chosen with Enter (to step through with ``n`` / ``N``), or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,p", "close", "Close")]

    DEFAULT_CSS = """
    DeviceProfileScreen {
        align: center middle;
    }
    DeviceProfileScreen > Vertical {
        width: auto;
        min-width: 60;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    DeviceProfileScreen DataTable {
        height: auto;
        max-height: 30;
    }
    """

    def __init__(
        self, profile: DeviceProfile, *, spread: Mapping[str, str] | None = None,
        hidden: frozenset[str] = frozenset(), partial: str = "",
    ) -> None:
        """``spread``: each kind's sparkline along the text; ``hidden``: categories switched
        off (their rows are marked); ``partial``: how far the analysis has come when it is
        not complete yet."""
        super().__init__()
        self.profile = profile
        """The profile shown."""
        self.spread = dict(spread or {})
        """Each kind's spread along the text, start to end, as a sparkline."""
        self._hidden = hidden
        self._partial = partial

    def compose(self) -> ComposeResult:
        """A summary line, the table and a hint."""
        profile = self.profile
        summary = Text(end="")
        summary.append("Device profile", style="bold")
        summary.append(
            f" · {profile.words:,} words · {profile.total:,} device"
            f"{'' if profile.total == 1 else 's'} · "
            f"{profile.density(profile.total):.1f} per 1,000 words"
        )
        if self._partial:
            summary.append(f" · {self._partial} (so far)", style="italic")
        # A narrow terminal gets the columns that fit, and a note says which are left out:
        # a table cut at the edge would hide the counts without a sign.
        width = self.app.size.width
        columns = [column for column, needs in COLUMNS if width >= needs]
        left_out = [column for column, needs in COLUMNS if width < needs]
        if left_out:
            summary.append(f"\n({', '.join(left_out)} left out: the terminal is narrow)",
                           style="dim italic")
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        for column in columns:
            table.add_column(column)
        for row in profile.rows:
            hidden = row.category in self._hidden
            name = Text(row.name, style="dim" if hidden else "", end="")
            if hidden:
                name.append(" (hidden)", style="italic")
            cells = {
                "Device": name,
                "Technique": Text(technique_name(row.technique) if row.technique else "—"),
                "Count": Text(str(row.count), justify="right"),
                "/1,000 words": Text(f"{profile.density(row.count):.1f}", justify="right"),
                "own / quoted": Text(f"{row.in_author_voice} / {row.quoted}", justify="right"),
                "Spread (start → end)": Text(self.spread.get(row.id, ""), style="bold"),
            }
            table.add_row(*(cells[column] for column in columns), key=row.id)
        with Vertical():
            yield Static(summary)
            if profile.rows:
                yield table
            else:
                yield Static(Text("No devices found (yet).", style="italic"))
            yield Static(
                Text("Enter: step through this kind with n / N · Esc or p closes", style="dim")
            )

    def on_mount(self) -> None:
        """Focus the table."""
        for table in self.query(DataTable):
            table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Dismiss with the kind of the chosen row."""
        event.stop()
        self.dismiss(event.row_key.value)

    def action_close(self) -> None:
        """Close the profile."""
        self.dismiss(None)


def open_profile(app: App[object], state: ReadingState, progress: str,
                 chosen: Callable[[str | None], None]) -> None:
    """The device profile of what ``state`` has received (``progress`` says how far a
    partial one got); ``chosen`` gets the kind Enter picks."""
    screen = DeviceProfileScreen(state.profile(), spread=state.kind_spread(),
                                 hidden=state.layers.hidden_categories, partial=progress)
    app.push_screen(screen, chosen)
