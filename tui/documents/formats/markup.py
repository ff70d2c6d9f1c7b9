"""Markdown: headings and paragraphs kept, the markup itself dropped.

The text is parsed with markdown-it (CommonMark, plus tables and strikethrough) and written
back as plain blocks: each heading, paragraph, list item, quotation paragraph, code block
and table row becomes one paragraph. Emphasis markers, link targets, image addresses and
inline HTML tags disappear; link texts and image descriptions stay. Lines of a paragraph
that was hard-wrapped are joined, as a Markdown viewer shows them.

YAML front matter (``---`` lines around ``key: value`` pairs) gives the title, author and
date; without a ``title`` the first level-1 heading is the title.
"""

from __future__ import annotations

import re
from typing import Any

from ...analysis.libraries import require
from .extracted import Extracted, clean_field, join_blocks

__all__ = ["markdown_to_text"]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n((?:.*\n)*?)---[ \t]*(?:\n|\Z)")
_FIELD = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_TAG = re.compile(r"<[^>]*>")
_QUOTES = "\"'"


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """The front matter's simple ``key: value`` fields, and the text after it."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    fields: dict[str, str] = {}
    for line in match.group(1).splitlines():
        found = _FIELD.match(line)
        if found:
            value = found.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in _QUOTES:
                value = value[1:-1]
            fields.setdefault(found.group(1).lower(), value)
    return fields, text[match.end():]


def _inline_text(token: Any) -> str:
    """The visible text of an inline token: words, code, link texts, image descriptions."""
    parts: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "image":
            parts.append(_inline_text(child) or child.attrGet("alt") or "")
    return "".join(parts)


def markdown_to_text(text: str) -> Extracted:
    """Extract a Markdown document's text (see the module docstring)."""
    MarkdownIt = require("markdown_it", "reading Markdown").MarkdownIt

    fields, body = _front_matter(text)
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    blocks: list[str] = []
    first_h1: str | None = None
    heading: str | None = None
    row: list[str] | None = None
    for token in parser.parse(body):
        kind = token.type
        if kind == "heading_open":
            heading = token.tag
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            blocks.append(" | ".join(cell for cell in row if cell))
            row = None
        elif kind == "inline":
            content = _inline_text(token)
            if row is not None:
                row.append(" ".join(content.split()))
            else:
                blocks.append(content)
            if heading == "h1" and first_h1 is None:
                first_h1 = content
        elif kind == "heading_close":
            heading = None
        elif kind in ("fence", "code_block"):
            blocks.append(token.content)
        elif kind == "html_block":
            blocks.append(_TAG.sub(" ", token.content))
    title = clean_field(fields.get("title")) or clean_field(first_h1)
    author = clean_field(fields.get("author") or fields.get("authors"))
    date = clean_field(fields.get("date"))
    return Extracted(join_blocks(blocks), title=title, author=author, date=date)
