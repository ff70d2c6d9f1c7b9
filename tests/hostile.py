"""Hostile documents and the checks shared by the tests that feed them to Slant.

Everything here is invented for the tests: escape sequences, markup and bidi tricks inside
ordinary sentences.
"""

from __future__ import annotations

import unicodedata

ESCAPES = {
    "csi-clear": "\x1b[2J\x1b[H",
    "csi-colour": "\x1b[31mred\x1b[0m",
    "csi-cursor": "\x1b[10;10H\x1b[5A",
    "osc52-clipboard": "\x1b]52;c;cHduZWQ=\x07",
    "osc8-link": "\x1b]8;;http://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
    "osc0-title": "\x1b]0;PWNED-TITLE\x07",
    "osc2-title": "\x1b]2;PWNED-TITLE-2\x1b\\",
    "dcs": "\x1bP1$r0m\x1b\\",
    "bel": "\x07\x07",
    "backspace": "abc\x08\x08\x08XYZ",
    "carriage-return": "hidden text\rVISIBLE",
    "c1-csi": "\x9b2J",
    "c1-osc": "\x9d0;c1-title\x9c",
    "nul": "\x00",
    "del": "\x7f",
}
"""Terminal controls a document may carry, each of which a terminal would act on."""

MARKUP = (
    "[bold red]not bold[/] [link=http://evil.example]link[/link] "
    "[@click=app.quit]quit[/] [$accent]accent[/] :smile: [b]bold"
)
"""Rich console markup and Textual content markup that must show literally."""

BIDI = "access\u202e \u2066// check\u2069 \u2066if admin\u2069 and zero\u200bwidth\u200d\ufeff"
"""Trojan-source bidi overrides and isolates, and zero-width characters."""


def hostile_document() -> str:
    """A document with every escape, markup and bidi trick, and a claim to find."""
    lines = [f"Line {name}: before {sequence} after." for name, sequence in ESCAPES.items()]
    lines.append(f"Markup: {MARKUP}.")
    lines.append(f"Bidi: {BIDI}.")
    lines.append("")
    lines.append("The minister said that the radical elites are destroying our great nation.")
    return "\n".join(lines) + "\n"


def terminal_unsafe(text: str) -> list[str]:
    """Characters in ``text`` a terminal acts on or does not show: controls but ``"\\n"``,
    format characters (bidi, zero-width), surrogates."""
    return [
        char
        for char in text
        if char != "\n" and unicodedata.category(char) in {"Cc", "Cf", "Cs", "Zl", "Zp"}
    ]
