"""The command palette's Slant commands: every action, and every theme."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

__all__ = ["SlantCommands"]

ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Copy selected claim", "screen.copy_claim", "as  Speaker — cue: “content”  (c)"),
    ("Copy all claims", "screen.copy_all_claims", "as Markdown (C)"),
    ("Toggle entities", "screen.toggle_layer('entities')", "show or hide entity colours (e)"),
    ("Toggle devices", "screen.toggle_layer('devices')", "show or hide rhetorical devices (d)"),
    ("Toggle claims", "screen.toggle_layer('claims')", "show or hide claim marks (l)"),
    ("Next highlight", "screen.next_highlight", "jump and explain (n)"),
    ("Previous highlight", "screen.previous_highlight", "jump and explain (N)"),
    ("Clear highlight", "screen.clear_highlight", "hide the explanation (Esc)"),
    ("Next theme", "app.next_theme", "(t)"),
    ("Previous theme", "app.previous_theme", "(T)"),
    ("Help: keys", "app.help", "(?)"),
)
"""Palette entries: title, action string, help text."""


class SlantCommands(Provider):
    """Slant's actions and themes in the command palette."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        commands: list[tuple[str, Callable[[], object], str]] = [
            (title, partial(self.app.run_action, action), help_text)
            for title, action, help_text in ACTIONS
        ]
        for name in sorted(self.app.available_themes):
            commands.append((f"Theme: {name}", partial(setattr, self.app, "theme", name), ""))
        return commands

    async def discover(self) -> Hits:
        """Everything, when the palette opens with no query."""
        for title, callback, help_text in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands whose title matches ``query``."""
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
