"""Untrusted text made inert for the terminal, offsets intact."""

from __future__ import annotations

import sys
import time
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from tui.analysis import textsafety
from tui.ui.display import (
    BIDI_MARK,
    HIDDEN_MARK,
    NEWLINE_MARK,
    display_text,
    has_hidden_controls,
    inert,
    safe_inline,
)

HOSTILE = (
    "Plain words. "
    "\x1b[2J\x1b[31mred\x1b[0m "  # CSI: clear screen, colours
    "\x1b]52;c;ZXZpbA==\x07 "  # OSC 52: write the clipboard
    "\x9b31m "  # C1 CSI
    "\u202eevil\u202c "  # right-to-left override
    "zero\u200bwidth "
    "bell\x07 back\x08 nul\x00 del\x7f tab\tend\r\n"
    "tags\U000e0041\U000e0042 \ud800 lone surrogate\n"
)


def unsafe_characters(text: str) -> list[str]:
    """Characters a terminal acts on or does not show: Cc but "\\n", Cf, Cs."""
    return [
        char for char in text if char != "\n" and unicodedata.category(char) in {"Cc", "Cf", "Cs"}
    ]


def test_hostile_text_keeps_its_length_and_loses_its_controls() -> None:
    shown = display_text(HOSTILE)
    assert len(shown) == len(HOSTILE)
    assert unsafe_characters(shown) == []
    assert "\x1b" not in shown and "\x9b" not in shown and "\u202e" not in shown


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred", "␛[31mred"),
        ("\x1b]52;c;ZXZpbA==\x07", "␛]52;c;ZXZpbA==␇"),
        ("\x9b31m", "\ufffd31m"),
        ("a\u202eb\u2066c\u200fd\u061c", f"a{BIDI_MARK}b{BIDI_MARK}c{BIDI_MARK}d{BIDI_MARK}"),
        ("zero\u200bwidth\ufeff\u2060\u200d", f"zero{HIDDEN_MARK}width" + HIDDEN_MARK * 3),
        ("\x00\x07\x08\r\x7f", "␀␇␈␍␡"),
        ("a\tb", "a b"),
        ("line\nline", "line\nline"),
        ("soft\xadhyphen", "soft-hyphen"),
        ("para\u2029graph\u2028", "para␤graph␤"),
        ("\ud800x\udfff", "\ufffdx\ufffd"),
        ("\ufffe\U0010ffff", "\ufffd\ufffd"),
        ("tag\U000e0001\U000e0068", f"tag{HIDDEN_MARK}{HIDDEN_MARK}"),
    ],
)
def test_placeholders(raw: str, shown: str) -> None:
    assert display_text(raw) == shown


def test_ordinary_text_is_returned_unchanged() -> None:
    text = "Ünïcödé “quotes” — dashes, emoji 🦊👍, CJK 中文, Arabic العربية, e\u0301.\n"
    assert display_text(text) == text


def test_every_format_and_control_character_is_covered() -> None:
    """Guards the hand-written Cf ranges against the Unicode version Python ships."""
    missed = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if code != 0x0A
        and unicodedata.category(chr(code)) in {"Cc", "Cf", "Cs", "Zl", "Zp"}
        and display_text(chr(code)) == chr(code)
    ]
    assert missed == []


def test_placeholders_are_single_width() -> None:
    marks = set(textsafety._VISIBLE_TABLE.values()) - {"\ufe0e"}  # invisible, see below
    assert all(len(mark) == 1 for mark in marks)
    assert all(unicodedata.east_asian_width(mark) in {"N", "Na"} for mark in marks - {"\ufffd"})


def test_emoji_presentation_asks_for_text_presentation_so_widths_agree() -> None:
    from rich.cells import cell_len

    shown = display_text("peace \U0001f54a\ufe0f and love \u2764\ufe0f!")
    assert "\ufe0f" not in shown and shown.count("\ufe0e") == 2
    # Rich now measures each sequence as its base character alone, as terminals draw it.
    assert cell_len(shown) == cell_len("peace \U0001f54a and love \u2764!")
    thumbs = display_text("\U0001f44d\U0001f3fd")
    assert thumbs == "\U0001f44d\ufe0e" and cell_len(thumbs) == 2


@given(st.text())
def test_length_is_always_kept(text: str) -> None:
    shown = display_text(text)
    assert len(shown) == len(text)
    assert unsafe_characters(shown) == []
    assert shown.count("\n") == text.count("\n")


def test_three_megabytes_is_fast() -> None:
    text = ("A paragraph of ordinary prose, with “quotes” — and a tab\there.\n" * 48_000)[
        :3_000_000
    ]
    text += "\x1b[31m\u202e\u200b"
    start = time.perf_counter()
    shown = display_text(text)
    elapsed = time.perf_counter() - start
    assert len(shown) == len(text)
    assert elapsed < 1.0, f"display_text took {elapsed:.2f}s on 3 MB"


def test_has_hidden_controls() -> None:
    assert has_hidden_controls("trojan \u202e source")
    assert has_hidden_controls("zero\u200bwidth")
    assert has_hidden_controls("ascii smuggling \U000e0041")
    assert not has_hidden_controls("plain text, emoji 👍🏽 and \x1b[31m colour")
    assert not has_hidden_controls("")


def test_safe_inline_is_one_line() -> None:
    assert safe_inline("a\nb\x1b") == "a b␛"
    assert safe_inline("evil\nname.txt", newline=NEWLINE_MARK) == "evil⏎name.txt"


def test_safe_inline_truncates_with_an_ellipsis() -> None:
    assert safe_inline("abcdefghij", 5) == "abcd…"
    assert safe_inline("abcde", 5) == "abcde"
    assert safe_inline("abc", 1) == "…"
    assert safe_inline("abc", 0) == ""


def test_inert_parses_no_markup_and_no_emoji_codes() -> None:
    text = inert("[bold red]loud[/] :smile: \x1b[31m[link=https://evil]x[/link]")
    assert isinstance(text, Text)
    assert text.plain == "[bold red]loud[/] :smile: ␛[31m[link=https://evil]x[/link]"
    assert text.spans == []
    console = Console(width=200, color_system="truecolor", force_terminal=True)
    with console.capture() as capture:
        console.print(text)
    output = capture.get()
    assert ":smile:" in output and "[bold red]" in output
    assert "\x1b[31m[" not in output  # the document's own escape never reaches the terminal


def test_document_warning_names_what_is_shown_visibly() -> None:
    from tui.ui.display import document_warning

    assert document_warning("plain text\twith a tab\n") == ""
    assert "bidi" in document_warning("trojan \u202e source")
    assert "control" in document_warning("colour \x1b[31m here")
    assert "control" in document_warning("overprint\rhidden")
    assert document_warning("text", replaced=2) == "2 undecodable bytes shown as \ufffd"
    both = document_warning("\u202e \x1b", replaced=1)
    assert "bidi" in both and "controls" in both and "1 undecodable byte" in both
