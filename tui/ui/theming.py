"""Slant's themes: the bundled and user theme files, and their loader.

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

from ..resources import bundled_path
from .theme_styles import DEFAULT_THEME, STYLE_VARIABLES, variable_defaults

__all__ = [
    "ThemeLoadResult",
    "load_theme_file",
    "load_themes",
    "theme_cycle",
]

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
