"""Reading real-world formats: text, Markdown, HTML, PDF, Word, standard input.

Every fixture is built here from invented sentences (tests/document_fixtures.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from document_fixtures import ARTICLE_HTML, MARKDOWN, build_docx, build_pdf

from tui.documents.formats import open_document, sniff_format
from tui.documents.formats.pdf import rejoin_lines
from tui.documents.loading import DocumentError

PDF_PAGES = [
    [
        "The committee published its report on the new rail-",
        "way line on Tuesday and said the project would be fin-",
        "ished within four years, well ahead of the schedule",
        "announced last spring.",
        "",
        "Critics argued that the true costs were hidden from the",
        "public and that the council had ignored every warning",
        "about the budget.",
    ],
    [
        "2",
        "Officials denied this and insisted that the figures were",
        "accurate and had been checked twice by outside auditors.",
    ],
]

DOCX_BLOCKS = [
    ("h1", "Budget row deepens"),
    ("", "The finance minister insisted on Thursday that the cuts were fair."),
    ("h2", "Reaction"),
    ("", "Union leaders said the plan was a disgrace and called for a strike."),
]


def write(folder: Path, name: str, data: str | bytes) -> str:
    path = folder / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return str(path)


def test_plain_text_is_read_as_it_is(tmp_path: Path) -> None:
    text = "Merz urges a careful exchange.\n\nZelensky welcomes it.\n"
    document = open_document(write(tmp_path, "note.txt", text))
    assert document.text == text
    assert document.format == "txt"
    assert document.title is None


def test_markdown_keeps_headings_and_paragraphs_without_markup(tmp_path: Path) -> None:
    document = open_document(write(tmp_path, "note.md", MARKDOWN))
    assert document.format == "md"
    paragraphs = document.text.strip().split("\n\n")
    assert paragraphs[0] == "Notes on the harbour vote"
    assert "What critics say" in paragraphs
    assert ("The harbour board said on Friday that the new pier would open in spring, "
            "according to a statement on its website.") in paragraphs
    assert "Residents insisted the pier was a waste of money." in paragraphs
    assert "The minister claimed that nothing could stop the project." in paragraphs
    for noise in ("**", "*new*", "](", "https://", "# ", "> ", "---", "title:"):
        assert noise not in document.text
    assert (document.title, document.author, document.date) == (
        "Notes on the harbour vote", "Sam Lee", "2023-11-02")


def test_html_main_text_and_metadata_without_boilerplate(tmp_path: Path) -> None:
    document = open_document(write(tmp_path, "page.html", ARTICLE_HTML))
    assert document.format == "html"
    assert document.title == "Council backs the river bridge"
    assert document.author == "Jane Roe"
    assert document.date == "2024-03-05"
    text = document.text
    assert text.startswith("Council backs the river bridge\n\n")
    assert "Mayor Alex Moreno said the bridge would cut commuting times in half" in text
    assert "\n\nCritics are unconvinced\n\n" in text
    for boilerplate in ("Subscribe", "Copyright", "Privacy policy", "Home", "tracker",
                        "<", "cdn.example"):
        assert boilerplate not in text
    # Hard-wrapped source lines are joined inside a paragraph.
    assert "a project that officials describe as long overdue" in text


def test_pdf_paragraphs_are_rejoined_across_lines_hyphens_and_pages(tmp_path: Path) -> None:
    data = build_pdf(PDF_PAGES, title="Rail report", author="Kim Park", date="20240105")
    document = open_document(write(tmp_path, "report.pdf", data))
    assert document.format == "pdf"
    assert (document.title, document.author, document.date) == (
        "Rail report", "Kim Park", "2024-01-05")
    paragraphs = document.text.strip().split("\n\n")
    assert paragraphs == [
        "The committee published its report on the new railway line on Tuesday and said "
        "the project would be finished within four years, well ahead of the schedule "
        "announced last spring.",
        "Critics argued that the true costs were hidden from the public and that the "
        "council had ignored every warning about the budget.",
        "Officials denied this and insisted that the figures were accurate and had been "
        "checked twice by outside auditors.",
    ]


def test_pdf_paragraph_runs_on_over_a_page_break(tmp_path: Path) -> None:
    pages = [["The inquiry heard that the contract was signed without", "a tender and"],
             ["that nobody objected at the time of the meeting."]]
    document = open_document(write(tmp_path, "flow.pdf", build_pdf(pages)))
    assert document.text == ("The inquiry heard that the contract was signed without a "
                             "tender and that nobody objected at the time of the meeting.\n")


def test_pdf_space_between_paragraphs_ends_a_paragraph_on_a_full_line(tmp_path: Path) -> None:
    pages = [["The harbour board met on Friday and agreed that the new pier would open",
              "in the spring after years of delay and a long dispute over its true cost.",
              "",
              "Fishermen warned that the works would drive the fish away from the bay and",
              "ruin the season."]]
    document = open_document(write(tmp_path, "gap.pdf", build_pdf(pages)))
    assert document.text.count("\n\n") == 1
    assert document.text.split("\n\n")[1].startswith("Fishermen warned")


def test_rejoin_lines_keeps_short_last_lines_as_paragraph_ends() -> None:
    lines = ["A long line of prose that fills the whole width of the page here,",
             "and a second line that also runs right across the page to the end,",
             "then stops.", "Another paragraph starts here and runs on for a while too,",
             "ending soon.", "12"]
    assert rejoin_lines(lines) == [
        "A long line of prose that fills the whole width of the page here, and a second "
        "line that also runs right across the page to the end, then stops.",
        "Another paragraph starts here and runs on for a while too, ending soon.",
    ]


def test_docx_paragraphs_headings_and_properties(tmp_path: Path) -> None:
    data = build_docx(DOCX_BLOCKS, title="Budget row", author="Ann Bell")
    document = open_document(write(tmp_path, "memo.docx", data))
    assert document.format == "docx"
    assert document.text == "\n\n".join(text for _, text in DOCX_BLOCKS) + "\n"
    assert (document.title, document.author) == ("Budget row", "Ann Bell")
    assert document.date is not None and len(document.date) == 10


def test_binary_formats_are_sniffed_by_content_whatever_the_name(tmp_path: Path) -> None:
    pdf = build_pdf(PDF_PAGES)
    docx = build_docx(DOCX_BLOCKS)
    assert open_document(write(tmp_path, "report", pdf)).format == "pdf"
    assert open_document(write(tmp_path, "memo.txt", docx)).format == "docx"
    assert sniff_format(pdf) == "pdf"
    assert sniff_format(docx, "x.html") == "docx"


def test_text_formats_are_sniffed_without_an_extension(tmp_path: Path) -> None:
    assert sniff_format(ARTICLE_HTML.encode()) == "html"
    assert sniff_format(MARKDOWN.encode()) == "md"
    assert sniff_format(b"Merz urges a careful exchange.\n") == "txt"
    assert open_document(write(tmp_path, "page", ARTICLE_HTML)).format == "html"


def test_standard_input_of_every_format() -> None:
    def read(data: bytes) -> str:
        return open_document("-", stdin=io.BytesIO(data)).format

    assert read(b"Merz urges a careful exchange.\n") == "txt"
    assert read(ARTICLE_HTML.encode()) == "html"
    assert read(build_pdf(PDF_PAGES)) == "pdf"
    assert read(build_docx(DOCX_BLOCKS)) == "docx"
    document = open_document("-", stdin=io.BytesIO(build_pdf(PDF_PAGES)))
    assert document.name == "<stdin>" and document.path is None


def test_input_format_overrides_sniffing(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html", ARTICLE_HTML)
    as_text = open_document(path, input_format="txt")
    assert as_text.format == "txt" and "<nav>" in as_text.text
    markdown_as_text = open_document(write(tmp_path, "n.md", MARKDOWN), input_format="txt")
    assert "**harbour board**" in markdown_as_text.text
    with pytest.raises(DocumentError, match="not a PDF"):
        open_document(path, input_format="pdf")
    with pytest.raises(DocumentError, match="unknown input format"):
        open_document(path, input_format="rtf")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.pdf", b"%PDF-1.4\nthis is not really a pdf\n", "cannot read"),
        ("broken.docx", b"PK\x03\x04 not a zip at all", "cannot read|binary|zip"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_broken_documents_give_one_line_errors(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(DocumentError, match=message) as caught:
        open_document(write(tmp_path, name, data))
    assert "\n" not in str(caught.value)


def test_pdf_without_text_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no text"):
        open_document(write(tmp_path, "scan.pdf", build_pdf([[]])))


def test_missing_files_and_folders_are_reported(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        open_document(str(tmp_path / "gone.pdf"))
    with pytest.raises(DocumentError, match="directory"):
        open_document(str(tmp_path))


def test_html_markup_in_the_page_never_reaches_the_text(tmp_path: Path) -> None:
    hostile = ARTICLE_HTML.replace(
        "<p>Mayor Alex Moreno",
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; \x1b[31m Mayor Alex Moreno",
    )
    document = open_document(write(tmp_path, "page.html", hostile))
    # Escaped markup is text; it stays literal (exporters escape it again on the way out).
    assert "<script>alert(1)</script>" in document.text
