"""A document full of escapes, markup and bidi controls is shown literally and obeyed never."""

from __future__ import annotations

import unicodedata

from tui.documents.loading import Document
from tui.ui.widgets import ClaimsPane, DocumentView

HOSTILE = (
    "Clear screen \x1b[2J\x1b[H and colours \x1b[31mred\x1b[0m here.\n"
    "Clipboard \x1b]52;c;ZXZpbA==\x07 and title \x1b]0;pwned\x07 and link "
    "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\ done.\n"
    "Markup [bold red]not bold[/] and [link=http://x]x[/link] and [@click=app.quit]q[/].\n"
    "Bidi \u202eevil\u202c and zero\u200bwidth, C1 \x9b31m and bell \x07 and NUL \x00.\n"
    "\n"
    "Officials said that [bold]the markup[/bold] \x1b[5mblinks\x1b[0m.\n"
)


def rendered_lines(view: DocumentView) -> list[str]:
    return [view.render_line(y).text for y in range(view.size.height)]


def assert_inert(line: str) -> None:
    for char in line:
        category = unicodedata.category(char)
        assert category not in ("Cc", "Cf"), f"control {char!r} reached the screen"


async def test_escapes_and_markup_are_shown_literally(make_app, analysed) -> None:
    document = Document(text=HOSTILE, name="[bold]evil\x1b[2J.txt", path=None, encoding="utf-8")
    app = make_app(document)
    async with app.run_test(size=(120, 30)) as pilot:
        await analysed(app)
        await pilot.pause()
        view = app.screen.query_one(DocumentView)
        lines = rendered_lines(view)
        screen_text = "\n".join(lines)
        for line in lines:
            assert_inert(line)
        assert "[bold red]not bold[/]" in screen_text
        assert "[@click=app.quit]q[/]" in screen_text
        assert "␛[2J" in screen_text
        assert "pwned" in screen_text  # shown as text, not sent as a title
        assert app.is_running  # the [@click=app.quit] markup did nothing
        title = str(app.screen.query_one("#title").render())
        assert "[bold]evil" in title and "\x1b" not in title
        pane = app.screen.query_one(ClaimsPane)
        assert pane.claims, "the reported claim is listed"
        for y in range(pane.size.height):
            assert_inert(pane.render_line(y).text)
