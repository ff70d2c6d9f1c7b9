"""Rendering exports for the command line and the export dialog.

The exporters themselves are pure (:mod:`tui.analysis.exports`); this module supplies what
they cannot compute without Rich and Textual: a document's :class:`DocumentInfo` and the
CSS colours of a Slant theme for the HTML page.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from textual.color import Color, ColorParseError
from textual.theme import Theme

from .analysis.export import to_text_report
from .analysis.exports import (
    EXPORT_FORMATS,
    DocumentInfo,
    HtmlTheme,
    to_csv,
    to_document_json,
    to_html,
    to_jsonl_line,
    to_markdown,
)
from .analysis.model import Analysis
from .analysis.textsafety import visible_inline
from .loading import Document
from .theme_styles import DEFAULT_THEME, STYLE_VARIABLES, resolve_styles, variable_defaults

__all__ = ["document_info", "html_theme", "load_html_theme", "render"]


def document_info(document: Document) -> DocumentInfo:
    """The export metadata of an opened document."""
    return DocumentInfo(
        name=document.name,
        source=str(document.path) if document.path is not None else None,
        title=document.title,
        author=document.author,
        date=document.date,
        format=document.format,
    )


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
    from .settings import user_themes_dir
    from .theming import load_themes

    loaded = load_themes(user_themes_dir())
    problems = list(loaded.problems)
    themes = {theme.name: theme for theme in loaded.themes}
    if name and name not in themes:
        problems.append(f"there is no theme called {name!r}; using {DEFAULT_THEME}")
    theme = themes.get(name or DEFAULT_THEME) or themes.get(DEFAULT_THEME)
    if theme is None:
        return HtmlTheme(), problems
    return html_theme(theme), problems


def _text_report(analysis: Analysis, text: str, info: DocumentInfo) -> str:
    facts = [("Document", info.source or info.name), ("Title", info.title),
             ("Author", info.author), ("Date", info.date), ("Format", info.format)]
    header = [f"{label}: {visible_inline(value, 300)}" for label, value in facts if value]
    return "\n".join(header) + "\n" + to_text_report(analysis, text)


def render(
    fmt: str,
    analysis: Analysis,
    text: str,
    info: DocumentInfo,
    *,
    theme: HtmlTheme | None = None,
) -> str:
    """One document's export in ``fmt`` (a key of :data:`EXPORT_FORMATS`)."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if fmt == "json":
        return to_document_json(analysis, text, info) + "\n"
    if fmt == "jsonl":
        return to_jsonl_line(analysis, text, info)
    if fmt == "csv":
        return to_csv([(analysis, text, info)])
    if fmt == "markdown":
        return to_markdown(analysis, text, info)
    if fmt == "html":
        return to_html(analysis, text, info, theme)
    return _text_report(analysis, text, info)
