"""Every key binding of the reader, driven through Pilot on the sample document."""

from __future__ import annotations

from textual.command import CommandPalette

from tui.exports.json_and_text import claim_line
from tui.ui.screens import HelpScreen, MainScreen
from tui.ui.widgets import ClaimsPane, DocumentView

SMALL = (80, 24)
LARGE = (120, 40)


async def test_text_is_visible_and_highlights_stream_in(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DocumentView)
        assert "Anti-imperialist bloc" in view.text
        await analysed(app)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.state.parts, "paragraph analyses arrived"
        assert screen.state.claims, "claims arrived"
        assert len(screen.claims_side.pane.claims) == len(screen.state.claims)
        assert "claims" in str(screen.status.render())


async def test_page_keys_and_arrows_scroll_the_document(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await analysed(app)
        view = app.screen.query_one(DocumentView)
        assert view.has_focus
        await pilot.press("pagedown")
        after_page = view.scroll_y
        assert after_page > 0
        await pilot.press("down")
        assert view.scroll_y == after_page + 1
        await pilot.press("up")
        assert view.scroll_y == after_page
        await pilot.press("pageup")
        assert view.scroll_y == 0
        await pilot.press("end")
        assert view.scroll_y == view.max_scroll_y > 0
        await pilot.press("home")
        assert view.scroll_y == 0


async def test_tab_moves_between_panes(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        assert isinstance(app.focused, DocumentView)
        await pilot.press("tab")
        assert isinstance(app.focused, ClaimsPane)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, DocumentView)


async def test_c_copies_the_selected_claim(make_app, analysed, no_system_clipboard) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        pane = app.screen.query_one(ClaimsPane)
        await pilot.press("tab", "down", "down")
        claim = pane.selected_claim
        assert claim is not None
        await pilot.press("c")
        expected = claim_line(claim, app.screen.state.document.text)
        assert app.clipboard == expected
        assert no_system_clipboard[-1] == expected
        assert expected.startswith(f"{claim.speaker} — ")


async def test_shift_c_copies_all_claims_as_markdown(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        await pilot.press("C")
        screen = app.screen
        assert isinstance(screen, MainScreen)
        lines = [line for line in app.clipboard.splitlines() if line.startswith("- ")]
        assert len(lines) == len(screen.state.claims)
        assert any("Merz" in line for line in lines)


async def test_t_and_shift_t_switch_themes(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        first = app.theme
        await pilot.press("t")
        second = app.theme
        assert second != first and second.startswith("slant-")
        await pilot.press("T")
        assert app.theme == first
        assert first in str(app.screen.query_one("#status").render())


async def test_e_d_l_toggle_layers(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        view = app.screen.query_one(DocumentView)
        await pilot.press("e")
        assert not view.shown_layers.entities
        await pilot.press("d")
        assert not view.shown_layers.devices
        await pilot.press("l")
        assert not view.shown_layers.claims
        status = str(app.screen.query_one("#status").render())
        assert "hidden: entities, devices, claims" in status
        await pilot.press("e", "d", "l")
        assert view.shown_layers.entities and view.shown_layers.devices and view.shown_layers.claims


async def test_n_and_shift_n_jump_between_highlights(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await analysed(app)
        view = app.screen.query_one(DocumentView)
        await pilot.press("n")
        first = view.current
        assert first is not None
        await pilot.press("n")
        second = view.current
        assert second is not None and second.start > first.start
        await pilot.press("N")
        assert view.current == first
        explanation = app.screen.query_one("#explanation")
        assert explanation.display
        await pilot.press("escape")
        assert view.current is None and not explanation.display


async def test_question_mark_opens_help(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_q_quits(make_app) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_command_palette_offers_themes_and_actions(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"slant-light")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "slant-light"


async def test_choosing_a_claim_scrolls_the_document_to_it(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await analysed(app)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        view = screen.query_one(DocumentView)
        assert view.scroll_y == 0
        # At 80 columns the claims pane is hidden until v shows it, under the text.
        await pilot.press("v", "tab", "end")
        await pilot.pause()
        last = screen.state.claims[-1]
        assert view.selected_claim == last
        assert view.scroll_y > 0
        visible = view.visible_span()
        assert visible.start <= last.sentence.start <= visible.end


async def test_clicking_a_claim_selects_it(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        pane = app.screen.query_one(ClaimsPane)
        await pilot.click(ClaimsPane, offset=(3, 0))
        await pilot.pause()
        assert pane.selected_claim == app.screen.state.claims[0]
        assert app.screen.query_one(DocumentView).selected_claim == pane.selected_claim


async def test_clicking_a_highlight_shows_its_explanation(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        view = screen.query_one(DocumentView)
        entity = next(e for part in screen.state.parts.values() for e in part.entities
                      if e.text == "Washington")
        layout = view._layout
        assert layout is not None
        line = layout.line_of(entity.span.start)
        column = entity.span.start - layout.starts[line]
        # The view has one cell of padding on the left.
        await pilot.click(DocumentView, offset=(column + 1 + 1, line - int(view.scroll_y)))
        await pilot.pause()
        explanation = screen.query_one("#explanation")
        assert explanation.display
        assert "Washington" in str(explanation.render())
        assert view.current == entity.span


async def test_c_without_a_selection_copies_the_first_claim_on_screen(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await analysed(app)
        await pilot.press("pagedown", "pagedown")
        view = app.screen.query_one(DocumentView)
        top = view.visible_span().start
        await pilot.press("c")
        pane = app.screen.query_one(ClaimsPane)
        chosen = pane.selected_claim
        assert chosen is not None
        assert chosen.sentence.end > top
        assert app.clipboard == claim_line(chosen, app.screen.state.document.text)


async def test_resizing_rewraps_and_keeps_the_place(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        view = app.screen.query_one(DocumentView)
        await pilot.press("pagedown")
        top = view.top_offset
        wide_lines = view.virtual_size.height
        await pilot.resize_terminal(70, 40)
        await pilot.pause()
        assert view.virtual_size.height > wide_lines
        assert abs(view.top_offset - top) < 120
        for y in range(view.size.height):
            assert view.render_line(y).cell_length <= view.size.width


async def test_focus_change_repaints_the_document_background(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        view = app.screen.query_one(DocumentView)
        await pilot.press("tab")
        await pilot.pause()
        background = view.rich_style.bgcolor
        segments = list(view.render_line(view.size.height - 1))
        # Its plain text at the start and the padding at the end share the widget's background.
        for segment in (segments[0], segments[-1]):
            assert segment.style is not None and segment.style.bgcolor == background
