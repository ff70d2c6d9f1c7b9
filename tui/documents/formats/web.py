"""HTML: the article's main text and its metadata, through trafilatura.

trafilatura finds the main content of a saved web page (dropping navigation, headers and
footers, cookie banners, comment sections) and reads the title, author and date from the
page's markup. Its XML output keeps the block structure, which becomes Slant's paragraphs:
one per heading, paragraph, list item, quotation or table row. Nothing is fetched: the page
is parsed as given, and its scripts, styles and links are never followed.
"""

from __future__ import annotations

import logging
from typing import Any
from xml.etree import ElementTree

from ...analysis.libraries import require, require_all
from .extracted import Extracted, clean_field, join_blocks, split_blank_lines

__all__ = ["html_to_text"]

# The extractors log what they find odd in a page; with no handler Python would print it on
# standard error (over the reader's screen, into a script's output).
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False

_BLOCKS = frozenset({"head", "p", "quote", "code", "item", "row"})
"""trafilatura's XML elements that make a paragraph of their own."""
READING_HTML = "reading HTML pages"
HTML_LIBRARIES = ("lxml", "lxml_html_clean", "justext", "trafilatura")
"""trafilatura and the parsers it needs, innermost first."""
_CONTAINERS = frozenset({"main", "list", "table", "div", "cell", "quote"})


def html_to_text(html: str) -> Extracted:
    """Extract an HTML page's main text and its title, author and date."""
    trafilatura = _trafilatura()
    xml = trafilatura.extract(
        html,
        output_format="xml",
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    title = author = date = None
    blocks: list[str] = []
    if xml:
        # trafilatura's own output, without a DTD: the standard library parses it safely.
        root = ElementTree.fromstring(xml)
        title = clean_field(root.get("title"))
        author = clean_field(root.get("author"))
        date = clean_field(root.get("date"))
        main = root.find("main")
        if main is not None:
            _collect(main, blocks)
    if not any(block.strip() for block in blocks):
        # Pages too short or too unusual for the main-text heuristics: all visible text.
        blocks = split_blank_lines(trafilatura.html2txt(html) or "")
    if title is None or author is None or date is None:
        metadata = _metadata(html)
        title = title or clean_field(getattr(metadata, "title", None))
        author = author or clean_field(getattr(metadata, "author", None))
        date = date or clean_field(getattr(metadata, "date", None))
    if title and blocks and " ".join(blocks[0].split()) != title:
        # The headline is part of how an article argues; keep it as the first paragraph
        # when the extractor left it out of the main text.
        blocks.insert(0, title)
    return Extracted(join_blocks(blocks), title=title, author=author, date=date)


def _trafilatura() -> Any:
    """trafilatura, after the parsers it reads pages with (so a missing one is named)."""
    return require_all(HTML_LIBRARIES, READING_HTML)[-1]


def _metadata(html: str) -> Any:
    extract_metadata = require("trafilatura.metadata", READING_HTML).extract_metadata
    try:
        return extract_metadata(html)
    except Exception:  # metadata is a bonus: a page it chokes on still has its text
        return None


def _text_of(element: Any) -> str:
    """An element's text with ``<lb/>`` line breaks kept as line breaks."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        else:
            parts.append(_text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _collect(element: Any, blocks: list[str]) -> None:
    """Append the text of every block under ``element``, in document order."""
    for child in element:
        tag = child.tag
        if tag == "row":
            cells = [" ".join(_text_of(cell).split()) for cell in child]
            blocks.append(" | ".join(cell for cell in cells if cell))
        elif tag in _BLOCKS and not any(grand.tag in _BLOCKS for grand in child):
            blocks.append(_text_of(child))
        elif tag in _CONTAINERS or tag in _BLOCKS:
            _collect(child, blocks)
            if child.text and child.text.strip():
                blocks.append(child.text)
        elif tag != "lb":
            blocks.append(_text_of(child))
