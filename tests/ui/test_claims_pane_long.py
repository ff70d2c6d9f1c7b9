"""A long claims list is laid out as the reader reaches it: every claim is still reachable
with End, Page Down, wrapping Up and a jump to one claim, and streamed batches all arrive."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tui.analysis import analyze
from tui.analysis.model import Claim
from tui.ui.widgets import ClaimsPane
from tui.ui.widgets.claims_pane import ROWS_AHEAD

_MINISTERS = ("the finance minister", "the mayor", "the union leader", "the governor")


def _long_text(sentences: int) -> str:
    """A report with one attributed claim per sentence, short paragraphs of four."""
    lines = [
        f"In week {n}, {_MINISTERS[n % 4]} said that the budget for school {n} would grow."
        for n in range(sentences)
    ]
    return "\n\n".join(" ".join(lines[i : i + 4]) for i in range(0, len(lines), 4))


class _PaneApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ClaimsPane(id="claims")


def _claims(text: str) -> list[Claim]:
    return list(analyze(text).claims)


async def test_a_long_list_reaches_its_last_claim_with_end_and_wrapping_up() -> None:
    text = _long_text(4 * ROWS_AHEAD)
    claims = _claims(text)
    assert len(claims) >= 3 * ROWS_AHEAD
    app = _PaneApp()
    async with app.run_test(size=(80, 20)) as pilot:
        pane = app.query_one(ClaimsPane)
        # Streamed in batches, as the analysis sends them.
        for start in range(0, len(claims), 50):
            pane.append_claims(claims[start : start + 50], text)
        await pilot.pause()
        assert pane.claims == claims
        # Not every row is an option yet: only what the reader can reach soon.
        assert pane.option_count < len(claims)
        pane.focus()
        await pilot.press("end")
        assert pane.selected_claim == claims[-1]
        await pilot.press("home", "up")
        assert pane.selected_claim == claims[-1]


async def test_page_down_and_a_jump_land_on_listed_claims() -> None:
    text = _long_text(4 * ROWS_AHEAD)
    claims = _claims(text)
    app = _PaneApp()
    async with app.run_test(size=(80, 20)) as pilot:
        pane = app.query_one(ClaimsPane)
        pane.show_claims(claims, text)
        pane.focus()
        await pilot.pause()
        for _ in range(12):
            await pilot.press("pagedown")
        assert pane.highlighted is not None and pane.highlighted > 12
        assert pane.selected_claim == claims[pane.highlighted]
        far = claims[len(claims) * 3 // 4]
        assert pane.move_to(far)
        await pilot.pause()
        assert pane.selected_claim == far
