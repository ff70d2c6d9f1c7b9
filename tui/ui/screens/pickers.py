"""Small modal lists: pick one choice (a speaker, a device kind), or switch device
categories on and off."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from ...analysis.categories import DEVICE_CATEGORIES
from ...analysis.model import Claim
from ...analysis.profile import DeviceProfile
from ..display import safe_inline
from ..reading import ALL, ReadingState
from ..speakers import speakers

__all__ = ["MODAL_CSS", "CategoriesScreen", "ChoiceScreen", "category_prompts", "kind_choices",
           "open_categories", "open_jump_kinds", "speaker_choices"]

MODAL_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 72;
    max-width: 100%;
    height: auto;
    max-height: 80%;
    border: round $primary;
    background: $surface;
    padding: 0 1;
}}
{name} OptionList, {name} SelectionList {{
    height: auto;
    max-height: 24;
    border: none;
}}
"""


class ChoiceScreen(ModalScreen[str | None]):
    """A titled list of choices; dismissed with the chosen value, or ``None`` on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CSS = MODAL_CSS.format(name="ChoiceScreen")

    def __init__(
        self, title: str, choices: Sequence[tuple[str, Text]], *, current: str | None = None
    ) -> None:
        """``choices`` are (value, prompt) pairs; prompts hold document text, so they are
        :class:`~rich.text.Text`. The cursor starts on ``current`` when it is a value."""
        super().__init__()
        self.title_text = title
        """What is being chosen."""
        self.values = [value for value, _ in choices]
        """The values, in the order listed."""
        self._prompts = [prompt for _, prompt in choices]
        self._current = current

    def compose(self) -> ComposeResult:
        """The title, the list and a hint."""
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            yield OptionList(*(Option(prompt) for prompt in self._prompts))
            yield Static(Text("Enter chooses · Esc cancels", style="dim"))

    def on_mount(self) -> None:
        """Start on the current choice."""
        options = self.query_one(OptionList)
        options.focus()
        if self._current in self.values:
            options.highlighted = self.values.index(self._current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Dismiss with the chosen value."""
        event.stop()
        self.dismiss(self.values[event.option_index])

    def action_cancel(self) -> None:
        """Dismiss without a choice."""
        self.dismiss(None)


class CategoriesScreen(ModalScreen[None]):
    """Device categories with a check box each: checked ones are shown. Every change is
    applied at once through ``on_change``, so the document updates behind the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,D", "close", "Close"),
    ]

    DEFAULT_CSS = MODAL_CSS.format(name="CategoriesScreen")

    def __init__(
        self,
        categories: Sequence[tuple[str, Text]],
        hidden: frozenset[str],
        on_change: Callable[[frozenset[str]], None],
    ) -> None:
        """``categories`` are (category id, prompt) pairs; ``hidden`` the ids switched
        off now; ``on_change`` receives the ids switched off after each change."""
        super().__init__()
        self._categories = list(categories)
        self._hidden = hidden
        self._on_change = on_change

    def compose(self) -> ComposeResult:
        """The title, the check list and a hint."""
        with Vertical():
            yield Static(Text("Device categories shown", style="bold"))
            yield SelectionList[str](
                *(
                    Selection(prompt, category, category not in self._hidden)
                    for category, prompt in self._categories
                )
            )
            yield Static(Text("Space toggles · digits 1–9 toggle from the document · "
                              "Esc closes", style="dim"))

    def on_mount(self) -> None:
        """Focus the list."""
        self.query_one(SelectionList).focus()

    def on_selection_list_selected_changed(
        self, event: SelectionList.SelectedChanged[str]
    ) -> None:
        """Apply the change at once."""
        event.stop()
        shown = set(event.selection_list.selected)
        self._on_change(frozenset(c for c, _ in self._categories if c not in shown))

    def action_close(self) -> None:
        """Close the list."""
        self.dismiss(None)


def category_prompts(
    categories: Sequence[str], counts: Mapping[str, int]
) -> list[tuple[str, Text]]:
    """The rows of the device-category list: number key, name and how many were found."""
    prompts: list[tuple[str, Text]] = []
    for number, category in enumerate(categories, start=1):
        prompt = Text(f"{number}  " if number <= 9 else "   ", style="dim", end="")
        prompt.append(DEVICE_CATEGORIES.get(category, category))
        prompt.append(f"  ({counts.get(category, 0)})", style="dim")
        prompts.append((category, prompt))
    return prompts


def kind_choices(profile: DeviceProfile) -> list[tuple[str, Text]]:
    """The rows of the list of device kinds ``n`` / ``N`` can step through."""
    choices = [(ALL, Text("Every highlight (names and devices)", style="bold"))]
    for row in profile.rows:
        prompt = Text(row.name, end="")
        prompt.append(f"  ({row.count})", style="dim")
        choices.append((row.id, prompt))
    return choices


def speaker_choices(claims: Sequence[Claim]) -> list[tuple[str, Text]]:
    """The rows of the list of speakers, most claims first (empty when nobody speaks)."""
    found = speakers(claims)
    if not found:
        return []
    choices = [(ALL, Text(f"Every speaker  ({len(claims)})", style="bold"))]
    for speaker in sorted(found, key=lambda s: (-s.count, s.first)):
        prompt = Text(safe_inline(speaker.name, 60), end="")
        prompt.append(f"  ({speaker.count})", style="dim")
        choices.append((speaker.key, prompt))
    return choices


def open_jump_kinds(app: App[object], state: ReadingState,
                    chosen: Callable[[str | None], None]) -> None:
    """Pick the device kind ``n`` / ``N`` step through; ``chosen`` gets it (or None)."""
    choices = kind_choices(state.profile())
    current = state.jump_kind or ALL
    app.push_screen(ChoiceScreen("Step through with n / N", choices, current=current), chosen)


def open_categories(app: App[object], state: ReadingState,
                    chosen: Callable[[frozenset[str]], None]) -> None:
    """The list of device categories; ``chosen`` gets the ones switched off."""
    counts = Counter(d.category for part in state.parts.values() for d in part.devices)
    prompts = category_prompts(state.device_categories(), counts)
    app.push_screen(CategoriesScreen(prompts, state.layers.hidden_categories, chosen))
