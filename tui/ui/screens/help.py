"""The help screen: every key binding, and what the highlights mean."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...analysis.categories import DEVICE_CATEGORIES, ENTITY_LABELS, variable_name
from ..theme_styles import resolve_styles

__all__ = ["KEY_HELP", "LEGEND_ENTITIES", "HelpScreen"]

LEGEND_ENTITIES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "EVENT", "LAW", "DATE")
"""The entity types shown in the legend: the common ones, not all eighteen."""

KEY_HELP: tuple[tuple[str, str], ...] = (
    ("↑ ↓  PgUp PgDn  Home End", "scroll the focused pane"),
    ("Tab / Shift+Tab", "move between the document and the claims"),
    ("/", "search the text (a capital in the query makes it match case); Enter finds"),
    ("n / N", "next / previous match while searching, else highlight (explained)"),
    (":", "go to 50%, a line number (:1200) or the end ($)"),
    ("k", "step through one device kind only with n / N (shown in the status bar)"),
    ("click a highlight", "explain it (evidence, voice); a name that speaks lists its claims"),
    ("click a claim", "select it: its content, cue and speaker are marked in the text"),
    ("Esc", "end the search; clear the highlight; then the device kind, the speaker filter"),
    ("c", "copy the selected claim as  Speaker — cue: “content”"),
    ("C", "copy the listed claims as Markdown (filtered / grouped as shown)"),
    ("f", "show the claims of one speaker (or every speaker)"),
    ("g", "group the claims by speaker, or list them in text order"),
    ("s", "show the claims of the name chosen in the text"),
    ("e / d / l", "show or hide entities / devices / claims"),
    (f"1 – {min(len(DEVICE_CATEGORIES), 9)} / D",
     "show or hide one device category / choose from the list"),
    ("v", "show or hide the claims pane (under the text in a narrow terminal)"),
    ("i", "entity index: mentions, claims and devices aimed at each (Enter: n / N)"),
    ("w", "hard-wrapped text: reflowed to the pane, or with its own line breaks"),
    ("z", "dismiss the highlight explained (or under the mouse): gone from view, counts, reports"),
    ("Z", "ignore the rule or lexicon entry behind it in every document (a name, for an entity)"),
    ("u / U", "bring back the latest dismissal / list every dismissal (Enter brings one back)"),
    ("p", "device profile: count and density of each kind (Enter: step through it)"),
    ("x", "export: JSON, JSON Lines, CSV, Markdown, an HTML page or text"),
    ("t / T", "next / previous theme"),
    ("Ctrl+P", "command palette: themes and every action"),
    ("?", "this help"),
    ("q", "quit"),
)
"""The key bindings, as the help screen and the README list them."""


class HelpScreen(ModalScreen[None]):
    """A modal list of the key bindings."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss_help", "Close"),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: 84;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        """The bindings table and the device categories."""
        keys = Table.grid(padding=(0, 2))
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()
        for key, meaning in KEY_HELP:
            keys.add_row(Text(key), Text(meaning))
        with VerticalScroll():
            yield Static(Text("Slant — keys", style="bold"))
            yield Static(keys)
            yield Static(self._legend())
            yield Static(Text("\nEsc, q or ? closes this help.", style="dim"))

    def _legend(self) -> Text:
        """What each highlight looks like in the current theme."""
        styles = resolve_styles(
            self.app.current_theme.variables, defaults=self.app.get_theme_variable_defaults()
        )
        legend = Text(end="")
        rows = (
            ("Entities", [(label, ENTITY_LABELS[label]) for label in LEGEND_ENTITIES], "entity"),
            ("Devices", list(DEVICE_CATEGORIES.items()), "device"),
        )
        for heading, entries, kind in rows:
            legend.append(f"\n{heading}: ", style="bold")
            for index, (key, title) in enumerate(entries):
                if index:
                    legend.append("  ")
                if kind == "device" and index < 9:
                    legend.append(f"{index + 1} ", style="dim")  # its toggle key
                legend.append(title, style=styles.get(variable_name(kind, key), ""))
        legend.append("\nSelected claim: ", style="bold")
        for index, (key, title) in enumerate(
            (("claim-source", "speaker"), ("claim-cue", "cue"), ("claim-content", "content"))
        ):
            if index:
                legend.append("  ")
            legend.append(title, style=styles.get(key, ""))
        legend.append("\nEvery claim's cue is underlined in the text.", style="dim")
        return legend

    def action_dismiss_help(self) -> None:
        """Close the help."""
        self.dismiss(None)
