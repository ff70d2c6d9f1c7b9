"""The reading screen's highlight keys: layers and device categories on and off, stepping
through highlights (all of them, or one device kind), explaining them, and the device
profile.

:class:`HighlightActions` is a base of the reading screen, which owns the state it reads
(the paragraph analyses received, the claims, the document).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..analysis.categories import DEVICE_CATEGORIES
from ..analysis.model import Claim, Device, DeviceKind, Entity, ParagraphAnalysis
from ..analysis.profile import DeviceProfile, count_words, device_profile
from ..loading import Document
from ..navigation import Highlight, highlights, highlights_at, step
from ..speakers import entity_filter
from ..widgets import DocumentView, Explanation, Layers, StatusBar
from .device_profile import DeviceProfileScreen
from .pickers import CategoriesScreen, ChoiceScreen

__all__ = ["ALL", "HighlightActions"]

ALL = "\x00all"
"""The choice that clears a filter in a picker (no speaker key or kind id is this)."""

LAYER_NAMES = ("entities", "devices", "claims")
"""The highlight layers, as ``e`` / ``d`` / ``l`` toggle them."""


class HighlightActions(Screen[None]):
    """Keys and handlers for the document's highlights."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "toggle_layer('entities')", "Entities"),
        Binding("d", "toggle_layer('devices')", "Devices"),
        Binding("l", "toggle_layer('claims')", "Claims"),
        Binding("D", "choose_device_categories", "Categories", show=False),
        *(
            Binding(str(number), f"toggle_device_category({number - 1})",
                    f"Device category {number}", show=False)
            for number in range(1, 10)
        ),
        Binding("n", "next_highlight", "Next"),
        Binding("N", "previous_highlight", "Prev"),
        Binding("k", "choose_jump_kind", "Jump to kind", show=False),
        Binding("p", "device_profile", "Profile", show=False),
        Binding("escape", "clear_highlight", "Clear", show=False),
    ]

    # State owned by the reading screen.
    document: Document
    parts: dict[int, ParagraphAnalysis]
    claims: list[Claim]
    device_kinds: dict[str, DeviceKind]
    analysis_complete: bool
    _current: Highlight | None

    jump_kind: str | None = None
    """The device kind id ``n`` / ``N`` are limited to, or ``None`` for every highlight."""
    _counted: tuple[str, int] | None = None

    # -- layers and device categories ------------------------------------------------------

    def _layers(self) -> Layers:
        return self.query_one(DocumentView).shown_layers

    def device_categories(self) -> list[str]:
        """Every device category: the known ones in display order, then any other a device
        in the document has."""
        found = [d.category for part in self.parts.values() for d in part.devices]
        return list(dict.fromkeys([*DEVICE_CATEGORIES, *found]))

    def apply_layers(self, layers: Layers) -> None:
        """Show ``layers``; say in the status bar what is hidden; drop the current highlight
        if it is hidden now."""
        self.query_one(DocumentView).set_layers(layers)
        hidden = [name for name in LAYER_NAMES if not getattr(layers, name)]
        if layers.devices and layers.hidden_categories:
            count = len(layers.hidden_categories)
            if count == 1:
                (only,) = layers.hidden_categories
                hidden.append(DEVICE_CATEGORIES.get(only, only))
            else:
                hidden.append(f"{count} device categories")
        self.query_one(StatusBar).update_info(hidden_layers=", ".join(hidden))
        current = self._current
        if current is not None and not _is_shown(current, layers):
            self._clear_current()

    def action_toggle_layer(self, layer: str) -> None:
        """Show or hide one highlight layer: entities, devices or claims."""
        if layer not in LAYER_NAMES:
            return
        layers = self._layers()
        flags = {name: getattr(layers, name) for name in LAYER_NAMES}
        shown = flags[layer] = not flags[layer]
        self.apply_layers(replace(layers, entities=flags["entities"], devices=flags["devices"],
                                  claims=flags["claims"]))
        self.notify(f"{layer.capitalize()} {'shown' if shown else 'hidden'}", timeout=2,
                    markup=False)

    def set_hidden_categories(self, hidden: frozenset[str]) -> None:
        """Switch off the device categories in ``hidden`` and on all others."""
        self.apply_layers(replace(self._layers(), hidden_categories=frozenset(hidden)))

    def action_toggle_device_category(self, index: int) -> None:
        """Show or hide the ``index``-th device category (keys 1–9)."""
        categories = self.device_categories()
        if not 0 <= index < len(categories):
            self.notify(f"There is no device category {index + 1}.", timeout=2, markup=False)
            return
        category = categories[index]
        hidden = self._layers().hidden_categories ^ {category}
        self.set_hidden_categories(hidden)
        name = DEVICE_CATEGORIES.get(category, category)
        state = "hidden" if category in hidden else "shown"
        note = "" if self._layers().devices else " (the devices layer is off: d shows it)"
        self.notify(f"{name}: {state}{note}", timeout=2, markup=False)

    def action_choose_device_categories(self) -> None:
        """Open the list of device categories to switch them on and off."""
        counts = Counter(d.category for part in self.parts.values() for d in part.devices)
        prompts: list[tuple[str, Text]] = []
        for number, category in enumerate(self.device_categories(), start=1):
            prompt = Text(f"{number}  " if number <= 9 else "   ", style="dim", end="")
            prompt.append(DEVICE_CATEGORIES.get(category, category))
            prompt.append(f"  ({counts.get(category, 0)})", style="dim")
            prompts.append((category, prompt))
        self.app.push_screen(
            CategoriesScreen(prompts, self._layers().hidden_categories, self.set_hidden_categories)
        )

    # -- stepping through highlights ---------------------------------------------------------

    def _ordered_highlights(self) -> list[Highlight]:
        """The highlights ``n`` / ``N`` visit, in text order."""
        layers = self._layers()
        parts = [self.parts[index] for index in sorted(self.parts)]
        return highlights(
            parts,
            entities=layers.entities,
            devices=layers.devices,
            hidden_categories=layers.hidden_categories,
            kind=self.jump_kind,
        )

    def _kind_name(self, kind: str) -> str:
        known = self.device_kinds.get(kind)
        return known.name if known is not None else kind

    def _step_from(self, position: int, forward: bool) -> Highlight | None:
        """The highlight ``n`` / ``N`` go to from ``position``, or None if there is none.
        (The reading screen overrides this to look only at nearby paragraphs.)"""
        return step(self._ordered_highlights(), position, forward)

    def _move(self, forward: bool) -> None:
        view = self.query_one(DocumentView)
        position = self._current.span.start if self._current else view.top_offset - 1
        target = self._step_from(position, forward)
        if target is None:
            if self.jump_kind is None:
                message = "No highlights to move to."
            else:
                message = (f"No {self._kind_name(self.jump_kind)} shown to move to "
                           "(k or Esc steps through everything again).")
            self.notify(message, markup=False, timeout=3)
            return
        self._choose(target)

    def action_next_highlight(self) -> None:
        """Jump to the next highlight."""
        self._move(forward=True)

    def action_previous_highlight(self) -> None:
        """Jump to the previous highlight."""
        self._move(forward=False)

    def set_jump_kind(self, kind: str | None) -> None:
        """Limit ``n`` / ``N`` to devices of ``kind``, or (``None``) let them visit every
        highlight; the status bar shows the limit."""
        self.jump_kind = kind
        name = self._kind_name(kind) if kind is not None else ""
        self.query_one(StatusBar).update_info(jump=name)
        if kind is None:
            self.notify("n / N step through every highlight.", timeout=2, markup=False)
        else:
            self.notify(f"n / N step through {name} only (Esc clears).", timeout=3,
                        markup=False)

    def _jump_kind_chosen(self, kind: str | None) -> None:
        if kind is not None:
            self.set_jump_kind(None if kind == ALL else kind)

    def action_choose_jump_kind(self) -> None:
        """Pick the device kind ``n`` / ``N`` step through."""
        choices = [(ALL, Text("Every highlight (names and devices)", style="bold"))]
        for row in self.current_profile().rows:
            prompt = Text(row.name, end="")
            prompt.append(f"  ({row.count})", style="dim")
            choices.append((row.id, prompt))
        self.app.push_screen(
            ChoiceScreen("Step through with n / N", choices, current=self.jump_kind or ALL),
            self._jump_kind_chosen,
        )

    def action_clear_jump_kind(self) -> None:
        """Let ``n`` / ``N`` visit every highlight again."""
        self.set_jump_kind(None)

    # -- the current highlight and its explanation ---------------------------------------------

    def _clear_current(self) -> bool:
        """Drop the current highlight and its explanation; False when there was none."""
        panel = self.query_one(Explanation)
        had = self._current is not None or panel.display
        self._current = None
        self.query_one(DocumentView).set_current(None)
        panel.clear()
        return had

    def _clear_one(self) -> bool:
        """Clear the innermost thing Esc clears; False when nothing was left to clear."""
        if self._clear_current():
            return True
        if self.jump_kind is not None:
            self.set_jump_kind(None)
            return True
        return False

    def action_clear_highlight(self) -> None:
        """Esc: hide the current highlight and its explanation; pressed again, clear the
        device kind ``n`` / ``N`` are limited to (and then other filters)."""
        self._clear_one()

    def _choose(self, highlight: Highlight) -> None:
        self._current = highlight
        # The explanation panel changes the document pane's height: show it first, then bring
        # the highlight into view once the pane has its final size.
        self._show_explanation(highlight)
        view = self.query_one(DocumentView)
        view.set_current(highlight.span)
        self.call_after_refresh(view.scroll_to_offset, highlight.span.start, only_if_hidden=True)

    def _choose_at(self, offset: int) -> Highlight | None:
        """Choose the shown highlight at ``offset`` (a click), if any."""
        layers = self._layers()
        found = highlights_at(
            self.parts.values(),
            offset,
            entities=layers.entities,
            devices=layers.devices,
            hidden_categories=layers.hidden_categories,
        )
        if not found:
            return None
        self._choose(found[0])
        return found[0]

    def _show_explanation(self, highlight: Highlight | None) -> None:
        panel = self.query_one(Explanation)
        if highlight is None:
            panel.clear()
            return
        item = highlight.item
        if isinstance(item, Device):
            panel.show_device(item, self.device_kinds.get(item.id), self.document.text)
        else:
            panel.show_entity(item, len(self.entity_claims(item)))

    def entity_claims(self, entity: Entity) -> list[Claim]:
        """The claims of the speaker ``entity`` names (none when it names no speaker)."""
        found = entity_filter(self.claims, entity, self.document.text)
        return [] if found is None else [claim for claim in self.claims if found.admits(claim)]

    # -- the profile ---------------------------------------------------------------------------

    def current_profile(self) -> DeviceProfile:
        """The document's device profile, from the paragraphs analysed so far."""
        devices = [d for index in sorted(self.parts) for d in self.parts[index].devices]
        text = self.document.text
        if self._counted is None or self._counted[0] is not text:
            # Counting a book's words takes a moment: once per document.
            self._counted = (text, count_words(text))
        return device_profile(devices, self._counted[1], self.device_kinds.values())

    def action_device_profile(self) -> None:
        """Show the device profile; Enter on a kind limits ``n`` / ``N`` to it."""
        progress = "" if self.analysis_complete else self.query_one(StatusBar).info.progress
        screen = DeviceProfileScreen(
            self.current_profile(), hidden=self._layers().hidden_categories, partial=progress
        )
        self.app.push_screen(screen, self._jump_kind_chosen)


def _is_shown(highlight: Highlight, layers: Layers) -> bool:
    """True when ``highlight``'s layer (and device category) is shown."""
    item = highlight.item
    if isinstance(item, Device):
        return layers.devices and item.category not in layers.hidden_categories
    return layers.entities
