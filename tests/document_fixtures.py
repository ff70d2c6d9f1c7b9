"""Small documents of every input format, built at test time from invented sentences.

Nothing here copies real text: the fixtures are made up, and the PDF and DOCX files are
written by the tests themselves (the PDF by hand, byte by byte; the DOCX with python-docx).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

__all__ = ["ARTICLE_HTML", "MARKDOWN", "build_docx", "build_pdf"]

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head>
<title>Council backs the river bridge | The Example Gazette</title>
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="stylesheet" href="https://cdn.example.invalid/site.css">
<script src="https://cdn.example.invalid/tracker.js"></script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/subscribe">Subscribe to our newsletter</a></li></ul></nav>
<article>
<h1>Council backs the river bridge</h1>
<p class="byline">By Jane Roe</p>
<p>The city council voted on Monday to build a new bridge across the river, a project
that officials describe as long overdue for the growing eastern districts.</p>
<p>Mayor Alex Moreno said the bridge would cut commuting times in half and bring
thousands of jobs to the neighbourhoods on the far bank.</p>
<h2>Critics are unconvinced</h2>
<p>Opponents claimed the reckless plan would bankrupt the city and destroy the last
green space along the water, and they urged residents to resist it at every turn.</p>
</article>
<footer><p>Copyright 2024 The Example Gazette. All rights reserved.</p>
<p>Privacy policy · Cookie settings · Contact the newsroom</p></footer>
</body></html>
"""
"""An invented news page with navigation, a footer and external assets to drop."""

MARKDOWN = """---
title: "Notes on the harbour vote"
author: Sam Lee
date: 2023-11-02
---

# Notes on the harbour vote

The **harbour board** said on Friday that the *new* pier would open in spring,
according to a statement on [its website](https://example.invalid/pier).

## What critics say

- Residents insisted the pier was a waste of money.
- Fishermen warned that the works would drive the fish away.

> The minister claimed that nothing could stop the project.
"""
"""An invented Markdown note with front matter, emphasis, a link, a list and a quote."""


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b")"


def build_pdf(pages: Sequence[Sequence[str]], *, title: str = "", author: str = "",
              date: str = "") -> bytes:
    """A PDF whose pages show the given lines of Helvetica text, top to bottom.

    An empty string in a page's lines leaves an empty line (a paragraph gap). ``date`` is
    ``YYYYMMDD`` and becomes the document's creation date.
    """
    objects: list[bytes] = []
    page_ids = [3 + 2 * index for index in range(len(pages))]
    font_id = 3 + 2 * len(pages)
    info_id = font_id + 1
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % page_id for page_id in page_ids)
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages))
    for lines, page_id in zip(pages, page_ids, strict=True):
        stream = io.BytesIO()
        stream.write(b"BT /F1 11 Tf 14 TL 72 760 Td\n")
        for line in lines:
            stream.write(_pdf_string(line) + b" Tj T*\n" if line else b"T*\n")
        stream.write(b"ET\n")
        content = stream.getvalue()
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
            % (font_id, page_id + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                   b"/Encoding /WinAnsiEncoding >>")
    info = b"<< /Producer (slant tests)"
    if title:
        info += b" /Title " + _pdf_string(title)
    if author:
        info += b" /Author " + _pdf_string(author)
    if date:
        info += b" /CreationDate " + _pdf_string(f"D:{date}000000Z")
    objects.append(info + b" >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1,
                                                                       info_id))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def build_docx(blocks: Sequence[tuple[str, str]], *, title: str = "", author: str = "") -> bytes:
    """A DOCX of ``(style, text)`` blocks: style ``"h1"``/``"h2"`` for headings, ``""`` for
    a body paragraph."""
    import docx

    document = docx.Document()
    for style, text in blocks:
        if style.startswith("h"):
            document.add_heading(text, level=int(style[1:]))
        else:
            document.add_paragraph(text)
    document.core_properties.title = title
    document.core_properties.author = author
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
