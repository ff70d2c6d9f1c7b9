"""SlantApp: themes, the screens, and app-wide keys. Kept small on purpose: the reading
screen owns the document and its analysis."""

from __future__ import annotations

import gc
import os
from dataclasses import replace
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from ..analysis.textsafety import copy_safe
from ..config import load_config
from ..documents.loading import Document
from ..settings import load_last_theme, save_last_theme, user_themes_dir
from .analysis_feed import AnalysisOptions
from .display import safe_inline
from .palette import SlantCommands
from .screens import HelpScreen, MainScreen
from .theme_styles import DEFAULT_THEME, MONO_THEME, variable_defaults
from .theming import load_themes, theme_cycle

__all__ = ["SlantApp"]


class SlantApp(App[None]):
    """The reader: one document, its highlights and its claims."""

    CSS_PATH = "slant.tcss"
    TITLE = "Slant"
    COMMANDS: ClassVar = App.COMMANDS | {SlantCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("t", "next_theme", "Theme"),
        Binding("T", "previous_theme", "Prev theme", show=False),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(
        self,
        document: Document,
        *,
        model: str | None = None,
        theme: str | None = None,
        max_bytes: int | None = None,
        analysis: AnalysisOptions | None = None,
    ) -> None:
        super().__init__()
        self.document = document
        """The document opened."""
        loaded_config = load_config()
        self.config = loaded_config.config
        """The user's defaults from the configuration file (:mod:`tui.config`)."""
        self.config_problems = list(loaded_config.problems)
        """Messages about the configuration file's lines that were ignored."""
        self.model = model or self.config.model
        """The spaCy pipeline asked for, or None for the best installed."""
        self.max_bytes = max_bytes
        """The size limit the document was opened with (``--max-size``); reloads keep it."""
        self.analysis = analysis or AnalysisOptions()
        """Worker processes and cache for the analysis (``--jobs``, ``--no-cache``)."""
        if self.analysis.encoder is None:  # neither --encoder nor --no-encoder: the file's
            self.analysis = replace(self.analysis, encoder=self.config.encoder)
        self._requested_theme = theme or self.config.theme
        loaded = load_themes(user_themes_dir())
        self.slant_themes = [theme.name for theme in loaded.themes]
        """Names of the themes ``t`` / ``T`` cycle through (bundled, then the user's)."""
        self.theme_problems = list(loaded.problems)
        """Messages about theme files that could not be used."""
        for loaded_theme in loaded.themes:
            self.register_theme(loaded_theme)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Slant's style variables, for themes (Textual's own included) that lack them;
        light themes get the light defaults so tints stay readable."""
        return variable_defaults(self.current_theme.dark)

    def on_ready(self) -> None:
        """The first frame is on the screen: the objects made to draw it live as long as the
        app, so the cycle collector stops looking at them (and is on again: see
        :func:`tui.commands.open.run_reader`)."""
        gc.freeze()
        gc.enable()

    def on_mount(self) -> None:
        """Choose the theme, report broken theme files, open the reading screen."""
        self.theme = self._initial_theme()
        for problem in self.theme_problems:
            # The message may name a file from the user's folder: shown inert.
            self.notify(safe_inline(problem, 300), title="Theme file problem",
                        severity="warning", markup=False)
        for problem in self.config_problems:
            self.notify(safe_inline(problem, 300), title="Configuration problem",
                        severity="warning", markup=False)
        self.watch(self, "theme", self._theme_changed, init=False)
        self.push_screen(MainScreen(self.document, model=self.model, max_bytes=self.max_bytes,
                                    analysis=self.analysis))

    def _initial_theme(self) -> str:
        available = self.available_themes
        if self._requested_theme:
            if self._requested_theme in available:
                return self._requested_theme
            self.theme_problems.append(f"There is no theme called {self._requested_theme!r}.")
        if os.environ.get("NO_COLOR") and MONO_THEME in available:
            return MONO_THEME
        remembered = load_last_theme()
        if remembered in available:
            return remembered
        return DEFAULT_THEME if DEFAULT_THEME in available else "textual-dark"

    def _theme_changed(self, theme: str) -> None:
        self._remember_theme(theme)

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings")
    def _remember_theme(self, theme: str) -> None:
        """Save the theme off the UI thread (it syncs a file to disk)."""
        problem = save_last_theme(theme)
        if problem:
            self.call_from_thread(
                self.notify, safe_inline(problem, 300), title="Theme not remembered",
                severity="warning", markup=False,
            )

    def copy_to_clipboard(self, text: str) -> None:
        """Send ``text`` to the terminal's clipboard (OSC 52), without controls.

        Every copy passes here, Textual's own (a mouse selection, Ctrl+C) included, so
        nothing that would drive a terminal can ride along in the OSC 52 payload.
        """
        super().copy_to_clipboard(copy_safe(text))

    def action_next_theme(self) -> None:
        """Switch to the next Slant theme."""
        self.theme = theme_cycle(self.slant_themes, self.theme, 1)

    def action_previous_theme(self) -> None:
        """Switch to the previous Slant theme."""
        self.theme = theme_cycle(self.slant_themes, self.theme, -1)

    def action_help(self) -> None:
        """Show the key bindings."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
