"""Making untrusted document text inert before it reaches the terminal.

Every string that comes from a document (its text, its file name, a claim, an entity) is
shown through these functions, and handed to Rich / Textual as a :class:`rich.text.Text`
(see :func:`inert`), never as a markup string: ``[bold]`` or ``:smile:`` in a document must
stay literal, and an ``ESC`` must never reach the terminal.

The character tables live in the pure module :mod:`tui.analysis.textsafety`, shared with the
exporters. Placeholders:

========================================  =========================================
Characters                                Shown as
========================================  =========================================
C0 controls (not ``\\n``)                 Control Pictures: ``␛`` ``␀`` ``␇`` ``␍`` …
``TAB``                                   one space (keeps offsets; see below)
``DEL``                                   ``␡``
C1 controls ``U+0080``–``U+009F``         ``�``
bidi controls                             ``⇄``
zero-width / invisible format chars       ``¦``
soft hyphen ``U+00AD``                    ``-``
``U+2028`` / ``U+2029``                   ``␤``
lone surrogates, noncharacters            ``�``
========================================  =========================================

A tab becomes a single space rather than being expanded: expansion would insert characters
and break the offsets the analysis uses to highlight spans.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

# has_hidden_controls is re-exported so the UI needs only this module for untrusted text.
from ..analysis.textsafety import (
    BIDI_MARK,
    HIDDEN_MARK,
    NEWLINE_MARK,
    has_control_characters,
    has_hidden_controls,
    visible_inline,
    visible_text,
)

__all__ = [
    "BIDI_MARK",
    "HIDDEN_MARK",
    "NEWLINE_MARK",
    "display_text",
    "document_warning",
    "fit_line",
    "has_hidden_controls",
    "inert",
    "safe_inline",
]


def display_text(text: str) -> str:
    """Return ``text`` safe to show in a terminal, with exactly the same length.

    One code point maps to one code point, so the analysis's character offsets index the
    result as they index ``text``. ``"\\n"`` is kept; controls, bidi controls and invisible
    characters become the visible placeholders listed in the module docstring.
    """
    return visible_text(text)


def safe_inline(text: str, limit: int | None = None, *, newline: str = " ") -> str:
    """Return ``text`` made safe for a one-line UI string (a file name, a claim snippet).

    Like :func:`display_text`, and line breaks become ``newline``: a space by default,
    which suits snippets of hard-wrapped prose; pass :data:`NEWLINE_MARK` (``⏎``) where a
    line break is suspicious, as in a file name. With ``limit``, a longer result is cut to
    ``limit`` characters ending in ``…``.
    """
    return visible_inline(text, limit, newline=newline)


def inert(text: str) -> Text:
    """Return ``text`` as a plain :class:`~rich.text.Text` made safe by :func:`display_text`.

    ``Text(...)`` parses neither console markup nor ``:emoji:`` codes, unlike a ``str``
    handed to most Rich and Textual APIs.
    """
    return Text(display_text(text))


def document_warning(text: str, replaced: int = 0) -> str:
    """The standing status-bar warning a document calls for, or ``""``.

    It says when the text holds bidi controls or invisible characters (which could make
    what is shown differ from what is stored, were they not shown as ``⇄`` and ``¦``),
    terminal controls (shown as ``␛``, ``␇`` …) and bytes that could not be decoded
    (``replaced`` of them, shown as ``�``).
    """
    hidden = has_hidden_controls(text)
    controls = has_control_characters(text)
    bad = f"{replaced:,} undecodable byte{'' if replaced == 1 else 's'}"
    if hidden + controls + bool(replaced) > 1:
        parts = [
            f"bidi/zero-width {BIDI_MARK} {HIDDEN_MARK}" if hidden else "",
            "controls ␛" if controls else "",
            f"{bad} \ufffd" if replaced else "",
        ]
        return "shown visibly: " + ", ".join(part for part in parts if part)
    if hidden:
        return f"hidden bidi / zero-width characters are shown as {BIDI_MARK} and {HIDDEN_MARK}"
    if controls:
        return "terminal control characters are shown as ␛ ␇ ␈ … and never run"
    if replaced:
        return f"{bad} shown as \ufffd"
    return ""


def fit_line(items: list[tuple[int, str, str]], width: int, separator: str = " · ") -> Text:
    """One line of ``(priority, text, style)`` items, in their order, keeping those that fit
    ``width`` cells, the most important (lowest priority) first: an item that does not fit is
    left out whole, never cut where a cut could mislead."""
    kept: set[int] = set()
    used = 0
    for index in sorted(range(len(items)), key=lambda i: items[i][0]):
        cost = cell_len(items[index][1]) + (cell_len(separator) if kept else 0)
        if used + cost <= width:
            kept.add(index)
            used += cost
    line = Text(no_wrap=True, overflow="crop", end="")
    for index in sorted(kept):
        if len(line):
            line.append(separator)
        line.append(items[index][1], style=items[index][2])
    return line
