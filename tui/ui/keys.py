"""The reading screen's key bindings: what each key does, in one list.

The help screen (:data:`tui.ui.screens.help.KEY_HELP`) and the README describe them for people.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

__all__ = ["READING_BINDINGS"]

READING_BINDINGS: list[BindingType] = [
    Binding("e", "toggle_layer('entities')", "Entities"),
    Binding("d", "toggle_layer('devices')", "Devices"),
    Binding("l", "toggle_layer('claims')", "Claims"),
    Binding("D", "choose_device_categories", "Categories", show=False),
    *(
        Binding(str(number), f"toggle_device_category({number - 1})",
                f"Device category {number}", show=False)
        for number in range(1, 10)
    ),
    Binding("slash", "search", "Search"),
    Binding("colon", "goto", "Go to", show=False),
    Binding("n", "next_highlight", "Next"),
    Binding("N", "previous_highlight", "Prev"),
    Binding("k", "choose_jump_kind", "Jump to kind", show=False),
    Binding("p", "device_profile", "Profile", show=False),
    Binding("escape", "clear_highlight", "Clear", show=False),
    Binding("c", "copy_claim", "Copy claim"),
    Binding("C", "copy_all_claims", "Copy all", show=False),
    Binding("f", "choose_speaker", "Speaker", show=False),
    Binding("g", "toggle_grouping", "Group", show=False),
    Binding("s", "claims_of_selection", "Their claims", show=False),
    Binding("x", "export", "Export", show=False),
    Binding("v", "toggle_claims", "Claims pane"),
    Binding("i", "entity_index", "Index", show=False),
    Binding("w", "toggle_reflow", "Line breaks", show=False),
    Binding("z", "dismiss_highlight", "Dismiss", show=False),
    Binding("Z", "dismiss_highlight(True)", "Ignore everywhere", show=False),
    Binding("u", "undo_dismissal", "Undo dismissal", show=False),
    Binding("U", "list_dismissals", "Dismissals", show=False),
]
"""Bound on the reading screen, so they work wherever the focus is."""
