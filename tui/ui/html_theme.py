"""The HTML report's colours, from a Slant theme (a Textual theme with Slant's variables)."""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from textual.color import Color, ColorParseError
from textual.theme import Theme

from ..exports import HtmlTheme
from ..settings import user_themes_dir
from .theme_styles import DEFAULT_THEME, STYLE_VARIABLES, resolve_styles, variable_defaults
from .theming import load_themes

__all__ = ["html_theme", "load_html_theme"]


def _colour(value: str | None, fallback: str) -> str:
    if not value:
        return fallback
    try:
        return Color.parse(value).hex
    except ColorParseError:
        return fallback  # ansi_default and kin mean "the terminal's colour": no CSS for it


def _style_css(style: Style, background: str, foreground: str) -> str:
    css = style.get_html_style()
    if style.reverse:
        # Rich leaves reverse out of its HTML; swap the colours it would have swapped.
        fore = style.bgcolor.get_truecolor().hex if style.bgcolor else background
        back = style.color.get_truecolor().hex if style.color else foreground
        css = f"color: {fore}; background-color: {back}" + (
            "; font-weight: bold" if style.bold else "")
    return css


def html_theme(theme: Theme, variables: Mapping[str, str] | None = None) -> HtmlTheme:
    """The HTML page's colours for a Textual theme carrying Slant's style variables.

    ``variables`` overrides the theme's own (pass ``app.theme_variables`` in the app).
    """
    defaults = variable_defaults(theme.dark)
    merged = {**defaults, **theme.variables, **(variables or {})}
    background = _colour(theme.background, "#1a1b26" if theme.dark else "#ffffff")
    foreground = _colour(theme.foreground, "#c0caf5" if theme.dark else "#1f2328")
    styles = resolve_styles(merged, defaults=defaults)
    css = {name: _style_css(styles[name], background, foreground) for name in STYLE_VARIABLES}
    return HtmlTheme(name=theme.name, dark=theme.dark, background=background,
                     foreground=foreground, styles=css)


def load_html_theme(name: str | None) -> tuple[HtmlTheme, list[str]]:
    """The HTML colours of the theme called ``name`` (the default theme if None or
    unknown), with any problems met while loading the theme files."""
    loaded = load_themes(user_themes_dir())
    problems = list(loaded.problems)
    themes = {theme.name: theme for theme in loaded.themes}
    if name and name not in themes:
        problems.append(f"there is no theme called {name!r}; using {DEFAULT_THEME}")
    theme = themes.get(name or DEFAULT_THEME) or themes.get(DEFAULT_THEME)
    if theme is None:
        return HtmlTheme(), problems
    return html_theme(theme), problems
