"""Making untrusted text harmless to print: the character tables and the pure functions.

Documents Slant opens are untrusted. Printed as they are, they could drive the terminal
(``ESC`` / ``CSI`` / ``OSC`` sequences, C1 controls), reorder what the reader sees (bidi
controls, "Trojan Source") or hide text (zero-width and tag characters). Everything that
reaches a terminal, a clipboard or a report goes through one of the functions here.

This module is pure (no textual, no rich) so that the exporters in :mod:`tui.analysis` and
the UI's :mod:`tui.ui.display` share one table instead of two that drift apart.

Placeholders (all single code points of terminal width 1, East Asian width *neutral*):

* C0 controls (except ``"\\n"``) → Unicode Control Pictures, ``U+2400 + code``
  (``ESC`` → ``␛``, ``NUL`` → ``␀``, ``BEL`` → ``␇``, ``CR`` → ``␍``).
* ``TAB`` → one space (a tab expanded to several cells would shift nothing in offsets but
  Rich would expand it by inserting characters, which would).
* ``DEL`` → ``␡``.
* C1 controls ``U+0080``–``U+009F`` → ``�`` (they have no control pictures of their own).
* bidi controls (``U+202A``–``U+202E``, ``U+2066``–``U+2069``, ``U+200E``, ``U+200F``,
  ``U+061C``) → :data:`BIDI_MARK` ``⇄``.
* zero-width and other invisible format characters (``U+200B``–``U+200D``, ``U+2060``–
  ``U+2064``, ``U+FEFF``, tag characters ``U+E0000``–``U+E007F`` used for "ASCII
  smuggling", and every other character of category ``Cf``) → :data:`HIDDEN_MARK` ``¦``.
* soft hyphen ``U+00AD`` → ``-`` (terminals disagree on whether it takes a cell).
* line / paragraph separators ``U+2028`` / ``U+2029`` → ``␤`` (only ``"\\n"`` breaks lines
  in Slant, and ``str.splitlines`` would disagree with the display otherwise).
* lone surrogates and noncharacters → ``�``.
* the emoji presentation selector ``U+FE0F`` → the text presentation selector ``U+FE0E``
  (both invisible; Rich and terminals disagree on the width of emoji-presentation
  sequences, and a wrong width misaligns the whole row); for the same reason the skin-tone
  modifiers ``U+1F3FB``–``U+1F3FF`` become ``U+FE0E`` too (the emoji shows in its default
  tone).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "BIDI_CONTROLS",
    "BIDI_MARK",
    "HIDDEN_MARK",
    "NEWLINE_MARK",
    "REPLACEMENT",
    "copy_safe",
    "escape_json_unsafe",
    "has_control_characters",
    "has_hidden_controls",
    "visible_inline",
    "visible_text",
]

BIDI_MARK = "⇄"
"""Shown in place of a bidirectional control character."""

HIDDEN_MARK = "¦"
"""Shown in place of a zero-width or other invisible format character."""

REPLACEMENT = "\ufffd"
"""Shown in place of C1 controls, lone surrogates and noncharacters."""

NEWLINE_MARK = "⏎"
"""What :func:`visible_inline` can show for a line break (the caller chooses)."""

BIDI_CONTROLS = frozenset(
    chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)
)
"""Characters that change the visual order of text: the "Trojan Source" set."""

# Every code point of general category Cf (format) as of Unicode 15.1, plus U+2065 and the
# tail of the Egyptian format block so newer Pythons' additions stay covered. A test checks
# this against ``unicodedata`` so a new Unicode version cannot slip a Cf past us silently.
_FORMAT_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE007F),
)


def _codes(ranges: Iterable[tuple[int, int]]) -> list[int]:
    return [code for start, end in ranges for code in range(start, end + 1)]


def _noncharacters() -> list[int]:
    plane_ends = [plane * 0x10000 + low for plane in range(17) for low in (0xFFFE, 0xFFFF)]
    return [*range(0xFDD0, 0xFDF0), *plane_ends]


def _build_visible_table() -> dict[int, str]:
    table: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
    del table[0x0A]  # "\n" is the one control the reader keeps: it is how lines are made
    table[0x09] = " "
    table[0x7F] = "␡"
    table.update({code: REPLACEMENT for code in range(0x80, 0xA0)})
    for code in _codes(_FORMAT_RANGES):
        table[code] = BIDI_MARK if chr(code) in BIDI_CONTROLS else HIDDEN_MARK
    table[0x00AD] = "-"
    table[0x2028] = table[0x2029] = "␤"
    table.update({code: REPLACEMENT for code in range(0xD800, 0xE000)})
    table.update({code: REPLACEMENT for code in _noncharacters()})
    # Rich counts an emoji-presentation sequence ("🕊" + VS16) as two cells where many
    # terminals (tmux among them) draw one, which shifts the rest of the row; asking for the
    # text presentation instead makes both agree on the base character's own width.
    table[0xFE0F] = "\ufe0e"
    # Skin-tone modifiers: Rich gives them no width after an emoji, older terminals two cells.
    table.update({code: "\ufe0e" for code in range(0x1F3FB, 0x1F400)})
    return table


def _char_class(codes: Iterable[int]) -> str:
    """A regex character class matching exactly ``codes``, written as compact ranges."""
    ordered = sorted(set(codes))
    parts: list[str] = []
    start = previous = ordered[0]
    for code in [*ordered[1:], -1]:
        if code == previous + 1:
            previous = code
            continue
        first, last = re.escape(chr(start)), re.escape(chr(previous))
        parts.append(first if start == previous else f"{first}-{last}")
        start = previous = code
    return "[" + "".join(parts) + "]"


def _scanner(codes: Iterable[int]) -> re.Pattern[str]:
    """A regex finding every code point of ``codes``, and every astral one.

    ``re`` checks a class of BMP characters with a lookup table but a class with astral
    characters range by range, which is ten times slower on a 3 MB text. So the pattern
    matches *any* astral character and callers look matches up in their table; astral
    characters are rare in prose, so the extra matches cost little.
    """
    bmp = [code for code in codes if code < 0x10000]
    return re.compile(_char_class(bmp)[:-1] + "\U00010000-\U0010ffff]")


_VISIBLE_TABLE: dict[int, str] = _build_visible_table()
# Scanning with a regex and substituting only the matches is faster than str.translate,
# which looks every character of a large, mostly clean text up in a dict.
_UNSAFE = _scanner(_VISIBLE_TABLE)
_HIDDEN_CODES = frozenset(
    code for code, mark in _VISIBLE_TABLE.items() if mark in (BIDI_MARK, HIDDEN_MARK)
)
_HIDDEN = _scanner(_HIDDEN_CODES)

# What never belongs in a clipboard: controls (but "\n" and "\t"), bidi controls and tag
# characters. Zero-width joiners and spaces stay: scripts and emoji need them to be correct.
_COPY_REMOVE_CODES = frozenset(
    [
        *(code for code in range(0x20) if code not in (0x09, 0x0A)),
        *range(0x7F, 0xA0),
        *(ord(char) for char in BIDI_CONTROLS),
        *range(0xE0000, 0xE0080),
    ]
)
_COPY_UNSAFE = _scanner([*_COPY_REMOVE_CODES, *range(0xD800, 0xE000)])

# Characters json.dumps(ensure_ascii=False) leaves raw that a terminal or a text viewer would
# act on or hide. They can only occur inside JSON strings, where \uXXXX is always valid.
_JSON_UNSAFE_CODES = frozenset(code for code in _VISIBLE_TABLE if code >= 0x7F)
_JSON_UNSAFE = _scanner(_JSON_UNSAFE_CODES)


def _visible_match(match: re.Match[str]) -> str:
    char = match.group()
    return _VISIBLE_TABLE.get(ord(char), char)


def visible_text(text: str) -> str:
    """Return ``text`` with every control and invisible character replaced by a visible one.

    The result has exactly the same length, one code point for one code point, so character
    offsets into ``text`` index it too. ``"\\n"`` is kept; see the module docstring for what
    every other character becomes.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_visible_match, text)


def has_hidden_controls(text: str) -> bool:
    """True when ``text`` holds bidi controls or zero-width / invisible format characters."""
    return any(ord(match.group()) in _HIDDEN_CODES for match in _HIDDEN.finditer(text))


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Terminal controls a document may hold: C0 but TAB and LF, DEL, C1."""


def has_control_characters(text: str) -> bool:
    """True when ``text`` holds terminal controls (``ESC``, ``BEL``, ``CR``, C1 …); ``"\\n"``
    and ``TAB`` do not count."""
    return _CONTROLS.search(text) is not None


def visible_inline(text: str, limit: int | None = None, *, newline: str = " ") -> str:
    """Return ``text`` made visible and fit for one line of UI.

    Line breaks become ``newline`` (a space by default; pass :data:`NEWLINE_MARK` to show
    them, e.g. in a file name). With ``limit``, a longer result is cut to ``limit`` code
    points, the last of which is ``…``.
    """
    line = visible_text(text).replace("\n", newline)
    if limit is not None and len(line) > limit:
        return "" if limit <= 0 else line[: limit - 1] + "…"
    return line


def _copy_replacement(match: re.Match[str]) -> str:
    char = match.group()
    if ord(char) in _COPY_REMOVE_CODES:
        return ""
    return REPLACEMENT if "\ud800" <= char <= "\udfff" else char


def copy_safe(text: str) -> str:
    """Return ``text`` without what must not reach a clipboard or a terminal's OSC 52.

    Removes C0 controls except ``"\\n"`` and ``"\\t"``, ``DEL``, C1 controls, bidi controls
    and tag characters; replaces lone surrogates (which cannot be encoded) with ``�``.
    """
    return _COPY_UNSAFE.sub(_copy_replacement, text)


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code not in _JSON_UNSAFE_CODES:
        return char
    if code < 0x10000:
        return f"\\u{code:04x}"
    # Outside the BMP JSON needs a UTF-16 surrogate pair.
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def escape_json_unsafe(encoded: str) -> str:
    """Escape, in JSON text, the characters a terminal would act on or not show.

    ``encoded`` must be the output of ``json.dumps``; C1 controls, ``DEL``, bidi controls,
    zero-width and other format characters, line separators, surrogates and noncharacters
    become ``\\uXXXX`` escapes. The result decodes to exactly the same value.
    """
    return _JSON_UNSAFE.sub(_json_escape, encoded)
