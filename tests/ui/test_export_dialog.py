"""The export dialog (x, and the command palette), the metadata header, and the config."""

from __future__ import annotations

import json
from pathlib import Path

from rich.text import Text
from textual.widgets import Input, RadioSet, Static
from ui_helpers import wait_until

from tui.documents.formats import open_document
from tui.ui.app import SlantApp
from tui.ui.screens import MainScreen
from tui.ui.screens.export import ExportScreen
from tui.ui.widgets import DocumentView

ARTICLE = """<!DOCTYPE html><html><head><title>Harbour deal agreed</title>
<meta name="author" content="Lee Park"><meta name="date" content="2024-06-01"></head>
<body><nav>Home · World · Sport · Subscribe</nav><article><h1>Harbour deal agreed</h1>
<p>The port authority said on Monday that the new harbour deal would create hundreds of
jobs along the coast within two years.</p>
<p>Critics claimed the <b>reckless</b> deal was signed in secret and urged the council to
publish every page of it.</p></article><footer>© Example News</footer></body></html>
"""


def page(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.html"
    path.write_text(ARTICLE, "utf-8")
    return path


async def test_header_shows_the_document_metadata(tmp_path: Path, analysed) -> None:
    app = SlantApp(open_document(str(page(tmp_path))), theme="slant-dark")
    async with app.run_test(size=(140, 30)):
        await analysed(app)
        title = app.screen.query_one("#title").render()
        shown = title.plain if isinstance(title, Text) else str(title)
        for part in ("harbour.html", "Harbour deal agreed", "Lee Park", "2024-06-01", "HTML"):
            assert part in shown
        assert "Subscribe" not in app.screen.query_one(DocumentView).text


async def test_x_exports_every_format(tmp_path: Path, analysed, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = SlantApp(open_document(str(page(tmp_path))), theme="slant-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        for index, (fmt, extension) in enumerate(
            [("json", ".json"), ("jsonl", ".jsonl"), ("csv", ".csv"), ("markdown", ".md"),
             ("html", ".html"), ("text", ".txt")]
        ):
            await pilot.press("x")
            await wait_until(lambda: isinstance(app.screen, ExportScreen))
            dialog = app.screen
            assert isinstance(dialog, ExportScreen)
            radios = dialog.query_one(RadioSet)
            for _ in range(index):
                await pilot.press("down")
            await pilot.press("enter")
            await pilot.pause()
            assert dialog.fmt == fmt
            field = dialog.query_one(Input)
            assert field.value.endswith("harbour-slant" + extension)
            field.focus()
            await pilot.press("enter")
            target = tmp_path / f"harbour-slant{extension}"
            await wait_until(lambda: isinstance(app.screen, MainScreen))
            assert target.exists(), fmt
            del radios
        data = json.loads((tmp_path / "harbour-slant.json").read_text("utf-8"))
        assert data["document"]["title"] == "Harbour deal agreed"
        assert data["document"]["author"] == "Lee Park"
        assert data["claims"]
        html = (tmp_path / "harbour-slant.html").read_text("utf-8")
        assert "slant-dark" in html and 'class="d d-' in html
        assert (tmp_path / "harbour-slant.md").read_text("utf-8").startswith(
            "# Harbour deal agreed")


async def test_export_from_the_command_palette_and_escape(tmp_path: Path, analysed) -> None:
    app = SlantApp(open_document(str(page(tmp_path))), theme="slant-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Export")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("escape")
        await wait_until(lambda: isinstance(app.screen, MainScreen))


async def test_export_refuses_to_overwrite_the_document(tmp_path: Path, analysed) -> None:
    path = page(tmp_path)
    app = SlantApp(open_document(str(path)), theme="slant-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await pilot.press("x")
        await wait_until(lambda: isinstance(app.screen, ExportScreen))
        field = app.screen.query_one(Input)
        field.value = str(path)
        field.focus()
        await pilot.press("enter")
        status = app.screen.query_one("#export-status", Static)
        await wait_until(lambda: "Not written" in str(status.render()))
        assert path.read_text("utf-8") == ARTICLE


async def test_config_sets_layers_and_disables_devices(
    tmp_path: Path, analysed, isolated_config: Path
) -> None:
    (isolated_config / "config.toml").write_text(
        'layers = ["devices", "claims"]\ndisabled_devices = ["loaded-language"]\n'
        'export_format = "markdown"\n', "utf-8")
    app = SlantApp(open_document(str(page(tmp_path))), theme="slant-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert not screen.view.shown_layers.entities
        assert screen.view.shown_layers.devices
        devices = [device for part in screen.state.parts.values() for device in part.devices]
        assert all(device.id != "loaded-language" for device in devices)
        await pilot.press("x")
        await wait_until(lambda: isinstance(app.screen, ExportScreen))
        assert app.screen.fmt == "markdown"


async def test_invalid_config_is_reported_in_the_app(
    tmp_path: Path, analysed, isolated_config: Path
) -> None:
    (isolated_config / "config.toml").write_text('theme = "slant-light"\nlayers = [\n', "utf-8")
    app = SlantApp(open_document(str(page(tmp_path))))
    async with app.run_test(size=(120, 40)):
        await analysed(app)
        messages = [notification.message for notification in app._notifications]
        assert any("config.toml" in message and "line" in message for message in messages)


async def test_export_asks_before_creating_a_missing_folder(tmp_path: Path, analysed) -> None:
    app = SlantApp(open_document(str(page(tmp_path))), theme="slant-dark")
    target = tmp_path / "reprots" / "harbour.json"  # a typo in a folder's name
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await pilot.press("x")
        await wait_until(lambda: isinstance(app.screen, ExportScreen))
        field = app.screen.query_one(Input)
        field.value = str(target)
        field.focus()
        await pilot.press("enter")
        status = app.screen.query_one("#export-status", Static)
        assert "does not exist" in str(status.render())
        assert not target.parent.exists()
        await pilot.press("enter")  # asked, and confirmed
        await wait_until(lambda: target.exists())
        assert json.loads(target.read_text("utf-8"))["schema"] == "slant.analysis"
