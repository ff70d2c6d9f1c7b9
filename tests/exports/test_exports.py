"""Shareable exports: JSON against its schema, JSON Lines, CSV, Markdown and HTML.

Hand-built analyses check faithfulness and safety against hostile text; one real analysis
of an extracted HTML page is validated against the shipped JSON Schema."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from document_fixtures import ARTICLE_HTML

from tui.analysis.model import Analysis, Claim, Device, DeviceKind, Entity, Paragraph, Span
from tui.exports import (
    CSV_COLUMNS,
    DocumentInfo,
    HtmlTheme,
    document_to_dict,
    schema_path,
    to_csv,
    to_document_json,
    to_html,
    to_jsonl_line,
    to_markdown,
)

TEXT = (
    "<script>alert('x')</script> Merz urges =SUM(A1) a \x1b[31mcareful\x1b[0m exchange.\n\n"
    "The [link](http://evil.invalid) **profiteers** \u202ereversed\u202c win.\n"
)
INFO = DocumentInfo(name="evil.html", source="/tmp/evil.html", title="<b>Title</b> \x1b]0;x\x07",
                    author="A | B", date="2024-01-02", format="html")


def span_of(words: str) -> Span:
    start = TEXT.index(words)
    return Span(start, start + len(words))


def hostile_analysis() -> Analysis:
    first_end = TEXT.index("\n\n")
    kind = DeviceKind("loaded-language", "Loaded language", "loaded-language",
                      "Words chosen for their <emotional> charge.", "x", "Loaded_Language")
    claim = Claim(
        speaker="Merz", speaker_span=span_of("Merz"), cue=span_of("urges"), cue_lemma="urge",
        content=span_of("=SUM(A1) a \x1b[31mcareful\x1b[0m exchange"),
        sentence=Span(0, first_end), speaker_key="friedrich merz",
        speaker_mentions=(span_of("Merz"),), stance="strong", kind="demand", confidence=0.8,
    )
    author = Claim(speaker="Author", speaker_span=None, cue=None, cue_lemma="",
                   content=Span(first_end + 2, len(TEXT) - 1),
                   sentence=Span(first_end + 2, len(TEXT) - 1))
    return Analysis(
        text_length=len(TEXT),
        model="test-model 1.0",
        paragraphs=(Paragraph(0, Span(0, first_end)),
                    Paragraph(1, Span(first_end + 2, len(TEXT) - 1))),
        entities=(Entity("PERSON", span_of("Merz"), "Merz"),),
        devices=(Device("loaded-language", "Loaded language", "loaded-language",
                        span_of("profiteers"), 'lexicon "<profiteers>"', evidence="lexicon",
                        rule="loaded-language/lexicon", technique="Loaded_Language"),),
        claims=(claim, author),
        device_kinds=(kind,),
    )


def test_json_carries_metadata_text_and_new_fields() -> None:
    data = json.loads(to_document_json(hostile_analysis(), TEXT, INFO))
    assert data["document"] == {"name": "evil.html", "source": "/tmp/evil.html",
                                "title": INFO.title, "author": "A | B",
                                "date": "2024-01-02", "format": "html"}
    assert data["text"] == TEXT
    claim = data["claims"][0]
    assert (claim["speaker_key"], claim["stance"], claim["kind"]) == (
        "friedrich merz", "strong", "demand")
    merz = span_of("Merz")
    assert [(m["start"], m["end"]) for m in claim["speaker_mentions"]] == [(merz.start, merz.end)]
    assert [piece["text"] for piece in claim["content_pieces"]] == [claim["content"]]
    assert TEXT[claim["content_start"]:claim["content_end"]] == claim["content"]
    device = data["devices"][0]
    assert (device["evidence"], device["voice"], device["technique"]) == (
        "lexicon", "Author", "Loaded_Language")


def test_json_and_jsonl_never_carry_raw_terminal_controls() -> None:
    analysis = hostile_analysis()
    for output in (to_document_json(analysis, TEXT, INFO),
                   to_jsonl_line(analysis, TEXT, INFO)):
        assert "\x1b" not in output and "\u202e" not in output and "\x07" not in output
    line = to_jsonl_line(analysis, TEXT, INFO)
    assert line.endswith("\n") and line.count("\n") == 1
    assert json.loads(line) == document_to_dict(analysis, TEXT, INFO)


def test_json_validates_against_the_shipped_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_path().read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(to_document_json(hostile_analysis(), TEXT, INFO)), schema)


def test_real_analysis_of_a_web_page_validates(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from tui.analysis import analyze
    from tui.documents.formats import open_document
    from tui.exports.reports import document_info

    page = tmp_path / "page.html"
    page.write_text(ARTICLE_HTML, "utf-8")
    document = open_document(str(page))
    data = json.loads(to_document_json(analyze(document.text), document.text,
                                       document_info(document)))
    jsonschema.validate(data, json.loads(schema_path().read_text("utf-8")))
    assert data["document"]["title"] == "Council backs the river bridge"
    assert data["claims"] and data["entities"]
    for claim in data["claims"]:
        assert document.text[claim["content_start"]:claim["content_end"]] == claim["content"]


def test_csv_one_claim_per_row_with_offsets_and_no_formulas() -> None:
    output = to_csv([(hostile_analysis(), TEXT, INFO)])
    assert "\x1b" not in output and "\u202e" not in output
    rows = list(csv.DictReader(io.StringIO(output)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 2
    merz = rows[0]
    assert (merz["speaker"], merz["cue"], merz["stance"], merz["kind"]) == (
        "Merz", "urges", "strong", "demand")
    assert merz["content"].startswith("'=SUM(A1)")  # a spreadsheet shows it, never runs it
    start, end = int(merz["content_start"]), int(merz["content_end"])
    assert merz["content"][1:] == TEXT[start:end].replace("\x1b", "␛")
    assert rows[1]["speaker"] == "Author" and rows[1]["cue"] == ""


def test_markdown_report_has_summary_profile_and_claims_by_speaker() -> None:
    report = to_markdown(hostile_analysis(), TEXT, INFO)
    assert report.startswith("# \\<b\\>Title\\</b\\> ␛\\]0;x␇\n")
    for heading in ("## Summary", "## Technique profile", "## Claims by speaker",
                    "### Merz (1 claim)", "### Author (1 claim)"):
        assert heading in report
    assert "| Loaded language (Loaded_Language) |" in report
    assert "> “=SUM\\(A1\\) a ␛\\[31mcareful" in report
    for raw in ("<script>", "](http", "**profiteers**", "\x1b", "\u202e"):
        assert raw not in report
    assert "A \\| B" in report


def test_html_report_is_self_contained_and_escapes_the_document() -> None:
    theme = HtmlTheme(name="t", dark=True, background="#000000", foreground="#ffffff",
                      styles={"entity-person": "color: #7dcfff; font-weight: bold",
                              "device-loaded-language": "background-color: #45202d</style>"})
    page = to_html(hostile_analysis(), TEXT, INFO, theme)
    assert page.count("<script>") == 1  # Slant's own, at the end
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in page
    assert "\x1b" not in page and "\u202e" not in page
    assert "</style>" in page and page.count("</style>") == 1
    assert ".e-person{color: #7dcfff; font-weight: bold}" in page
    assert 'title="Loaded language: lexicon &quot;&lt;profiteers&gt;&quot;' in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    for external in ("http://", "https://", "src=", "@import", "url("):
        assert external not in page.replace("http://evil.invalid", "")
    assert 'data-claim="0"' in page and '<a id="t0"></a>' in page
