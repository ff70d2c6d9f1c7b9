"""What an extractor returns: the document's text as blocks, and its metadata.

Every extractor turns its format into a list of blocks (headings, paragraphs, list items)
and :func:`join_blocks` joins them with blank lines, which is where Slant's analysis splits
paragraphs. The joined text is what every offset in every output refers to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Extracted", "clean_field", "join_blocks", "split_blank_lines"]

_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_BLANK_RUN = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Extracted:
    """A document's text and metadata as read from one format."""

    text: str
    """The text: blocks separated by one blank line, ``"\\n"`` line ends."""
    title: str | None = None
    """The document's title, if the format carries one."""
    author: str | None = None
    """Its author, if known."""
    date: str | None = None
    """Its date, ISO 8601 where possible."""


def _clean_block(block: str) -> str:
    """One block on its own: runs of spaces collapsed, no blank line inside it (a blank
    line would split it into two paragraphs), no spaces at line ends."""
    block = block.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
    return "\n".join(line for line in lines if line)


def join_blocks(blocks: Iterable[str]) -> str:
    """Join text blocks into a document: each block cleaned, empty ones dropped, one blank
    line between blocks, ending in a newline (or ``""`` when nothing is left)."""
    cleaned = [_clean_block(block) for block in blocks]
    kept = [block for block in cleaned if block]
    return "\n\n".join(kept) + "\n" if kept else ""


def clean_field(value: object, limit: int = 500) -> str | None:
    """A metadata value as one trimmed line, or None when it is missing or empty.

    Metadata is untrusted like the text; it stays raw here (callers escape it where it is
    shown) but is kept to one line of bounded length.
    """
    if value is None:
        return None
    text = " ".join(str(value).split())
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1] + "…"


def split_blank_lines(text: str) -> list[str]:
    """Split ``text`` into blocks at blank lines."""
    return _BLANK_RUN.split(text)
