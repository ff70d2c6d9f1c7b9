"""Copying: system clipboard when there is one, OSC 52 always, hostile characters never."""

from __future__ import annotations

import pyperclip
import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from tui.ui.clipboard import copy_text

CLAIM = "Merz — urges: “a careful exchange of views”"


class Host(App[object]):
    """The smallest app: copy_text needs a running App for OSC 52."""

    def compose(self) -> ComposeResult:
        yield Static("host")


def no_backend(text: str) -> None:
    raise pyperclip.PyperclipException("could not find a copy/paste mechanism")


async def test_without_a_system_clipboard_osc52_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pyperclip, "copy", no_backend)
    app = Host()
    async with app.run_test():
        message = copy_text(app, CLAIM, "1 claim")
        assert app.clipboard == CLAIM
    assert message == (
        f"Copied 1 claim ({len(CLAIM)} characters) via the terminal (OSC 52); "
        "no system clipboard found"
    )


async def test_a_failing_backend_is_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> None:
        raise FileNotFoundError(2, "No such file or directory", "xclip")

    monkeypatch.setattr(pyperclip, "copy", broken)
    app = Host()
    async with app.run_test():
        message = copy_text(app, "words")
        assert app.clipboard == "words"
    assert "OSC 52" in message and "\n" not in message


async def test_with_a_system_clipboard(no_system_clipboard: list[str]) -> None:
    app = Host()
    async with app.run_test():
        message = copy_text(app, CLAIM, "the claim")
        assert app.clipboard == CLAIM
    assert no_system_clipboard == [CLAIM]
    assert message == f"Copied the claim ({len(CLAIM)} characters) to the system clipboard"


async def test_hostile_characters_never_reach_a_clipboard(
    no_system_clipboard: list[str],
) -> None:
    hostile = "a\x1b]52;c;ZXZpbA==\x07b\x9bc\u202ed\u2066e\x00f\U000e0041g\ud800h\r\n\tend"
    app = Host()
    async with app.run_test():
        copy_text(app, hostile, "text")
        assert app.clipboard == "a]52;c;ZXZpbA==bcdefg\ufffdh\n\tend"
    assert no_system_clipboard == [app.clipboard]
    app.clipboard.encode("utf-8")  # nothing unencodable left


async def test_zero_width_joiners_survive(no_system_clipboard: list[str]) -> None:
    family = "👩\u200d👩\u200d👧 and می\u200cخواهم"
    app = Host()
    async with app.run_test():
        copy_text(app, family)
    assert no_system_clipboard == [family]


async def test_nothing_to_copy(no_system_clipboard: list[str]) -> None:
    app = Host()
    async with app.run_test():
        message = copy_text(app, "\x1b\x07", "the claim")
    assert message.startswith("Nothing to copy")
    assert no_system_clipboard == []


async def test_when_everything_fails_a_message_is_returned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pyperclip, "copy", no_backend)
    app = Host()

    def refuse(text: str) -> None:
        raise OSError("terminal gone")

    async with app.run_test():
        monkeypatch.setattr(app, "copy_to_clipboard", refuse)
        message = copy_text(app, "x", "1 claim")
    assert message.startswith("Could not copy 1 claim")


def test_one_character_is_singular(no_system_clipboard: list[str]) -> None:
    # Not running: copy_to_clipboard only records the text, which is all this needs.
    app = Host()
    assert copy_text(app, "x", "a letter") == (
        "Copied a letter (1 character) to the system clipboard"
    )
    assert app.clipboard == "x"
