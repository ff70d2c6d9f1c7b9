"""Word documents (.docx): paragraphs, headings and table cells, through python-docx.

Body paragraphs and headings become Slant's paragraphs in document order; a table becomes
one paragraph per row, its cells joined with ``|``. The title, author and creation date come
from the document's core properties.
"""

from __future__ import annotations

import io
from typing import Any

from ...analysis.libraries import require
from .extracted import Extracted, clean_field, join_blocks

__all__ = ["DocxError", "docx_to_text"]

READING_WORD = "reading Word files"


class DocxError(ValueError):
    """The bytes are not a Word document python-docx can read."""


def _row_text(row: Any) -> str:
    cells: list[str] = []
    for cell in row.cells:
        text = " ".join(cell.text.split())
        if text and (not cells or cells[-1] != text):  # merged cells repeat their text
            cells.append(text)
    return " | ".join(cells)


def docx_to_text(data: bytes) -> Extracted:
    """Extract a .docx file's text and its title, author and creation date.

    Raises:
        DocxError: the file is not a readable Word document.
    """
    docx = require("docx", READING_WORD)
    Table = require("docx.table", READING_WORD).Table

    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.extend(_row_text(row) for row in item.rows)
            else:
                blocks.append(item.text)
        properties = document.core_properties
        title = clean_field(properties.title)
        author = clean_field(properties.author)
        created = properties.created.date().isoformat() if properties.created else None
    except Exception as error:  # zip, XML and package errors of a broken or hostile file
        raise DocxError(f"it is not a Word document Slant can read ({type(error).__name__})"
                        ) from None
    return Extracted(join_blocks(blocks), title=title, author=author, date=created)
