"""Slant's themes: the bundled files, the loader's error handling, cycling and style parsing."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.css.tokenize import tokenize_value
from textual.theme import Theme
from textual.widgets import DataTable, Footer, Header, Input, Markdown, OptionList

from tui.analysis.categories import DEVICE_CATEGORIES, ENTITY_LABELS, variable_name
from tui.resources import bundled_path, sample_document_path
from tui.ui.theme_styles import (
    DEFAULT_THEME,
    DEVICE_VARIABLES,
    ENTITY_VARIABLES,
    LIGHT_THEME_VARIABLE_DEFAULTS,
    MONO_THEME,
    STYLE_VARIABLES,
    THEME_VARIABLE_DEFAULTS,
    resolve_styles,
    variable_defaults,
)
from tui.ui.theming import ThemeLoadResult, load_theme_file, load_themes, theme_cycle

THEMES_DIR = bundled_path("themes")
BUNDLED_FILES = sorted(THEMES_DIR.glob("*.toml"))
EXPECTED_NAMES = {
    "slant-dark",
    "slant-light",
    "slant-high-contrast",
    "slant-colour-blind",
    "slant-mono",
}
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#000000"}


def read_toml(path: Path) -> dict[str, Any]:
    """A theme file's raw contents (before the loader fills anything in)."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


def bundled_file(name: str) -> dict[str, Any]:
    """The raw contents of the bundled file defining theme ``name``."""
    for path in BUNDLED_FILES:
        data = read_toml(path)
        if data["name"] == name:
            return data
    raise AssertionError(f"no bundled theme {name!r}")


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD_USER_THEME = """\
name = "my-theme"
primary = "#336699"
background = "#101010"

[variables]
entity-person = "bold #ff00ff"
"""


# -- the variables ----------------------------------------------------------------------------


def test_style_variables_cover_every_label_and_category() -> None:
    expected = (
        [variable_name("entity", label) for label in ENTITY_LABELS]
        + [variable_name("device", category) for category in DEVICE_CATEGORIES]
        + ["claim-source", "claim-cue", "claim-content", "search-match", "highlight-current"]
    )
    assert list(STYLE_VARIABLES) == expected
    assert len(set(STYLE_VARIABLES)) == len(STYLE_VARIABLES)
    assert "entity-work-of-art" in ENTITY_VARIABLES
    assert "device-loaded-language" in DEVICE_VARIABLES


@pytest.mark.parametrize("defaults", [THEME_VARIABLE_DEFAULTS, LIGHT_THEME_VARIABLE_DEFAULTS])
def test_defaults_define_every_variable_with_a_valid_style(defaults: dict[str, str]) -> None:
    assert set(defaults) == set(STYLE_VARIABLES)
    for name, value in defaults.items():
        Style.parse(value)
        list(tokenize_value(value, ("__name__", "")))  # Textual must accept it as well
        assert value.strip(), name


def test_variable_defaults_picks_by_darkness_and_copies() -> None:
    assert variable_defaults(True) == THEME_VARIABLE_DEFAULTS
    assert variable_defaults(False) == LIGHT_THEME_VARIABLE_DEFAULTS
    copy = variable_defaults()
    copy["entity-person"] = "bold"
    assert THEME_VARIABLE_DEFAULTS["entity-person"] != "bold"


def test_dark_and_light_files_repeat_the_defaults() -> None:
    """The defaults *are* the dark (and light) theme; keep code and files in step."""
    dark = bundled_file("slant-dark")["variables"]
    light = bundled_file("slant-light")["variables"]
    assert {name: dark[name] for name in STYLE_VARIABLES} == THEME_VARIABLE_DEFAULTS
    assert {name: light[name] for name in STYLE_VARIABLES} == LIGHT_THEME_VARIABLE_DEFAULTS


# -- the bundled themes -----------------------------------------------------------------------


def test_bundled_themes_load_without_problems() -> None:
    result = load_themes()
    assert isinstance(result, ThemeLoadResult)
    assert result.problems == ()
    assert set(result.names) == EXPECTED_NAMES
    assert result.names[0] == DEFAULT_THEME
    assert MONO_THEME in result.names
    assert len(result.names) == len(BUNDLED_FILES)


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda path: path.name)
def test_bundled_file_defines_every_variable(path: Path) -> None:
    data = read_toml(path)
    variables = data["variables"]
    missing = [name for name in STYLE_VARIABLES if name not in variables]
    assert not missing
    for name in STYLE_VARIABLES:
        Style.parse(variables[name])
    theme, problem = load_theme_file(path, bundled=True)
    assert problem is None
    assert theme is not None and theme.name == data["name"]


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda path: path.name)
def test_bundled_file_explains_its_palette(path: Path) -> None:
    comments = [line for line in path.read_text("utf-8").splitlines() if line.startswith("#")]
    assert len(comments) >= 3


def test_mono_has_no_colour_at_all() -> None:
    data = bundled_file(MONO_THEME)
    for name in STYLE_VARIABLES:
        style = Style.parse(data["variables"][name])
        assert style.color is None, name
        assert style.bgcolor is None, name
    # The page itself takes the terminal's own colours.
    assert data["ansi"] is True
    for key in ("primary", "foreground", "background", "surface", "panel", "accent"):
        assert data[key] == "ansi_default"


def test_colour_blind_uses_only_okabe_ito_hues() -> None:
    data = bundled_file("slant-colour-blind")

    def allowed(triplet: tuple[int, int, int]) -> bool:
        red, green, blue = triplet
        neutral = red == green == blue  # black, white and greys carry no hue
        return neutral or f"#{red:02X}{green:02X}{blue:02X}" in OKABE_ITO

    for name in STYLE_VARIABLES:
        style = Style.parse(data["variables"][name])
        for colour in (style.color, style.bgcolor):
            if colour is not None:
                assert colour.triplet is not None and allowed(colour.triplet), name
    for key in ("primary", "secondary", "accent", "warning", "error", "success",
                "foreground", "background", "surface", "panel"):
        style = Style.parse(data[key])
        assert style.color is not None and style.color.triplet is not None
        assert allowed(style.color.triplet), key


def test_colour_blind_never_relies_on_hue_alone_for_entities() -> None:
    """Entities that share a hue differ in style."""
    variables = bundled_file("slant-colour-blind")["variables"]
    seen: dict[tuple[str, bool, bool], str] = {}
    for name in ENTITY_VARIABLES:
        style = Style.parse(variables[name])
        if style.color is None:
            continue
        key = (str(style.color.triplet), bool(style.bold), bool(style.italic))
        assert key not in seen, f"{name} looks exactly like {seen[key]}"
        seen[key] = name


def _luminance(triplet: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        value_ = value / 255
        return value_ / 12.92 if value_ <= 0.03928 else ((value_ + 0.055) / 1.055) ** 2.4

    red, green, blue = triplet
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """The WCAG 2 contrast ratio of two colours."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _triplet(text: str) -> tuple[int, int, int]:
    colour = Style.parse(text).color
    assert colour is not None and colour.triplet is not None
    return colour.triplet


def _readability(data: dict[str, Any]) -> list[tuple[float, str, str]]:
    """Contrast of the body text and each (non-dim) entity over the page and each tint.

    Mirrors the document view's layering: device style first, entity style on top.
    """
    variables = data["variables"]
    foreground, background = _triplet(data["foreground"]), _triplet(data["background"])
    layers: list[tuple[str, Style]] = [("page", Style())]
    layers += [(name, Style.parse(variables[name])) for name in (*DEVICE_VARIABLES,
                                                                  "claim-content")]
    results = []
    for layer_name, layer in layers:
        layer_fg = layer.color.triplet if layer.color and layer.color.triplet else foreground
        layer_bg = layer.bgcolor.triplet if layer.bgcolor and layer.bgcolor.triplet else background
        results.append((contrast(layer_fg, layer_bg), "body", layer_name))
        for name in ENTITY_VARIABLES:
            style = Style.parse(variables[name])
            if style.dim:
                continue
            text = style.color.triplet if style.color and style.color.triplet else layer_fg
            back = style.bgcolor.triplet if style.bgcolor and style.bgcolor.triplet else layer_bg
            results.append((contrast(text, back), name, layer_name))
    for name in ("claim-source", "claim-cue", "search-match", "highlight-current"):
        style = Style.parse(variables[name])
        if style.color and style.bgcolor and style.color.triplet and style.bgcolor.triplet:
            results.append((contrast(style.color.triplet, style.bgcolor.triplet), "text", name))
    return results


@pytest.mark.parametrize(
    "name", ["slant-dark", "slant-light", "slant-high-contrast", "slant-colour-blind"]
)
def test_colour_themes_keep_text_readable_on_every_tint(name: str) -> None:
    """WCAG AA (4.5:1) for body text and entities over the page and every tint."""
    poor = [entry for entry in _readability(bundled_file(name)) if entry[0] < 4.5]
    assert not poor


def test_high_contrast_reaches_aaa() -> None:
    data = bundled_file("slant-high-contrast")
    assert data["foreground"] == "#ffffff" and data["background"] == "#000000"
    for ratio, what, layer in _readability(data):
        if what == "body" or layer == "page":
            assert ratio >= 7, (what, layer, ratio)


# -- loading user themes ----------------------------------------------------------------------


def test_missing_user_folder_is_fine(tmp_path: Path) -> None:
    result = load_themes(tmp_path / "nowhere")
    assert result.problems == ()
    assert set(result.names) == EXPECTED_NAMES


def test_good_user_theme_loads_after_the_bundled_ones(tmp_path: Path) -> None:
    write(tmp_path, "mine.toml", GOOD_USER_THEME)
    result = load_themes(tmp_path)
    assert result.problems == ()
    assert result.names[-1] == "my-theme"
    theme = result.themes[-1]
    assert theme.primary == "#336699"
    assert theme.variables["entity-person"] == "bold #ff00ff"
    # What the file leaves out comes from the defaults.
    for name in STYLE_VARIABLES:
        assert name in theme.variables
    assert theme.variables["device-hedging"] == THEME_VARIABLE_DEFAULTS["device-hedging"]


def test_light_user_theme_gets_light_defaults(tmp_path: Path) -> None:
    write(tmp_path, "pale.toml", 'name = "pale"\nprimary = "#336699"\ndark = false\n')
    theme = load_themes(tmp_path).themes[-1]
    assert theme.dark is False
    assert theme.variables["device-hedging"] == LIGHT_THEME_VARIABLE_DEFAULTS["device-hedging"]


def test_user_theme_replaces_bundled_one_in_place(tmp_path: Path) -> None:
    write(
        tmp_path,
        "dark.toml",
        'name = "slant-dark"\nprimary = "#123456"\n[variables]\nentity-person = "italic"\n',
    )
    result = load_themes(tmp_path)
    assert result.problems == ()
    assert result.names.count("slant-dark") == 1
    assert result.names[0] == "slant-dark"
    assert result.themes[0].primary == "#123456"
    assert result.themes[0].variables["entity-person"] == "italic"
    assert len(result.themes) == len(EXPECTED_NAMES)


BROKEN_FILES = {
    "bad-toml.toml": ('name = "x"\nprimary = "#123456"\nthis is not toml\n', "line 3"),
    "bad-colour.toml": ('name = "x"\nprimary = "#12345z"\n', "'primary'"),
    "bad-style.toml": (
        'name = "x"\nprimary = "#123456"\n[variables]\nentity-person = "bold notacolour"\n',
        "entity-person",
    ),
    "no-name.toml": ('primary = "#123456"\n', "missing 'name'"),
    "no-primary.toml": ('name = "x"\n', "missing 'primary'"),
    "unknown-key.toml": ('name = "x"\nprimary = "#123456"\nprimry = "#fff"\n', "'primry'"),
    "bad-bool.toml": ('name = "x"\nprimary = "#123456"\ndark = "yes"\n', "'dark'"),
    "bad-number.toml": ('name = "x"\nprimary = "#123456"\ntext_alpha = "lots"\n', "text_alpha"),
    "bad-name.toml": ('name = "two words"\nprimary = "#123456"\n', "'name'"),
    "textual-chokes.toml": (
        'name = "x"\nprimary = "#123456"\n[variables]\ndevice-hedging = "link https://x.org"\n',
        "Textual cannot read",
    ),
    "bad-textual-colour.toml": (
        'name = "x"\nprimary = "#123456"\n[variables]\nfooter-key-foreground = "bold"\n',
        "footer-key-foreground",
    ),
    "bad-textual-text-style.toml": (
        'name = "x"\nprimary = "#123456"\n[variables]\nblock-cursor-text-style = "red"\n',
        "block-cursor-text-style",
    ),
    "variables-not-table.toml": ('name = "x"\nprimary = "#123456"\nvariables = 3\n', "table"),
    "non-string-variable.toml": (
        'name = "x"\nprimary = "#123456"\n[variables]\nentity-person = 3\n', "entity-person"
    ),
    "empty-variable.toml": (
        'name = "x"\nprimary = "#123456"\n[variables]\nentity-person = ""\n', "empty"
    ),
    "not-utf8.toml": (None, "UTF-8"),
}


def test_each_broken_file_is_one_problem_and_the_rest_still_load(tmp_path: Path) -> None:
    for file_name, (text, _) in BROKEN_FILES.items():
        if text is None:
            (tmp_path / file_name).write_bytes(b'name = "\xff\xfe"\n')
        else:
            write(tmp_path, file_name, text)
    write(tmp_path, "zz-good.toml", GOOD_USER_THEME)

    result = load_themes(tmp_path)

    assert set(result.names) == EXPECTED_NAMES | {"my-theme"}
    assert len(result.problems) == len(BROKEN_FILES)
    for file_name, (_, expected) in BROKEN_FILES.items():
        (problem,) = [problem for problem in result.problems if file_name in problem]
        assert expected in problem, problem


def test_toml_error_reports_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "foo.toml", 'name = "foo"\nprimary = "#fff"\nbroken line\n')
    theme, problem = load_theme_file(path, label="themes/foo.toml")
    assert theme is None
    assert problem is not None
    assert problem.startswith("themes/foo.toml: line 3, column 8: Expected '=' after a key")


def test_unterminated_toml_reports_end_of_file(tmp_path: Path) -> None:
    path = write(tmp_path, "foo.toml", 'name = "foo')
    _, problem = load_theme_file(path, label="foo.toml")
    assert problem is not None and problem.startswith("foo.toml: end of file:")


def test_problem_names_every_fault_of_a_file(tmp_path: Path) -> None:
    path = write(tmp_path, "many.toml", 'primary = "nope"\ncolour = 1\n')
    _, problem = load_theme_file(path, label="many.toml")
    assert problem is not None
    for fault in ("missing 'name'", "'primary'", "'colour'"):
        assert fault in problem


def test_unreadable_theme_file_is_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "odd.toml"
    folder.mkdir()  # a folder named like a theme file is not a theme
    write(tmp_path, "mine.toml", GOOD_USER_THEME)
    result = load_themes(tmp_path)
    assert result.problems == ()
    assert "my-theme" in result.names
    _, problem = load_theme_file(folder, label="odd.toml")
    assert problem is not None and problem.startswith("odd.toml: cannot be read")


def test_duplicate_user_theme_names_keep_the_first(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", GOOD_USER_THEME)
    write(tmp_path, "b.toml", GOOD_USER_THEME.replace("#336699", "#993366"))
    result = load_themes(tmp_path)
    assert result.names.count("my-theme") == 1
    assert result.themes[-1].primary == "#336699"
    (problem,) = result.problems
    assert "b.toml" in problem and "a.toml" in problem


def test_user_theme_may_set_textual_variables(tmp_path: Path) -> None:
    write(
        tmp_path,
        "chrome.toml",
        'name = "chrome"\nprimary = "#336699"\n[variables]\n'
        'footer-key-foreground = "#ff0000 50%"\nblock-cursor-text-style = "b reverse"\n'
        'my-own-thing = "anything goes"\n',
    )
    result = load_themes(tmp_path)
    assert result.problems == ()
    assert result.themes[-1].variables["footer-key-foreground"] == "#ff0000 50%"


# -- cycling ----------------------------------------------------------------------------------


def test_theme_cycle_wraps_both_ways() -> None:
    names = ["a", "b", "c"]
    assert theme_cycle(names, "a", 1) == "b"
    assert theme_cycle(names, "c", 1) == "a"
    assert theme_cycle(names, "a", -1) == "c"
    assert theme_cycle(names, "b", -1) == "a"
    assert theme_cycle(names, "b", 4) == "c"


def test_theme_cycle_from_a_foreign_theme_starts_at_the_first() -> None:
    assert theme_cycle(["a", "b"], "nord", 1) == "a"
    assert theme_cycle(["a", "b"], "nord", -1) == "a"
    assert theme_cycle([], "nord", 1) == "nord"


def test_theme_cycle_accepts_theme_objects() -> None:
    themes = load_themes().themes
    assert theme_cycle(themes, themes[-1].name, 1) == DEFAULT_THEME
    assert theme_cycle(themes, DEFAULT_THEME, -1) == themes[-1].name


# -- resolving styles -------------------------------------------------------------------------


def test_resolve_styles_parses_every_variable() -> None:
    styles = resolve_styles(THEME_VARIABLE_DEFAULTS)
    assert set(styles) == set(STYLE_VARIABLES)
    assert styles["entity-person"] == Style.parse(THEME_VARIABLE_DEFAULTS["entity-person"])


def test_resolve_styles_falls_back_on_bad_or_missing_values() -> None:
    styles = resolve_styles({"entity-person": "bold nonsense", "device-hedging": "italic"})
    assert styles["entity-person"] == Style.parse(THEME_VARIABLE_DEFAULTS["entity-person"])
    assert styles["device-hedging"] == Style(italic=True)
    assert styles["claim-cue"] == Style.parse(THEME_VARIABLE_DEFAULTS["claim-cue"])


def test_resolve_styles_uses_given_defaults() -> None:
    styles = resolve_styles({}, defaults=LIGHT_THEME_VARIABLE_DEFAULTS)
    assert styles["device-hedging"] == Style.parse(LIGHT_THEME_VARIABLE_DEFAULTS["device-hedging"])


# -- inside Textual ---------------------------------------------------------------------------


class ThemeProbe(App[None]):
    """A tiny app with the widgets whose CSS reads the most theme variables."""

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(THEME_VARIABLE_DEFAULTS)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input("text")
        yield OptionList("one", "two")
        yield DataTable()
        yield Markdown("# Title\n\nSome [link](https://example.org).")
        yield Footer()


async def test_textual_accepts_every_theme_and_its_style_variables() -> None:
    app = ThemeProbe()
    result = load_themes()
    async with app.run_test() as pilot:
        for theme in result.themes:
            app.register_theme(theme)
            app.theme = theme.name
            await pilot.pause()
            assert app.current_theme.name == theme.name
            data = bundled_file(theme.name)
            for name in STYLE_VARIABLES:
                assert app.theme_variables[name] == data["variables"][name]
        # Textual's own themes get Slant's defaults.
        app.theme = "nord"
        await pilot.pause()
        assert app.theme_variables["entity-person"] == THEME_VARIABLE_DEFAULTS["entity-person"]


async def test_textual_accepts_a_user_theme(tmp_path: Path) -> None:
    write(tmp_path, "mine.toml", GOOD_USER_THEME)
    app = ThemeProbe()
    async with app.run_test() as pilot:
        for theme in load_themes(tmp_path).themes:
            app.register_theme(theme)
        app.theme = "my-theme"
        await pilot.pause()
        assert app.theme_variables["entity-person"] == "bold #ff00ff"
        styles = resolve_styles(app.theme_variables)
        assert styles["entity-person"] == Style.parse("bold #ff00ff")


async def test_ansi_user_theme_without_ansi_variables_still_works(tmp_path: Path) -> None:
    """Textual's CSS needs $ansi-background in ansi themes; the loader supplies it."""
    write(tmp_path, "term.toml", 'name = "term"\nprimary = "ansi_blue"\nansi = true\n')
    (theme,) = [theme for theme in load_themes(tmp_path).themes if theme.name == "term"]
    assert theme.variables["ansi-background"] == "ansi_default"
    app = ThemeProbe()
    async with app.run_test() as pilot:
        app.register_theme(theme)
        app.theme = "term"
        await pilot.pause()
        app.notify("hello")
        await pilot.pause()
        assert app.theme_variables["ansi-foreground"] == "ansi_default"


def test_theme_objects_are_textual_themes() -> None:
    for theme in load_themes().themes:
        assert isinstance(theme, Theme)


# -- bundled resources ------------------------------------------------------------------------


def test_bundled_paths_exist() -> None:
    assert bundled_path("themes").is_dir()
    assert bundled_path("seeds").is_dir()
    sample = sample_document_path()
    assert sample.suffix == ".txt" and sample.is_file()
    assert sample.parent == bundled_path("seeds")


def test_bundled_path_rejects_other_names() -> None:
    with pytest.raises(ValueError):
        bundled_path("../etc")
