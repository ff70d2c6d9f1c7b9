"""The style variables of Slant's themes: their names, defaults, and their parsed styles.

A Slant theme's ``variables`` carry one Rich style string per highlight: ``entity-person``,
``device-hedging``, ``claim-cue``, ``highlight-current`` and so on (:data:`STYLE_VARIABLES`).
The document view turns the current theme's values into Rich styles with
:func:`resolve_styles`; theme files are read by :mod:`tui.ui.theming`.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.errors import StyleSyntaxError
from rich.style import Style

from ..analysis.categories import DEVICE_CATEGORIES, ENTITY_LABELS, variable_name

__all__ = [
    "CLAIM_VARIABLES",
    "DEFAULT_THEME",
    "DEVICE_VARIABLES",
    "ENTITY_VARIABLES",
    "LIGHT_THEME_VARIABLE_DEFAULTS",
    "MONO_THEME",
    "STYLE_VARIABLES",
    "THEME_VARIABLE_DEFAULTS",
    "parse_style",
    "resolve_styles",
    "variable_defaults",
]

DEFAULT_THEME = "slant-dark"
"""The theme Slant starts with when the user has not chosen one."""

MONO_THEME = "slant-mono"
"""The colourless theme (for ``NO_COLOR``, monochrome terminals and screen captures)."""

# -- the style variables ----------------------------------------------------------------------

ENTITY_VARIABLES: tuple[str, ...] = tuple(variable_name("entity", label) for label in ENTITY_LABELS)
"""One variable per spaCy entity label, in display order: ``entity-person`` …"""

DEVICE_VARIABLES: tuple[str, ...] = tuple(
    variable_name("device", category) for category in DEVICE_CATEGORIES
)
"""One variable per device category, in display order: ``device-loaded-language`` …"""

CLAIM_VARIABLES: tuple[str, ...] = ("claim-source", "claim-cue", "claim-content")
"""How the selected claim's speaker, reporting verb and reported content are marked."""

STYLE_VARIABLES: tuple[str, ...] = (*ENTITY_VARIABLES, *DEVICE_VARIABLES, *CLAIM_VARIABLES,
                                    "search-match", "highlight-current")
"""Every theme variable holding a Rich style string, as used by the document view."""

# The defaults are the dark theme's values (themes/dark.toml repeats them, and a test keeps the
# two in step). They are what Textual's own themes (textual-dark, nord, …) fall back on.
# Entities colour the text; devices tint the background and leave the foreground alone, so an
# entity inside a device keeps its colour; claim parts and the current highlight are strongest.
_DARK_ENTITY_STYLES: dict[str, str] = {
    "PERSON": "bold #7dcfff",
    "NORP": "bold #bb9af7",
    "FAC": "#73daca",
    "ORG": "bold #9ece6a",
    "GPE": "bold #e0af68",
    "LOC": "italic #e0af68",
    "PRODUCT": "#ff9e64",
    "EVENT": "#ff8fa3",
    "WORK_OF_ART": "italic #c099ff",
    "LAW": "#b4f9f8",
    "LANGUAGE": "#c3e88d",
    "DATE": "#9aa5ce",
    "TIME": "#9aa5ce",
    "PERCENT": "#9aa5ce",
    "MONEY": "#9aa5ce",
    "QUANTITY": "#9aa5ce",
    "ORDINAL": "dim",
    "CARDINAL": "dim",
}
_DARK_DEVICE_STYLES: dict[str, str] = {
    "loaded-language": "on #45202d",
    "labelling": "on #372a4a",
    "emotional-appeal": "on #4a2c20",
    "faulty-logic": "on #1b3644",
    "rhetorical-figure": "on #213824",
    "exhortation": "on #3b3318",
    "hedging": "on #2c3144",
}
_DARK_OTHER_STYLES: dict[str, str] = {
    "claim-source": "bold underline on #2b4f7a",
    "claim-cue": "bold #1a1b26 on #bb9af7",
    "claim-content": "underline on #283457",
    "search-match": "#1a1b26 on #e0d35f",
    "highlight-current": "bold #1a1b26 on #ff9e64",
}

# Light-background counterparts (themes/light.toml): darker text colours, pale tints.
_LIGHT_ENTITY_STYLES: dict[str, str] = {
    "PERSON": "bold #0550ae",
    "NORP": "bold #6e3fc9",
    "FAC": "#735c0f",
    "ORG": "bold #116329",
    "GPE": "bold #953800",
    "LOC": "italic #953800",
    "PRODUCT": "#a34100",
    "EVENT": "#a40e26",
    "WORK_OF_ART": "italic #6e3fc9",
    "LAW": "#0a6b7c",
    "LANGUAGE": "#3f6a0a",
    "DATE": "#57606a",
    "TIME": "#57606a",
    "PERCENT": "#57606a",
    "MONEY": "#57606a",
    "QUANTITY": "#57606a",
    "ORDINAL": "dim",
    "CARDINAL": "dim",
}
_LIGHT_DEVICE_STYLES: dict[str, str] = {
    "loaded-language": "on #ffe0e3",
    "labelling": "on #ede3ff",
    "emotional-appeal": "on #ffe6cf",
    "faulty-logic": "on #d4ecfa",
    "rhetorical-figure": "on #d7f5dc",
    "exhortation": "on #fff2a8",
    "hedging": "on #e8eaee",
}
_LIGHT_OTHER_STYLES: dict[str, str] = {
    "claim-source": "bold underline on #b6d7ff",
    "claim-cue": "bold #ffffff on #6e3fc9",
    "claim-content": "underline on #dbe7ff",
    "search-match": "#1f2328 on #fff59d",
    "highlight-current": "bold #1f2328 on #ffb000",
}


def _variables(
    entities: Mapping[str, str], devices: Mapping[str, str], others: Mapping[str, str]
) -> dict[str, str]:
    """Key per-label / per-category styles by their variable names."""
    variables = {variable_name("entity", label): entities[label] for label in ENTITY_LABELS}
    variables.update(
        {variable_name("device", category): devices[category] for category in DEVICE_CATEGORIES}
    )
    variables.update(others)
    return variables


THEME_VARIABLE_DEFAULTS: dict[str, str] = _variables(
    _DARK_ENTITY_STYLES, _DARK_DEVICE_STYLES, _DARK_OTHER_STYLES
)
"""A value for every name in :data:`STYLE_VARIABLES`, chosen for dark backgrounds.

Return this from ``App.get_theme_variable_defaults()`` so that themes which do not define
Slant's variables (Textual's built-in ones) still get highlights.
"""

LIGHT_THEME_VARIABLE_DEFAULTS: dict[str, str] = _variables(
    _LIGHT_ENTITY_STYLES, _LIGHT_DEVICE_STYLES, _LIGHT_OTHER_STYLES
)
"""Like :data:`THEME_VARIABLE_DEFAULTS`, for light backgrounds (``Theme.dark`` false)."""


def variable_defaults(dark: bool = True) -> dict[str, str]:
    """The style-variable defaults suiting a dark or a light theme (a fresh copy).

    ``App.get_theme_variable_defaults()`` can return
    ``variable_defaults(self.current_theme.dark)`` so that Textual's light built-in themes get
    pale tints instead of dark ones.
    """
    return dict(THEME_VARIABLE_DEFAULTS if dark else LIGHT_THEME_VARIABLE_DEFAULTS)


def resolve_styles(
    variables: Mapping[str, str], *, defaults: Mapping[str, str] | None = None
) -> dict[str, Style]:
    """Parse the style of every name in :data:`STYLE_VARIABLES` from a theme's variables.

    ``variables`` is typically ``app.theme_variables`` (or the theme's variables merged over the
    app's defaults). A missing value, or one Rich cannot parse, falls back to ``defaults``
    (:data:`THEME_VARIABLE_DEFAULTS` unless given), so a bad value costs one highlight's look,
    never the whole view.
    """
    fallbacks = THEME_VARIABLE_DEFAULTS if defaults is None else defaults
    styles: dict[str, Style] = {}
    for name in STYLE_VARIABLES:
        style = parse_style(variables.get(name))
        if style is None:
            style = parse_style(fallbacks.get(name))
        if style is None:
            style = parse_style(THEME_VARIABLE_DEFAULTS[name])
        # The built-in defaults always parse (a test checks), so this is never a null style
        # by accident; it only guards against a caller's broken ``defaults``.
        styles[name] = style if style is not None else Style.null()
    return styles


def parse_style(value: object) -> Style | None:
    """Rich's reading of ``value``, or None when it is not a parseable style string."""
    if not isinstance(value, str):
        return None
    try:
        return Style.parse(value)
    except StyleSyntaxError:
        return None
