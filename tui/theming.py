"""Slant's themes: the style variables, the bundled and user theme files, and their loader.

A Slant theme is a Textual :class:`~textual.theme.Theme` whose ``variables`` also carry one
Rich style string per highlight: ``entity-person``, ``device-hedging``, ``claim-cue``,
``highlight-current`` and so on (see :data:`STYLE_VARIABLES`). Textual keeps such values as
opaque strings: it exposes them in ``App.theme_variables`` and only interprets a variable when
CSS refers to it, so Rich syntax such as ``"bold #7dcfff"`` or ``"on #3a2f1e"`` is fine there.
What Textual *does* do with every variable is run it through its CSS tokenizer when a
stylesheet is parsed, so a value the tokenizer rejects (``"link https://…"``,
``"color(3)"``) would crash the app on start-up; the loader checks for that too.

Theme files are TOML: the top-level keys mirror :class:`~textual.theme.Theme`'s fields and a
``[variables]`` table holds the variables. The bundled files live in ``themes/`` (see
:mod:`tui.resources`); users may add more in ``<config>/themes`` (see :mod:`tui.settings`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from rich.errors import StyleSyntaxError
from rich.style import Style
from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.css.tokenize import tokenize_value
from textual.css.tokenizer import TokenError
from textual.design import ColorSystem
from textual.theme import Theme

from .analysis.categories import DEVICE_CATEGORIES, ENTITY_LABELS, variable_name
from .resources import bundled_path

__all__ = [
    "CLAIM_VARIABLES",
    "DEFAULT_THEME",
    "DEVICE_VARIABLES",
    "ENTITY_VARIABLES",
    "LIGHT_THEME_VARIABLE_DEFAULTS",
    "MONO_THEME",
    "STYLE_VARIABLES",
    "THEME_VARIABLE_DEFAULTS",
    "ThemeLoadResult",
    "load_theme_file",
    "load_themes",
    "resolve_styles",
    "theme_cycle",
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
                                    "highlight-current")
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
        style = _parse_style(variables.get(name))
        if style is None:
            style = _parse_style(fallbacks.get(name))
        if style is None:
            style = _parse_style(THEME_VARIABLE_DEFAULTS[name])
        # The built-in defaults always parse (a test checks), so this is never a null style
        # by accident; it only guards against a caller's broken ``defaults``.
        styles[name] = style if style is not None else Style.null()
    return styles


def _parse_style(value: object) -> Style | None:
    """Rich's reading of ``value``, or None when it is not a parseable style string."""
    if not isinstance(value, str):
        return None
    try:
        return Style.parse(value)
    except StyleSyntaxError:
        return None


# -- theme files ------------------------------------------------------------------------------

_COLOUR_FIELDS: tuple[str, ...] = (
    "primary", "secondary", "accent", "foreground", "background", "surface", "panel",
    "warning", "error", "success", "boost",
)
"""Theme fields holding a colour Textual parses (``#rrggbb``, ``rgb()``, ``ansi_blue`` …)."""

_BOOL_FIELDS: tuple[str, ...] = ("dark", "ansi")
_FLOAT_FIELDS: tuple[str, ...] = ("luminosity_spread", "text_alpha")
_KNOWN_KEYS: frozenset[str] = frozenset(
    ("name", "variables", *_COLOUR_FIELDS, *_BOOL_FIELDS, *_FLOAT_FIELDS)
)

_THEME_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
"""Theme names become the CSS class ``-theme-<name>`` and a command-line value: keep them plain."""

_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
"""CSS refers to variables as ``$name``, so names must be CSS identifiers."""

_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*\Z")
"""The position suffix of a ``tomllib.TOMLDecodeError`` message (Python 3.11–3.13)."""

_ANSI_THEME_VARIABLES: tuple[str, ...] = ("ansi-background", "ansi-foreground")
"""Variables an ``ansi = true`` theme must define (Textual's built-in ansi themes do)."""

_PERCENTAGE = re.compile(r"\d+(?:\.\d+)?%\Z")
_COLOUR_KEYWORDS = frozenset({"auto", "initial", "inherit"})
"""Words Textual's CSS accepts where a colour is expected but ``Color.parse`` does not."""


@dataclass(frozen=True)
class ThemeLoadResult:
    """What :func:`load_themes` found: the usable themes and what was wrong with the rest."""

    themes: tuple[Theme, ...]
    """Slant's themes, the default first: register them all with the app."""
    problems: tuple[str, ...]
    """One human-readable message per skipped or repaired file, naming the file."""

    @property
    def names(self) -> tuple[str, ...]:
        """The themes' names, in order (the order :func:`theme_cycle` walks)."""
        return tuple(theme.name for theme in self.themes)


def load_themes(user_theme_dir: Path | None = None) -> ThemeLoadResult:
    """Load the bundled themes, then the user's ``*.toml`` themes from ``user_theme_dir``.

    Bundled themes come first, :data:`DEFAULT_THEME` leading and the rest sorted by file name;
    user themes follow, sorted by file name. A user theme with the same name as an earlier one
    replaces it in place (so a user can restyle ``slant-dark`` without moving it in the cycle).
    A broken file is skipped with one message in ``problems``; this never raises.
    """
    problems: list[str] = []
    themes: dict[str, Theme] = {}

    try:
        bundled_dir: Path | None = bundled_path("themes")
    except FileNotFoundError as error:
        problems.append(str(error))
        bundled_dir = None
    if bundled_dir is not None:
        bundled: list[Theme] = []
        for path in _toml_files(bundled_dir, problems):
            theme, problem = load_theme_file(path, label=f"themes/{path.name}", bundled=True)
            if problem is not None:
                problems.append(problem)
            if theme is not None:
                bundled.append(theme)
        # sorted() is stable, so after the default the files keep their name order.
        for theme in sorted(bundled, key=lambda theme: theme.name != DEFAULT_THEME):
            themes[theme.name] = theme

    if user_theme_dir is not None and user_theme_dir.exists():
        seen_in: dict[str, Path] = {}
        for path in _toml_files(user_theme_dir, problems):
            label = _display_path(path)
            theme, problem = load_theme_file(path, label=label)
            if problem is not None:
                problems.append(problem)
            if theme is None:
                continue
            if theme.name in seen_in:
                problems.append(
                    f"{label}: theme name {theme.name!r} is already used by "
                    f"{_display_path(seen_in[theme.name])}; this file is ignored"
                )
                continue
            seen_in[theme.name] = path
            themes[theme.name] = theme

    return ThemeLoadResult(themes=tuple(themes.values()), problems=tuple(problems))


def theme_cycle(themes: Sequence[Theme | str], current: str, step: int = 1) -> str:
    """The theme ``step`` places after ``current`` among ``themes``, wrapping around.

    ``step`` is usually ``1`` (next) or ``-1`` (previous). If ``current`` is not one of
    ``themes`` (say a Textual built-in theme), the first theme is returned; with no themes at
    all, ``current`` is returned unchanged.
    """
    names = [theme if isinstance(theme, str) else theme.name for theme in themes]
    if not names:
        return current
    if current not in names:
        return names[0]
    return names[(names.index(current) + step) % len(names)]


def load_theme_file(
    path: Path, *, label: str | None = None, bundled: bool = False
) -> tuple[Theme | None, str | None]:
    """Read one theme file: ``(theme, None)``, ``(None, problem)`` or, rarely, both.

    ``label`` names the file in messages (default: the path). Style variables the file leaves
    out are filled from :func:`variable_defaults` for the theme's darkness; for a ``bundled``
    file that is reported as a problem too (every bundled file should define every variable),
    and the theme is still returned.
    """
    where = label if label is not None else str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, f"{where}: not UTF-8 text ({error.reason} at byte {error.start})"
    except OSError as error:
        return None, f"{where}: cannot be read ({error.strerror or error})"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, f"{where}: {_describe_toml_error(error)}"

    errors = _check_theme_data(data)
    if errors:
        return None, f"{where}: " + "; ".join(errors)

    dark = bool(data.get("dark", True))
    given: dict[str, str] = dict(data.get("variables", {}))
    missing = [name for name in STYLE_VARIABLES if name not in given]
    variables = {**variable_defaults(dark), **given}
    if data.get("ansi", False):
        # Textual's ansi colour system leaves these out, yet its widgets' CSS refers to them
        # (Screen, Toast, Tooltip, Button): without them every stylesheet fails to parse.
        for name in _ANSI_THEME_VARIABLES:
            variables.setdefault(name, "ansi_default")
    fields: dict[str, Any] = {key: value for key, value in data.items() if key != "variables"}
    for key in _FLOAT_FIELDS:
        if key in fields:
            fields[key] = float(fields[key])
    try:
        theme = Theme(**fields, variables=variables)
        # Let Textual derive its whole colour system now, so anything it would choke on
        # surfaces here, as a message, rather than when the user switches to the theme.
        theme.to_color_system().generate()
    except Exception as error:  # Any failure inside Textual means "broken file".
        return None, f"{where}: Textual rejected the theme ({error})"

    problem = None
    if bundled and missing:
        problem = f"{where}: missing variables (defaults used): {', '.join(missing)}"
    return theme, problem


def _toml_files(folder: Path, problems: list[str]) -> list[Path]:
    """The ``*.toml`` files in ``folder`` by name; an unreadable folder adds a problem."""
    try:
        return sorted(path for path in folder.glob("*.toml") if path.is_file())
    except OSError as error:
        problems.append(f"{_display_path(folder)}: cannot list themes ({error.strerror or error})")
        return []


def _display_path(path: Path) -> str:
    """``path`` for a message, with the home folder shown as ``~`` to keep it short."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except (ValueError, RuntimeError):
        return str(path)


def _describe_toml_error(error: tomllib.TOMLDecodeError) -> str:
    """``"line 3, column 5: Expected '=' after a key …"`` from tomllib's message."""
    # Python 3.14 adds lineno/colno attributes; older versions only put them in the message.
    message = str(error.args[0]) if error.args else str(error)
    match = _TOML_POSITION.search(message)
    if match is None:
        return message
    message = message[: match.start()]
    if match.group(1) is None:
        return f"end of file: {message}"
    return f"line {match.group(1)}, column {match.group(2)}: {message}"


def _check_theme_data(data: Mapping[str, Any]) -> list[str]:
    """Everything wrong with a parsed theme file, as short messages (empty when it is fine)."""
    errors: list[str] = []
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        errors.append(
            f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} "
            f"(allowed: {', '.join(sorted(_KNOWN_KEYS))})"
        )

    name = data.get("name")
    if name is None:
        errors.append("missing 'name'")
    elif not isinstance(name, str) or not _THEME_NAME.match(name):
        errors.append(
            f"'name' must be letters, digits, '-' or '_', starting with a letter (got {name!r})"
        )

    if "primary" not in data:
        errors.append("missing 'primary'")
    for key in _COLOUR_FIELDS:
        if key in data:
            problem = _colour_problem(data[key])
            if problem is not None:
                errors.append(f"{key!r}: {problem}")
    for key in _BOOL_FIELDS:
        if key in data and not isinstance(data[key], bool):
            errors.append(f"{key!r} must be true or false (got {data[key]!r})")
    for key in _FLOAT_FIELDS:
        value = data.get(key)
        if key in data and (isinstance(value, bool) or not isinstance(value, (int, float))):
            errors.append(f"{key!r} must be a number (got {value!r})")

    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        errors.append("'variables' must be a table ([variables])")
    else:
        errors.extend(_variable_problems(variables))
    return errors


def _colour_problem(value: object) -> str | None:
    """Why Textual cannot use ``value`` as a theme colour, or None if it can."""
    if not isinstance(value, str):
        return f"a colour must be a string such as \"#0178d4\" (got {value!r})"
    try:
        Color.parse(value)
    except ColorParseError as error:
        return str(error)
    return None


def _variable_problems(variables: Mapping[str, Any]) -> Iterable[str]:
    """Messages for the ``[variables]`` entries that Slant or Textual could not use."""
    kinds = _textual_variable_kinds()
    for name, value in variables.items():
        if not _VARIABLE_NAME.match(name):
            yield f"variable name {name!r} is not a CSS identifier"
            continue
        if not isinstance(value, str):
            yield f"variable {name!r} must be a string (got {value!r})"
            continue
        if not value.strip():
            yield f"variable {name!r} is empty (use \"none\" for no style)"
            continue
        # Textual tokenizes every variable when it parses CSS, used or not.
        try:
            list(tokenize_value(value, ("__name__", "")))
        except TokenError as error:
            yield f"variable {name!r}: Textual cannot read {value!r} ({error})"
            continue
        if name in STYLE_VARIABLES:
            try:
                Style.parse(value)
            except StyleSyntaxError as error:
                yield f"variable {name!r}: not a Rich style ({error})"
        elif kinds.get(name) == "colour":
            problem = _css_colour_problem(value)
            if problem is not None:
                yield f"variable {name!r}: {problem}"
        elif kinds.get(name) == "text-style":
            bad = [word for word in value.split() if word not in VALID_STYLE_FLAGS]
            if bad:
                yield (
                    f"variable {name!r}: {', '.join(map(repr, bad))} not a text style "
                    f"(use {', '.join(sorted(VALID_STYLE_FLAGS))})"
                )


def _css_colour_problem(value: str) -> str | None:
    """Why ``value`` is not a CSS colour such as ``#fff``, ``ansi_red 50%`` or ``auto 87%``."""
    words = value.split()
    if len(words) > 2 or (len(words) == 2 and not _PERCENTAGE.match(words[1])):
        return f"expected a colour and an optional percentage, got {value!r}"
    if words[0] in _COLOUR_KEYWORDS:
        return None
    try:
        Color.parse(words[0])
    except ColorParseError as error:
        return str(error)
    return None


@cache
def _textual_variable_kinds() -> dict[str, Literal["colour", "text-style"]]:
    """What each of Textual's own theme variables holds, judged from its generated default.

    A user theme may override Textual's variables (``footer-key-foreground`` …); CSS refers
    to those, so a bad value would crash the app when the theme is applied. Knowing which
    hold colours and which hold text styles lets the loader check them up front.
    """
    generated: dict[str, str] = {}
    for system in (
        ColorSystem(primary="#0178d4", dark=True),
        ColorSystem(primary="#0178d4", dark=False),
        ColorSystem(primary="ansi_blue", ansi=True),
    ):
        generated.update(system.generate())
    kinds: dict[str, Literal["colour", "text-style"]] = {}
    for name, value in generated.items():
        if name.endswith("style") or name.endswith("style-hover"):
            kinds[name] = "text-style"
        elif _css_colour_problem(value) is None:
            kinds[name] = "colour"
    return kinds
