"""The reader's behaviour around the edges: reloads, themes from disk, no model."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import wait_until

from tui.documents.loading import load_document
from tui.settings import load_last_theme
from tui.ui.app import SlantApp
from tui.ui.screens import MainScreen
from tui.ui.widgets import DocumentView

PARAGRAPH = "Officials said that the talks would resume soon. We call for calm.\n\n"


async def test_changed_file_reloads_and_keeps_the_place(tmp_path: Path, analysed) -> None:
    path = tmp_path / "article.txt"
    path.write_text("".join(f"{i}. {PARAGRAPH}" for i in range(60)), encoding="utf-8")
    app = SlantApp(load_document(str(path)), theme="slant-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await analysed(app)
        view = app.screen.query_one(DocumentView)
        for _ in range(5):
            await pilot.press("pagedown")
        before = view.top_offset
        assert before > 0
        addition = "Appended: the council met on Friday.\n"
        path.write_text(path.read_text("utf-8") + addition, encoding="utf-8")
        await wait_until(lambda: "Appended" in view.text)
        await analysed(app)
        await pilot.pause()
        # The change is below the viewport: the same line stays at the top.
        assert view.top_offset == before
        claims = app.screen.state.claims
        assert any("Friday" in claim.content.text_of(view.text) for claim in claims)


async def test_deleted_file_keeps_the_last_version(tmp_path: Path, analysed) -> None:
    path = tmp_path / "article.txt"
    path.write_text(PARAGRAPH, encoding="utf-8")
    app = SlantApp(load_document(str(path)), theme="slant-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await analysed(app)
        path.unlink()
        status = app.screen.query_one("#status")
        await wait_until(lambda: "gone" in str(status.render()))
        await pilot.pause()
        assert "Officials said" in app.screen.query_one(DocumentView).text


async def test_no_color_uses_the_mono_theme(monkeypatch, sample) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = SlantApp(sample)
    async with app.run_test(size=(80, 24)):
        assert app.theme == "slant-mono"


async def test_last_theme_is_remembered(sample, analysed) -> None:
    app = SlantApp(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        chosen = app.theme
        await wait_until(lambda: load_last_theme() == chosen)  # saved off the UI thread
    again = SlantApp(sample)
    async with again.run_test(size=(80, 24)):
        assert again.theme == chosen


async def test_broken_user_theme_is_reported_and_skipped(isolated_config: Path, sample) -> None:
    themes = isolated_config / "themes"
    themes.mkdir()
    (themes / "broken.toml").write_text('name = "broken"\nprimary = \n', encoding="utf-8")
    app = SlantApp(sample)
    async with app.run_test(size=(80, 24)):
        assert app.theme == "slant-dark"
        assert any("broken.toml" in problem for problem in app.theme_problems)
        assert "broken" not in app.available_themes


async def test_missing_model_keeps_the_text_and_says_so(sample) -> None:
    app = SlantApp(sample, model="no_such_pipeline_xyz")
    async with app.run_test(size=(100, 30)):
        screen = app.screen
        assert isinstance(screen, MainScreen)
        status = screen.query_one("#status")
        await wait_until(lambda: "unavailable" in str(status.render()))
        assert "Anti-imperialist" in screen.query_one(DocumentView).text
        assert "no model" in str(status.render())
