"""Claims in the reader: grouping by speaker, filtering to one speaker, a name's claims,
copying what is listed, and marking the chosen claim — driven through Pilot on the sample."""

from __future__ import annotations

from textual.command import CommandPalette
from ui_helpers import main_screen, style_at

from tui.analysis.model import AUTHOR, Claim, Entity, Span
from tui.ui.navigation import claim_marks, claims_at, speaker_mentions
from tui.ui.palette import _highlight
from tui.ui.screens.pickers import ChoiceScreen
from tui.ui.speakers import SpeakerFilter, entity_filter, speakers, speakers_markdown
from tui.ui.widgets import ClaimsPane, DocumentView
from tui.ui.widgets.claims_pane import claim_prompt

LARGE = (120, 40)


async def click_offset(pilot, view: DocumentView, offset: int) -> None:  # type: ignore[no-untyped-def]
    layout = view._layout
    assert layout is not None
    view.scroll_to_offset(offset)
    await pilot.pause()
    line = layout.line_of(offset)
    column = offset - layout.starts[line]
    # The view has one cell of padding on the left.
    await pilot.click(DocumentView, offset=(column + 1, line - int(view.scroll_y)))
    await pilot.pause()


def busiest_named_speaker(claims: list[Claim]) -> str:
    named = [s for s in speakers(claims) if s.name != AUTHOR]
    return max(named, key=lambda s: s.count).key


async def test_g_groups_claims_by_speaker(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        pane = screen.query_one(ClaimsPane)
        await pilot.press("g")
        assert pane.grouped
        groups = speakers(screen.state.claims)
        # A heading per speaker, then their claims together.
        assert pane.option_count == len(screen.state.claims) + len(groups)
        assert sorted(pane.claims, key=screen.state.claims.index) == screen.state.claims
        order = [claim.key for claim in pane.claims]
        assert order == sorted(order, key=[g.key for g in groups].index)
        assert "grouped" in str(screen.query_one("#claims-heading").render())
        # The cursor skips headings: every stop is a claim.
        await pilot.press("tab")
        for _ in range(len(groups) + 3):
            await pilot.press("down")
            assert pane.selected_claim is not None
        await pilot.press("g")
        assert not pane.grouped and pane.claims == screen.state.claims


async def test_f_filters_to_one_speaker_and_shift_c_copies_theirs(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        pane = screen.query_one(ClaimsPane)
        key = busiest_named_speaker(screen.state.claims)
        theirs = [claim for claim in screen.state.claims if claim.key == key]
        await pilot.press("f")
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, ChoiceScreen)
        await pilot.press(*["down"] * chooser.values.index(key), "enter")
        await pilot.pause()
        assert pane.claims == theirs
        name = theirs[0].speaker
        assert f"by {name} ({len(theirs)} of {len(screen.state.claims)})" in str(
            screen.query_one("#claims-heading").render()
        )
        await pilot.press("C")
        listed = [line for line in app.clipboard.splitlines() if line.startswith("- ")]
        assert len(listed) == len(theirs)
        assert all(line.startswith(f"- **{name}**") for line in listed)
        assert f"Claims by {name}" in app.clipboard
        assert any(f"by {name} as Markdown" in n.message for n in app._notifications)
        await pilot.press("escape")  # nothing highlighted: the filter goes
        assert pane.speaker_filter is None and pane.claims == screen.state.claims


async def test_grouped_copy_has_a_section_per_speaker(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        await pilot.press("g", "C")
        sections = [line for line in app.clipboard.splitlines() if line.startswith("## ")]
        assert len(sections) == len(speakers(screen.state.claims))
        items = [line for line in app.clipboard.splitlines() if line.startswith("- ")]
        assert len(items) == len(screen.state.claims)


async def test_clicking_a_name_lists_its_claims(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        text = screen.state.document.text
        entity, found = next(
            (e, f)
            for part in sorted(screen.state.parts.values(), key=lambda p: p.paragraph.index)
            for e in part.entities
            if e.label == "PERSON"
            and (f := entity_filter(screen.state.claims, e, text)) is not None
        )
        view = screen.query_one(DocumentView)
        await click_offset(pilot, view, entity.span.start)
        pane = screen.query_one(ClaimsPane)
        assert pane.speaker_filter == found
        assert pane.claims and all(found.admits(claim) for claim in pane.claims)
        explanation = str(screen.query_one("#explanation").render())
        assert f"{len(pane.claims)} claim" in explanation


async def test_s_lists_the_claims_of_the_name_reached_with_n(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        pane = screen.query_one(ClaimsPane)
        await pilot.press("s")  # nothing chosen: says how, changes nothing
        assert pane.speaker_filter is None
        for _ in range(80):
            await pilot.press("n")
            current = screen.state.current
            assert current is not None
            if isinstance(current.item, Entity) and screen.state.entity_claims(current.item):
                break
        else:
            raise AssertionError("no speaking name reached with n")
        await pilot.press("s")
        expected = screen.state.entity_claims(current.item)
        assert pane.claims == expected


async def test_selected_claim_marks_content_cue_and_speaker(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        view = screen.query_one(DocumentView)
        claim = next(c for c in screen.state.claims if c.cue is not None and speaker_mentions(c))
        mention = speaker_mentions(claim)[0]
        piece = claim.pieces[0]
        view.scroll_to_offset(claim.sentence.start)
        await pilot.pause()
        before = [style_at(view, span.start) for span in (piece, mention)]
        screen.query_one(ClaimsPane).move_to(claim)
        await pilot.pause()
        assert view.selected_claim == claim
        after = [style_at(view, span.start) for span in (piece, mention)]
        assert after[0] != before[0] and after[1] != before[1]


async def test_palette_filters_to_a_speaker(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await analysed(app)
        screen = main_screen(app)
        key = busiest_named_speaker(screen.state.claims)
        name = next(c.speaker for c in screen.state.claims if c.key == key)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*f"claims by: {name}")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        pane = screen.query_one(ClaimsPane)
        assert pane.speaker_filter is not None and pane.speaker_filter.keys == {key}


# -- pure parts ---------------------------------------------------------------------------------

TEXT = "“We will not yield,” Friedrich Merz said. “Never.” Moscow’s adviser said no. Merz agreed."


def make_claim(speaker: str, mention: Span | None, cue: Span | None, content: Span,
               **fields: object) -> Claim:
    return Claim(speaker, mention, cue, "say" if cue else "", content, Span(0, len(TEXT)),
                 **fields)  # type: ignore[arg-type]


def spans_of(words: str, start: int = 0) -> Span:
    at = TEXT.index(words, start)
    return Span(at, at + len(words))


def test_discontinuous_claim_marks_every_piece_and_mention() -> None:
    first, second = spans_of("We will not yield"), spans_of("Never")
    merz, he = spans_of("Friedrich Merz"), spans_of("Merz", spans_of("Merz").end)
    claim = make_claim("Friedrich Merz", merz, spans_of("said"), Span(first.start, second.end),
                       content_spans=(first, second), speaker_mentions=(merz, he))
    marks = claim_marks(claim)
    assert [span for span, key in marks if key == "claim-content"] == [first, second]
    assert [span for span, key in marks if key == "claim-source"] == [merz, he]
    assert [key for _, key in marks][-1] == "claim-cue"
    assert claims_at([claim], he.start) == [claim]


def test_names_in_the_text_find_their_speakers_claims() -> None:
    merz = make_claim("Friedrich Merz", spans_of("Friedrich Merz"), spans_of("said"),
                      spans_of("We will not yield"), speaker_key="friedrich merz")
    adviser = make_claim("Moscow’s adviser", spans_of("Moscow’s adviser"),
                         spans_of("said", spans_of("adviser").end), spans_of("no"))
    author = make_claim(AUTHOR, None, None, spans_of("Merz agreed"))
    claims = [merz, adviser, author]
    short = Entity("PERSON", spans_of("Merz", spans_of("no").end), "Merz")
    found = entity_filter(claims, short, TEXT)
    assert found == SpeakerFilter("Friedrich Merz", frozenset({"friedrich merz"}))
    moscow = Entity("GPE", spans_of("Moscow"), "Moscow")
    assert entity_filter(claims, moscow, TEXT) is None  # a possessive, not the adviser
    nobody = Entity("PERSON", Span(0, 2), "Putin")
    assert entity_filter(claims, nobody, TEXT) is None


def test_stance_and_kind_show_compactly_and_speaker_text_stays_literal() -> None:
    claim = make_claim("[bold]Merz[/bold]", None, spans_of("said"), spans_of("Never"),
                       stance="doubting", kind="prediction")
    prompt = claim_prompt(claim, TEXT)
    assert prompt.plain == "[bold]Merz[/bold] · said ‹doubting · prediction› · Never"
    plain = make_claim("Merz", None, spans_of("said"), spans_of("Never"))
    assert "‹" not in claim_prompt(plain, TEXT).plain
    assert _highlight.__doc__  # palette titles are never parsed as markup:
    from textual.fuzzy import Matcher

    content = _highlight(Matcher("merz"), "Claims by: [bold]Merz[/bold]")
    assert content.plain == "Claims by: [bold]Merz[/bold]"


def test_grouped_markdown_escapes_speaker_headings() -> None:
    claims = [
        make_claim("Merz", None, spans_of("said"), spans_of("Never")),
        make_claim("*Author*", None, None, spans_of("Merz agreed")),
    ]
    markdown = speakers_markdown(claims, TEXT, "Claims in a.txt")
    assert markdown.splitlines()[:3] == ["# Claims in a.txt", "", "## Merz"]
    assert "## \\*Author\\*" in markdown
