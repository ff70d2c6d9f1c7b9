"""The command palette's Slant commands: every action, every theme, and the choices that
depend on the document (device categories and kinds, speakers)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from ..analysis.categories import DEVICE_CATEGORIES
from .display import safe_inline
from .navigation import Highlight
from .screens.main import MainScreen
from .speakers import SpeakerFilter, speakers

__all__ = ["SlantCommands"]

ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Copy selected claim", "screen.copy_claim", "as  Speaker — cue: “content”  (c)"),
    ("Copy all claims", "screen.copy_all_claims",
     "as Markdown; the listed speaker's only when filtered (C)"),
    ("Toggle entities", "screen.toggle_layer('entities')", "show or hide entity colours (e)"),
    ("Toggle devices", "screen.toggle_layer('devices')", "show or hide rhetorical devices (d)"),
    ("Toggle claims", "screen.toggle_layer('claims')", "show or hide claim marks (l)"),
    ("Device categories…", "screen.choose_device_categories",
     "switch device categories on and off (D, or their numbers)"),
    ("Search…", "screen.search", "find text; n / N step through the matches (/)"),
    ("Go to…", "screen.goto", "50%, a line number, or $ for the end (:)"),
    ("Show or hide the claims pane", "screen.toggle_claims", "(v)"),
    ("Entity index…", "screen.entity_index",
     "who is in the text: mentions, claims, devices aimed at them (i)"),
    ("Reflow or original line breaks", "screen.toggle_reflow", "hard-wrapped text (w)"),
    ("Device profile", "screen.device_profile",
     "count and density of each device kind (p)"),
    ("Step through one device kind…", "screen.choose_jump_kind",
     "limit n / N to one kind of device (k)"),
    ("Step through every highlight", "screen.clear_jump_kind",
     "n / N visit names and all devices again"),
    ("Next highlight", "screen.next_highlight", "jump and explain (n)"),
    ("Previous highlight", "screen.previous_highlight", "jump and explain (N)"),
    ("Clear highlight", "screen.clear_highlight", "hide the explanation (Esc)"),
    ("Group claims by speaker", "screen.toggle_grouping",
     "a heading per speaker, or text order again (g)"),
    ("Claims of one speaker…", "screen.choose_speaker", "filter the claims pane (f)"),
    ("Claims of every speaker", "screen.clear_speaker_filter", "clear the speaker filter"),
    ("Claims of the selected name", "screen.claims_of_selection",
     "the name clicked or reached with n / N (s)"),
    ("Export…", "screen.export",
     "save as JSON, JSON Lines, CSV, Markdown, HTML or text (x)"),
    ("Next theme", "app.next_theme", "(t)"),
    ("Previous theme", "app.previous_theme", "(T)"),
    ("Help: keys", "app.help", "(?)"),
)
"""Palette entries: title, action string, help text."""

_Command = tuple[str, Callable[[], object], str]


class SlantCommands(Provider):
    """Slant's actions and themes in the command palette."""

    _listed: list[_Command] | None = None

    async def startup(self) -> None:
        """List the commands once per opening of the palette, not once per keystroke (the
        document's speakers and devices can be many)."""
        self._listed = self._commands()

    def _all(self) -> list[_Command]:
        if self._listed is None:
            self._listed = self._commands()
        return self._listed

    def _commands(self) -> list[_Command]:
        commands: list[_Command] = [
            (title, partial(self.app.run_action, action), help_text)
            for title, action, help_text in ACTIONS
        ]
        screen = self.screen
        if isinstance(screen, MainScreen):
            commands.extend(_reading_commands(screen))
        for name in sorted(self.app.available_themes):
            commands.append((f"Theme: {name}", partial(setattr, self.app, "theme", name), ""))
        return commands

    async def discover(self) -> Hits:
        """Everything, when the palette opens with no query."""
        for title, callback, help_text in self._all():
            yield DiscoveryHit(Content(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands whose title matches ``query``."""
        matcher = self.matcher(query)
        for title, callback, help_text in self._all():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, _highlight(matcher, title), callback, text=title,
                          help=help_text)


def _highlight(matcher: Matcher, title: str) -> Content:
    """``title`` with the query's letters highlighted. Unlike ``Matcher.highlight`` this
    never parses markup: titles can hold document text (speaker names)."""
    content = Content(title)
    _, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _reading_commands(screen: MainScreen) -> list[_Command]:
    """Commands for the reading screen's document: one per device category, per device kind
    found and per speaker."""
    commands: list[_Command] = []
    for index, category in enumerate(screen.state.device_categories()):
        key = f" ({index + 1})" if index < 9 else ""
        commands.append((
            f"Toggle device category: {DEVICE_CATEGORIES.get(category, category)}",
            partial(screen.action_toggle_device_category, index),
            f"show or hide these devices{key}",
        ))
    for row in screen.state.profile().rows:
        commands.append((
            f"Step through: {row.name}",
            partial(_step_through_kind, screen, row.id),
            f"jump to the first; n / N visit only these ({row.count} in the text)",
        ))
    for name, (first, count) in screen.state.entity_names().items():
        commands.append((
            f"Go to: {safe_inline(name, 60)} · {first.label}",
            partial(screen.document_side.choose, Highlight(first.span, first)),
            f"{count} mention{'' if count == 1 else 's'}; n / N go on from there",
        ))
    for speaker in speakers(screen.state.claims):
        # Speaker names are document text: made inert for the palette's one-line titles.
        name = safe_inline(speaker.name, 60)
        commands.append((
            f"Claims by: {name}",
            partial(_claims_by, screen, SpeakerFilter(speaker.name, frozenset({speaker.key}))),
            f"lists their {speaker.count} claim{'' if speaker.count == 1 else 's'} and goes "
            "to the first",
        ))
    return commands


def _claims_by(screen: MainScreen, chosen: SpeakerFilter) -> None:
    """List ``chosen``'s claims and go to the first of them in the text."""
    screen.set_speaker_filter(chosen)
    first = next((claim for claim in screen.state.claims if chosen.admits(claim)), None)
    if first is not None:
        screen.claims_side.pane.move_to(first)


def _step_through_kind(screen: MainScreen, kind: str) -> None:
    """Limit ``n`` / ``N`` to devices of ``kind`` and jump to the first after the top."""
    screen.set_jump_kind(kind)
    screen.document_side.move(forward=True)
