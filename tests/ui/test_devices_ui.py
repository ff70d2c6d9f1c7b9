"""Devices in the reader: category toggles, the device profile, stepping through one device
kind, and the evidence shown for a highlight — driven through Pilot on the sample."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import DataTable, OptionList, SelectionList
from ui_helpers import main_screen, style_at

from tui.analysis.categories import DEVICE_CATEGORIES
from tui.analysis.model import Device, Span
from tui.analysis.profile import count_words, device_profile
from tui.ui.screens import MainScreen
from tui.ui.screens.device_profile import DeviceProfileScreen
from tui.ui.screens.pickers import CategoriesScreen, ChoiceScreen
from tui.ui.widgets import DocumentView
from tui.ui.widgets.explanation import evidence_line, voice_line

LARGE = (120, 40)


def devices_of(screen: MainScreen) -> list[Device]:
    return [d for index in sorted(screen.state.parts) for d in screen.state.parts[index].devices]


async def test_digit_keys_hide_and_show_a_device_category(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        view = screen.query_one(DocumentView)
        categories = list(DEVICE_CATEGORIES)
        index = next(i for i, c in enumerate(categories[:9])
                     if any(d.category == c for d in devices_of(screen)))
        category = categories[index]
        device = next(d for d in devices_of(screen) if d.category == category)
        view.scroll_to_offset(device.span.start)
        await pilot.pause()
        tinted = style_at(view, device.span.start)
        await pilot.press(str(index + 1))
        await pilot.pause()
        assert view.shown_layers.hidden_categories == {category}
        assert view.shown_layers.devices
        assert style_at(view, device.span.start) != tinted
        assert "hidden:" in str(screen.status.render())
        # n never stops on a hidden category.
        for _ in range(len(devices_of(screen)) + 40):
            await pilot.press("n")
            current = screen.state.current
            assert current is not None
            assert not (isinstance(current.item, Device) and current.item.category == category)
        await pilot.press(str(index + 1))
        assert view.shown_layers.hidden_categories == frozenset()
        assert "hidden:" not in str(screen.status.render())


async def test_category_list_toggles_categories(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, CategoriesScreen)
        checks = app.screen.query_one(SelectionList)
        assert checks.option_count >= len(DEVICE_CATEGORIES)
        await pilot.press("space")  # the first category, unchecked: hidden
        await pilot.press("down", "space")
        await pilot.pause()
        first, second = list(DEVICE_CATEGORIES)[:2]
        hidden = screen.query_one(DocumentView).shown_layers.hidden_categories
        assert hidden == {first, second}
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert "2 device categories" in str(screen.status.render())


async def test_palette_toggles_a_device_category(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"device category: hedging")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert "hedging" in screen.query_one(DocumentView).shown_layers.hidden_categories


async def test_profile_shows_counts_and_picks_the_kind_for_n(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        devices = devices_of(screen)
        await pilot.press("p")
        await pilot.pause()
        profile_screen = app.screen
        assert isinstance(profile_screen, DeviceProfileScreen)
        profile = profile_screen.profile
        assert profile.total == len(devices) == screen.state.device_count
        assert profile.words == count_words(screen.state.document.text) > 600
        assert sum(row.in_author_voice + row.quoted for row in profile.rows) == len(devices)
        table = profile_screen.query_one(DataTable)
        assert table.row_count == len({d.id for d in devices})
        top = profile.rows[0]
        assert top.count == max(sum(1 for d in devices if d.id == r.id) for r in profile.rows)
        await pilot.press("enter")  # the most frequent kind
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert screen.state.jump_kind == top.id
        assert f"n/N: {top.name} only" in str(screen.status.render())
        visited = set()
        for _ in range(top.count + 1):
            await pilot.press("n")
            current = screen.state.current
            assert current is not None and isinstance(current.item, Device)
            assert current.item.id == top.id
            visited.add(current.span)
        assert len(visited) == len({d.span for d in devices if d.id == top.id})
        await pilot.press("escape")  # the highlight first
        assert screen.state.jump_kind == top.id
        await pilot.press("escape")  # then the kind
        assert screen.state.jump_kind is None
        assert "n/N:" not in str(screen.status.render())


async def test_k_limits_n_to_a_chosen_kind(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        await pilot.press("k")
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, ChoiceScreen)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        kind = chooser.values[2]
        assert screen.state.jump_kind == kind
        await pilot.press("N")
        current = screen.state.current
        assert current is not None and isinstance(current.item, Device)
        assert current.item.id == kind
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("home", "enter")  # "every highlight"
        await pilot.pause()
        assert screen.state.jump_kind is None


async def test_selected_device_shows_evidence_voice_and_technique(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        device = next(d for d in devices_of(screen) if d.id == "loaded-language")
        screen.set_jump_kind("loaded-language")
        await pilot.press("n")
        await pilot.pause()
        current = screen.state.current
        assert current is not None and isinstance(current.item, Device)
        shown = current.item
        text = str(screen.query_one("#explanation").render())
        assert shown.name in text
        assert "Why:" in text and "Voice:" in text
        assert evidence_line(shown) in text
        assert voice_line(shown) in text
        assert "Technique: Loaded Language" in text
        assert device.id == shown.id


def test_evidence_and_voice_lines_name_model_confidence_and_speaker() -> None:
    rule = Device("loaded-language", "Loaded language", "loaded-language", Span(0, 4),
                  'lexicon "vile"', evidence="lexicon", rule="loaded-language/lexicon")
    assert evidence_line(rule) == "lexicon entry loaded-language/lexicon"
    assert voice_line(rule) == "the author’s own words"
    model = Device("doubt", "Doubt", "faulty-logic", Span(0, 4), "span classifier",
                   evidence="model", rule="slant-spancat", confidence=0.62,
                   voice="Friedrich Merz")
    assert evidence_line(model) == "model slant-spancat · confidence 62%"
    assert "Friedrich Merz" in voice_line(model) and "quoted" in voice_line(model)


def test_profile_counts_density_and_voice() -> None:
    text = "one two three four five six seven eight nine ten"
    devices = [
        Device("a", "A", "x", Span(0, 3), "r"),
        Device("a", "A", "x", Span(4, 7), "r", voice="Merz"),
        Device("b", "B", "y", Span(8, 13), "r"),
    ]
    profile = device_profile(devices, count_words(text))
    assert profile.words == 10
    assert [(row.id, row.count, row.in_author_voice, row.quoted) for row in profile.rows] == [
        ("a", 2, 1, 1), ("b", 1, 1, 0)
    ]
    assert profile.density(2) == 200.0
    assert device_profile([], 0).density(3) == 0.0
    assert count_words("don't stop well-prepared talks") == 4


async def test_k_lists_every_kind_found(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        kinds = {d.id for d in devices_of(main_screen(app))}
        await pilot.press("k")
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, ChoiceScreen)
        assert chooser.query_one(OptionList).option_count == 1 + len(kinds)
        assert set(chooser.values[1:]) == kinds
        await pilot.press("escape")
        assert main_screen(app).state.jump_kind is None
