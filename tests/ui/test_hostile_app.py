"""The reader on hostile documents and in a hostile environment, driven through Pilot.

Each test opens a real file (or a real broken setting) through the same code the ``slant``
command uses and checks what reaches the screen, the clipboard and the disk.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from pathlib import Path

import pyperclip
import pytest
from hostile import BIDI, MARKUP, hostile_document, terminal_unsafe
from textual.app import App
from ui_helpers import wait_until

from tui.documents.loading import NO_LIMIT, Document, load_document
from tui.ui.app import SlantApp
from tui.ui.screens import MainScreen
from tui.ui.widgets import ClaimsPane, DocumentView


def write(folder: Path, data: bytes, name: str = "evil.txt") -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def status_text(app: SlantApp) -> str:
    return str(app.screen.query_one("#status").render())


def messages(app: App[object]) -> list[str]:
    return [notification.message for notification in app._notifications]


def screen_lines(app: SlantApp) -> list[str]:
    """Every line of the document and claims panes as rendered strips."""
    view = app.screen.query_one(DocumentView)
    pane = app.screen.query_one(ClaimsPane)
    lines = [view.render_line(y).text for y in range(view.size.height)]
    return lines + [pane.render_line(y).text for y in range(pane.size.height)]


# -- 1-3. escapes, markup, bidi ---------------------------------------------------------------


async def test_hostile_document_reaches_the_screen_only_as_text(tmp_path: Path, analysed) -> None:
    path = write(tmp_path, hostile_document().encode("utf-8"))
    app = SlantApp(load_document(str(path)), theme="slant-dark")
    async with app.run_test(size=(140, 50)) as pilot:
        await analysed(app)
        await pilot.pause()
        lines = screen_lines(app)
        assert all(terminal_unsafe(line) == [] for line in lines)
        shown = "\n".join(lines)
        for visible in ("␛[2J␛[H", "␛]52;c;cHduZWQ=␇", "␛]0;PWNED-TITLE␇", "␛P1$r0m␛\\",
                        "abc␈␈␈XYZ", "hidden text", "\ufffd2J", "␀", "␡", "⇄", "¦"):
            assert visible in shown, visible
        # A carriage return ends a line: the text it would have overprinted is on the next.
        hidden = next(index for index, line in enumerate(lines) if "hidden text" in line)
        assert "VISIBLE" not in lines[hidden] and "VISIBLE" in lines[hidden + 1]
        for markup in MARKUP.split(" "):
            assert markup in shown, markup
        assert app.is_running  # [@click=app.quit] did nothing
        svg = app.export_screenshot()
        assert terminal_unsafe(svg.replace("\t", "")) == []
        assert "PWNED-TITLE" in svg and app.title == "Slant"  # shown, never set as a title
        status = status_text(app)
        assert "bidi" in status and "controls" in status


async def test_displayed_order_is_stored_order(tmp_path: Path) -> None:
    text = f"Bidi: {BIDI}.\n"
    path = write(tmp_path, text.encode("utf-8"))
    app = SlantApp(load_document(str(path)), model="no_such_model_xyz")
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        line = app.screen.query_one(DocumentView).render_line(0).text.strip()
        # One cell per stored character, in stored order, with the controls made visible.
        assert line == "Bidi: access⇄ ⇄// check⇄ ⇄if admin⇄ and zero¦width¦¦."
        assert "bidi" in status_text(app)


async def test_markup_in_the_file_name_is_literal(tmp_path: Path) -> None:
    name = "[@click=app.quit]x [bold red]red \x1b]0;T\x07.txt"  # no "/" in a file name
    path = write(tmp_path, b"Officials said that the file name is odd.\n", name=name)
    app = SlantApp(load_document(str(path)), model="no_such_model_xyz")
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        title = str(app.screen.query_one("#title").render())
        assert "[@click=app.quit]x [bold red]red ␛]0;T␇.txt" in title
        await pilot.click("#title")
        await pilot.pause()
        assert app.is_running


async def test_markup_in_theme_files_and_names_is_literal(isolated_config: Path, sample) -> None:
    themes = isolated_config / "themes"
    themes.mkdir()
    (themes / "[@click=app.quit]x.toml").write_text(
        'name = "[b]evil[/b] [@click=app.quit]q"\nprimary = "#123456"\n', encoding="utf-8"
    )
    (themes / "[link=https:evil]y[bold].toml").write_text("this is = not toml [", "utf-8")
    app = SlantApp(sample, model="no_such_model_xyz")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        problems = [m for m in messages(app) if "[@click=app.quit]x.toml" in m]
        assert problems and "[b]evil[/b]" in problems[0]
        assert any("[link=https:evil]y[bold].toml" in m for m in messages(app))
        assert not any("evil" in theme for theme in app.available_themes)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press("escape")
        assert app.is_running


# -- 4. encodings in the status bar ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "label"),
    [
        ("naïve “café”\n".encode("utf-16-le"), "UTF-16 LE"),
        (b"\xfe\xff" + "naïve “café”\n".encode("utf-16-be"), "UTF-16 BE"),
        ("They call it “peace” — 5 €.\n".encode("cp1252"), "Windows-1252"),
        ("Größe: naïve café.\n".encode("latin-1"), "ISO-8859-1"),
        ("naïve café, “quoted”".encode() + b" and \xff\xfe bad bytes\n", "UTF-8"),
    ],
    ids=["utf-16-le-no-bom", "utf-16-be", "cp1252", "latin-1", "utf-8-replaced"],
)
async def test_the_status_bar_names_the_encoding(tmp_path: Path, data: bytes, label: str) -> None:
    document = load_document(str(write(tmp_path, data)))
    app = SlantApp(document, model="no_such_model_xyz")
    async with app.run_test(size=(160, 20)) as pilot:
        await pilot.pause()
        status = status_text(app)
        assert label in status
        if document.replaced:
            assert "2 undecodable bytes" in status
            assert "\ufffd" in app.screen.query_one(DocumentView).render_line(0).text


# -- 5. a watched file that turns into something else -------------------------------------------


async def test_watched_file_deleted_truncated_or_made_binary(tmp_path: Path, analysed) -> None:
    path = write(tmp_path, b"Officials said that the talks would resume.\n")
    app = SlantApp(load_document(str(path)), theme="slant-dark")
    async with app.run_test(size=(100, 24)) as pilot:
        await analysed(app)
        view = app.screen.query_one(DocumentView)
        path.write_bytes(b"")  # truncated
        await wait_until(lambda: any("is empty" in m for m in messages(app)))
        assert "cannot be read" in status_text(app)
        assert "talks would resume" in view.text
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))  # replaced by an image
        await wait_until(lambda: any("PNG image" in m for m in messages(app)))
        path.unlink()  # deleted
        await wait_until(lambda: "gone" in status_text(app))
        path.write_bytes(b"The minister said that it is back.\n")  # and back again
        await wait_until(lambda: "it is back" in view.text)
        await pilot.press("n", "c", "t")
        assert app.is_running and "talks would resume" not in view.text


# -- 6. size -----------------------------------------------------------------------------------


def _scroll_checks(view: DocumentView) -> None:
    assert view.virtual_size.height > view.size.height
    assert view.render_line(0).text.strip()


@pytest.mark.parametrize("shape", ["one-5MB-line", "50MB-of-paragraphs"])
async def test_huge_documents_open_and_scroll(tmp_path: Path, shape: str) -> None:
    words = "the council said that reckless critics are wrong about Berlin peace talks "
    if shape == "one-5MB-line":
        data = (words * (5_000_000 // len(words) + 1))[:5_000_000].encode()
    else:
        paragraph = (words * 8).strip() + ".\n\n"
        data = (paragraph * (50_000_000 // len(paragraph) + 1)).encode()
    document = load_document(str(write(tmp_path, data)), max_bytes=NO_LIMIT)
    # No model: these tests are about showing and scrolling (the analysis has its own).
    app = SlantApp(document, model="no_such_model_xyz")
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.screen.query_one(DocumentView)
        await wait_until(lambda: view.virtual_size.height > 0, timeout=120)
        _scroll_checks(view)
        await pilot.press("end")
        await pilot.pause()
        assert view.scroll_y > 0
        assert view.render_line(0).text.strip()
        await pilot.press("pageup", "pageup", "up", "home")
        await pilot.pause()
        assert view.scroll_y == 0
        assert app.is_running


# -- 7. environment ----------------------------------------------------------------------------


async def test_no_model_keeps_the_reader_usable(sample) -> None:
    app = SlantApp(sample, model="no_such_model_xyz")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(lambda: "unavailable" in status_text(app))
        # The notification is a message of its own: wait for it rather than race it.
        await wait_until(lambda: any("pip install" in m for m in messages(app)))
        await pilot.press("n", "c", "e", "t", "pagedown", "question_mark", "escape")
        assert app.is_running
        assert any("no claims" in m for m in messages(app))


async def test_a_model_that_fails_to_load(tmp_path: Path, sample) -> None:
    broken = tmp_path / "broken_model"
    broken.mkdir()
    (broken / "config.cfg").write_text("[nlp\nnot a config", encoding="utf-8")
    (broken / "meta.json").write_text("{not json", encoding="utf-8")
    app = SlantApp(sample, model=str(broken))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(lambda: "unavailable" in status_text(app))
        await wait_until(lambda: any("Could not load" in m for m in messages(app)))
        await pilot.press("pagedown", "t")
        assert app.is_running


async def test_no_clipboard_and_no_osc52(monkeypatch: pytest.MonkeyPatch, sample, analysed) -> None:
    def no_backend(text: str) -> None:
        raise pyperclip.PyperclipException("could not find a copy/paste mechanism")

    def no_terminal(self: App[object], text: str) -> None:
        raise OSError("the terminal is gone")

    monkeypatch.setattr(pyperclip, "copy", no_backend)
    monkeypatch.setattr(App, "copy_to_clipboard", no_terminal)
    app = SlantApp(sample)
    async with app.run_test(size=(100, 30)) as pilot:
        await analysed(app)
        await pilot.press("c", "C")
        await pilot.pause()
        assert sum("Could not copy" in m for m in messages(app)) == 2
        assert app.is_running


async def test_every_copy_is_cleaned_even_textuals_own(sample) -> None:
    app = SlantApp(sample, model="no_such_model_xyz")
    async with app.run_test(size=(80, 24)):
        app.copy_to_clipboard("a\x1b]52;c;eA==\x07b\u202ec\x9bd")  # as a mouse selection would
        assert app.clipboard == "a]52;c;eA==bcd"


async def test_unwritable_config_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                        sample) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SLANT_CONFIG_DIR", str(blocker / "slant"))  # cannot be created
    app = SlantApp(sample, model="no_such_model_xyz")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await wait_until(lambda: any("Could not save" in m for m in messages(app)))
        await pilot.press("t", "pagedown")
        assert app.is_running


async def test_no_color(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, analysed) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    path = write(tmp_path, hostile_document().encode("utf-8"))
    app = SlantApp(load_document(str(path)))
    async with app.run_test(size=(100, 30)) as pilot:
        await analysed(app)
        assert app.theme == "slant-mono"
        await pilot.press("n")
        assert all(terminal_unsafe(line) == [] for line in screen_lines(app))


async def test_a_40_by_12_terminal(tmp_path: Path, analysed) -> None:
    path = write(tmp_path, hostile_document().encode("utf-8"))
    app = SlantApp(load_document(str(path)), theme="slant-dark")
    async with app.run_test(size=(40, 12)) as pilot:
        await analysed(app)
        await pilot.press("n", "n", "tab", "down", "c", "e", "d", "l", "t", "question_mark")
        await pilot.press("escape", "pagedown", "end", "home")
        await pilot.pause()
        assert app.is_running
        assert terminal_unsafe(app.export_screenshot().replace("\t", "")) == []


async def test_ctrl_c_during_analysis_says_how_to_quit(sample, analysed) -> None:
    text = "The minister said that the talks failed.\n\n" * 400
    app = SlantApp(Document(text, "long.txt", None, "utf-8"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert any("to quit" in m for m in messages(app))
        await analysed(app)  # the analysis carried on
        assert isinstance(app.screen, MainScreen) and app.screen.state.claims


# -- 9. the document is never written ------------------------------------------------------------


async def test_a_session_of_keys_never_writes_the_file(tmp_path: Path, analysed) -> None:
    path = write(tmp_path, hostile_document().encode("utf-8"))
    path.chmod(0o444)
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns)
    app = SlantApp(load_document(str(path)), theme="slant-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await analysed(app)
        keys = ["n", "n", "N", "c", "C", "e", "d", "l", "e", "d", "l", "t", "T", "tab", "down",
                "down", "enter", "c", "tab", "pagedown", "end", "home", "escape", "ctrl+c"]
        for _ in range(3):
            await pilot.press(*keys)
        # Pickers, the profile and the export dialog open and are cancelled.
        for key in ("f", "k", "D", "p", "x", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            await pilot.press("escape")
        await pilot.press("g", "g", "s")
        os.utime(path)  # touched: the watcher reloads the (unchanged) file
        await asyncio.sleep(1.5)
        await pilot.press("n", "c")
        assert app.is_running
    after = (hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns)
    assert after[0] == before[0]
    assert oct(path.stat().st_mode & 0o777) == oct(0o444)
