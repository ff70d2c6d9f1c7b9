"""Reading as in less: / search, n / N through matches, : go to, the place kept, narrow
terminals, reflowed hard-wrapped text. Pilot drives the real app on real text."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input
from ui_helpers import main_screen, profile_columns, style_at, wait_until

from tui.documents.loading import load_document
from tui.ui.app import SlantApp
from tui.ui.places import places_path
from tui.ui.screens import HelpScreen
from tui.ui.screens.device_profile import DeviceProfileScreen
from tui.ui.widgets import DocumentView
from tui.ui.widgets.prompt import Prompt

LARGE = (120, 40)


def status(app: SlantApp) -> str:
    return str(app.screen.query_one("#status").render())


def messages(app: SlantApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def book(folder: Path, paragraphs: int = 120) -> Path:
    """An invented hard-wrapped plain-text book: ~70-column lines, blank lines between
    paragraphs, one name far below the first screen."""
    words = ("the", "river", "council", "argued", "through", "the", "long", "night", "about",
             "the", "bridge", "and", "the", "money", "it", "would", "cost", "the", "people",
             "of", "the", "valley", "while", "the", "mayor", "waited")
    lines: list[str] = []
    for number in range(paragraphs):
        line = ""
        paragraph = [*words[number % 5:], *words[: number % 5]]
        if number == paragraphs - 10:
            paragraph[3:3] = ["Ottoline", "Brandvold"]
        for word in paragraph * 2:
            if len(line) + 1 + len(word) > 70:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.extend([line, ""])
    path = folder / "book.txt"
    path.write_text("\n".join(lines), "utf-8")
    return path


# -- search ---------------------------------------------------------------------------------


async def test_search_prompt_takes_every_key_and_finds_a_name_far_below(
    tmp_path: Path, analysed
) -> None:
    app = SlantApp(load_document(str(book(tmp_path))), theme="slant-dark")
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        view = screen.query_one(DocumentView)
        text = view.text
        target = text.index("Ottoline")
        assert view.visible_span().end < target
        await pilot.press("slash")
        assert screen.query_one(Prompt).display
        # Capitals and letters bound elsewhere (T: theme, p: profile, n: next) are text here.
        await pilot.press("T", "p", "n", "backspace", "backspace", "backspace")
        assert app.theme == "slant-dark" and not isinstance(app.screen, DeviceProfileScreen)
        assert screen.query_one(Prompt).query_one(Input).value == ""
        for key in "Ottoline":
            await pilot.press(key)
        await pilot.press("enter")
        await wait_until(lambda: screen.state.search is not None)
        await pilot.pause()
        assert not screen.query_one(Prompt).display
        visible = view.visible_span()
        assert visible.start <= target < visible.end
        assert "match 1 of 2" in status(app)  # the paragraph says the name twice
        # Every match on screen is marked in the theme's search style.
        search_style = style_at(view, target)
        assert search_style.bgcolor is not None


async def test_n_and_shift_n_step_through_matches_wrapping_with_a_note(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        await pilot.press("slash", *"sovereignty", "enter")
        await wait_until(lambda: screen.state.search is not None)
        total = len(screen.state.search or ())
        assert total >= 3
        assert f"match 1 of {total}" in status(app)
        await pilot.press("n")
        assert f"match 2 of {total}" in status(app)
        await pilot.press("N", "N")
        assert f"match {total} of {total}" in status(app)
        assert any("wrapped" in message for message in messages(app))
        current = screen.state.search.span(screen.state.search_index)  # type: ignore[union-attr]
        assert screen.query_one(DocumentView).current == current
        # Esc ends the search: n steps through highlights again.
        await pilot.press("escape")
        assert screen.state.search is None and "match" not in status(app)
        await pilot.press("n")
        assert screen.state.current is not None


async def test_search_is_smart_case_and_a_miss_leaves_the_view(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        view = screen.query_one(DocumentView)
        text = view.text
        await pilot.press("slash", *"moscow", "enter")
        await wait_until(lambda: screen.state.search is not None)
        assert len(screen.state.search or ()) == text.lower().count("moscow")
        await pilot.press("escape", "end")
        bottom = view.scroll_y
        await pilot.press("slash", *"MOSCOW", "enter")  # a capital: case matters, no match
        await wait_until(lambda: any("Not found" in m for m in messages(app)))
        assert view.scroll_y == bottom and screen.state.search is None


async def test_esc_closes_the_prompt_without_searching(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        await pilot.press("slash", "M", "escape")
        assert not screen.query_one(Prompt).display
        assert screen.state.search is None
        assert screen.focused is screen.query_one(DocumentView)


# -- go to -----------------------------------------------------------------------------------


async def test_goto_percentage_line_and_end(tmp_path: Path, analysed) -> None:
    document = load_document(str(book(tmp_path)))
    app = SlantApp(document, theme="slant-dark")
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        view = main_screen(app).query_one(DocumentView)
        length = len(document.text)
        await pilot.press("colon", "5", "0", "%", "enter")
        await pilot.pause()
        assert 0.45 * length <= view.top_offset <= 0.5 * length
        assert f"{100 * view.top_offset // length}%" in status(app)
        await pilot.press("colon", "1", "2", "enter")
        await pilot.pause()
        line_twelve = sum(len(line) + 1 for line in document.text.split("\n")[:11])
        assert view.visible_span().start <= line_twelve <= view.visible_span().end
        await pilot.press("colon", "$", "enter")
        await pilot.pause()
        assert view.visible_span().end >= length - 1
        await pilot.press("colon", "x", "y", "enter")
        await pilot.pause()
        assert any("go to:" in message for message in messages(app))


# -- your place -------------------------------------------------------------------------------


async def test_reopening_returns_to_the_place_and_a_corrupt_file_is_ignored(
    tmp_path: Path, analysed
) -> None:
    path = book(tmp_path)
    app = SlantApp(load_document(str(path)), theme="slant-dark")
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        await pilot.press("colon", "6", "0", "%", "enter")
        await pilot.pause()
        left_at = main_screen(app).query_one(DocumentView).top_offset
    assert left_at > 0 and places_path().exists()
    again = SlantApp(load_document(str(path)), theme="slant-dark")
    async with again.run_test(size=LARGE) as pilot:
        await pilot.pause()
        view = main_screen(again).query_one(DocumentView)
        await wait_until(lambda: view.top_offset == left_at, 10)
        assert "back where you left off" in status(again)
    # The same text from another path finds its place too.
    copy = tmp_path / "copy.txt"
    copy.write_text(path.read_text("utf-8"), "utf-8")
    third = SlantApp(load_document(str(copy)), theme="slant-dark")
    async with third.run_test(size=LARGE) as pilot:
        view = main_screen(third).query_one(DocumentView)
        await wait_until(lambda: view.top_offset == left_at, 10)
    places_path().write_text("{not json", "utf-8")
    fourth = SlantApp(load_document(str(path)), theme="slant-dark")
    async with fourth.run_test(size=LARGE) as pilot:
        await pilot.pause()
        assert main_screen(fourth).query_one(DocumentView).top_offset == 0
    places_path().write_text(json.dumps({f"path:{path.resolve()}": {"offset": 10**9}}), "utf-8")
    fifth = SlantApp(load_document(str(path)), theme="slant-dark")
    async with fifth.run_test(size=LARGE) as pilot:
        await pilot.pause()
        assert main_screen(fifth).query_one(DocumentView).top_offset == 0


# -- any terminal ------------------------------------------------------------------------------


async def test_narrow_terminal_gives_the_text_the_width_and_v_shows_the_claims(
    make_app, analysed
) -> None:
    app = make_app()
    async with app.run_test(size=(60, 15)) as pilot:
        await analysed(app)
        screen = main_screen(app)
        side = screen.query_one("#claims-side")
        view = screen.query_one(DocumentView)
        assert not side.display
        assert view.size.width >= 55
        phrase = "toward a direct talk between Kyiv and"  # 37 characters of the sample
        assert len(phrase) == 37
        assert view.scrollable_content_region.width >= len(phrase)
        start = view.text.index(phrase)
        layout = view._layout
        assert layout is not None and layout.line_of(start) == layout.line_of(start + 36)
        await pilot.press("v")
        await pilot.pause()
        assert side.display and side.region.y > view.region.y  # under the text
        await pilot.press("v")
        await pilot.pause()
        assert not side.display
    wide = make_app()
    async with wide.run_test(size=LARGE) as pilot:
        side = main_screen(wide).query_one("#claims-side")
        assert side.display
        await pilot.press("v")
        await pilot.pause()
        assert not side.display


async def test_status_bar_leaves_out_whole_items_when_narrow(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=(60, 15)) as pilot:
        await analysed(app)
        await pilot.pause()
        line = status(app).rstrip()
        assert "analysed" in line and len(line) <= 58
        assert not line.endswith("…")
        for item in line.split(" · "):
            assert item in ("0%", "analysed") or item.split()[0].replace(",", "").isdigit() \
                or item.startswith("en_core")


async def test_help_lists_exactly_the_device_categories_and_the_new_keys(make_app) -> None:
    from tui.analysis.categories import DEVICE_CATEGORIES
    from tui.ui.screens.help import KEY_HELP

    keys = [key for key, _ in KEY_HELP]
    assert f"1 – {len(DEVICE_CATEGORIES)} / D" in keys
    assert {"/", ":", "v", "w"} <= set(keys)
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        legend = str(app.screen._legend())
        devices = legend.split("Devices: ")[1].split("\n")[0]
        numbers = [word for word in devices.split() if word.isdigit()]
        assert numbers == [str(n) for n in range(1, len(DEVICE_CATEGORIES) + 1)]


# -- hard-wrapped text -------------------------------------------------------------------------


async def test_hard_wrapped_book_is_reflowed_and_w_shows_its_line_breaks(
    tmp_path: Path, analysed
) -> None:
    document = load_document(str(book(tmp_path)))
    app = SlantApp(document, theme="slant-dark")
    async with app.run_test(size=(160, 40)) as pilot:
        await analysed(app)
        screen = main_screen(app)
        view = screen.query_one(DocumentView)
        first_paragraph = document.text.split("\n\n")[0]
        assert "\n" in first_paragraph
        rendered = view.render_line(0).text.strip()
        assert len(rendered) > 75  # longer than any source line: reflowed to the pane
        assert " ".join(first_paragraph.split()).startswith(rendered[:60])
        assert "reflowed" in status(app)
        await pilot.press("w")
        await pilot.pause()
        assert view.render_line(0).text.strip() == first_paragraph.split("\n")[0]
        assert "reflowed" not in status(app)


async def test_profile_in_a_narrow_terminal_keeps_the_counts_and_says_what_is_left_out(
    make_app, analysed
) -> None:
    from textual.widgets import DataTable

    app = make_app()
    async with app.run_test(size=(60, 15)) as pilot:
        await analysed(app)
        labels = await profile_columns(app, pilot)
        table = app.screen.query_one(DataTable)
        assert labels[:3] == ["Device", "Count", "/1,000 words"]
        assert "Technique" not in labels
        assert table.size.width <= 60
        summary = "\n".join(str(widget.render()) for widget in app.screen.query("Static"))
        assert "left out: the terminal is narrow" in summary


async def test_the_palette_finds_an_entity_a_speaker_and_a_device_kind(make_app, analysed) -> None:
    from tui.analysis.model import Device, Entity

    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        await pilot.press("ctrl+p", *"Go to: Zelensky")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        current = screen.state.current
        assert current is not None and isinstance(current.item, Entity)
        assert current.item.text == "Zelensky"
        await pilot.press("ctrl+p", *"Claims by: Zelensky")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        chosen = screen.state.speaker_filter
        assert chosen is not None and chosen.label == "Zelensky"
        selected = screen.claims_side.pane.selected_claim
        assert selected is not None and chosen.admits(selected)
        await pilot.press("ctrl+p", *"Step through: Loaded language")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.state.jump_kind == "loaded-language"
        current = screen.state.current
        assert current is not None and isinstance(current.item, Device)
        assert current.item.id == "loaded-language"


async def test_entity_index_lists_the_sample_speakers_and_steps_through_them(
    make_app, analysed
) -> None:
    from textual.widgets import OptionList

    from tui.ui.screens.entity_index import EntityIndexScreen

    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        await pilot.press("i")
        await pilot.pause()
        index = app.screen
        assert isinstance(index, EntityIndexScreen)
        rows = {row.name: row for row in index.rows}
        assert {"Zelensky", "Merz"} <= set(rows)
        merz = rows["Merz"]
        assert merz.group == "people" and merz.claims >= 2 and len(merz.mentions) >= 2
        shown = [str(option.prompt) for option in index.query_one(OptionList)._options]
        assert any(line.startswith("Merz · ") and " mentions · " in line for line in shown)
        await pilot.press(*"merz")  # typing filters
        assert all(row is None or "merz" in row.name.casefold() for row in index.shown)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert f"Merz: mention 1 of {len(merz.mentions)}" in status(app)
        await pilot.press("n")
        assert f"Merz: mention 2 of {len(merz.mentions)}" in status(app)
        await pilot.press("escape", "i", *"merz", "tab", "c")
        await pilot.pause()
        chosen = screen.state.speaker_filter
        assert chosen is not None and chosen.keys == frozenset({merz.key})
