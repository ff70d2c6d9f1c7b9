"""``slant analyze`` on many documents: folders, formats, --jobs, broken files, --text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from document_fixtures import ARTICLE_HTML, MARKDOWN, build_docx, build_pdf
from paths import REPO


def slant(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], input=stdin,
                          capture_output=True, text=True, timeout=600, cwd=REPO,
                          env={**os.environ, "COLUMNS": "80"})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of documents in every format, one of them broken."""
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "a-note.txt").write_text(
        "Merz urges a careful exchange with Moscow.\n\nCritics claimed the talks were a "
        "shameful farce.\n", "utf-8")
    (folder / "b-page.html").write_text(ARTICLE_HTML, "utf-8")
    (folder / "c-notes.md").write_text(MARKDOWN, "utf-8")
    (folder / "d-report.pdf").write_bytes(build_pdf(
        [["The auditor said the accounts were in order and that no money had",
          "gone missing during the year under review."]], title="Audit"))
    (folder / "e-memo.docx").write_bytes(build_docx(
        [("h1", "Strike vote"), ("", "Union leaders warned that the strike would go ahead.")]))
    (folder / "f-broken.pdf").write_bytes(b"%PDF-1.7\nnot a real PDF at all\n")
    sub = folder / "more"
    sub.mkdir()
    (sub / "g-later.txt").write_text("The mayor insisted the budget was balanced.\n", "utf-8")
    (sub / "ignored.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder


@pytest.fixture(scope="module")
def one_job(corpus: Path) -> subprocess.CompletedProcess[str]:
    return slant("analyze", str(corpus), "--format", "jsonl", "--jobs", "1")


def test_a_folder_is_analysed_in_order_past_a_broken_file(
    corpus: Path, one_job: subprocess.CompletedProcess[str]
) -> None:
    assert one_job.returncode == 1
    lines = one_job.stdout.splitlines()
    sources = [Path(json.loads(line)["document"]["source"]).name for line in lines]
    assert sources == ["a-note.txt", "b-page.html", "c-notes.md", "d-report.pdf",
                       "e-memo.docx", "g-later.txt"]
    formats = [json.loads(line)["document"]["format"] for line in lines]
    assert formats == ["txt", "html", "md", "pdf", "docx", "txt"]
    assert "1 of 7 documents could not be analysed" in one_job.stderr
    assert "f-broken.pdf" in one_job.stderr


def test_output_is_identical_whatever_the_number_of_jobs(
    corpus: Path, one_job: subprocess.CompletedProcess[str]
) -> None:
    two_jobs = slant("analyze", str(corpus), "--format", "jsonl", "--jobs", "2")
    assert two_jobs.returncode == 1
    assert two_jobs.stdout == one_job.stdout


def test_progress_bar_goes_to_stderr(one_job: subprocess.CompletedProcess[str]) -> None:
    assert "7/7" in one_job.stderr
    assert "7/7" not in one_job.stdout


def test_text_prints_the_extracted_text_that_offsets_index(corpus: Path) -> None:
    pdf = str(corpus / "d-report.pdf")
    text = slant("analyze", pdf, "--text")
    analysis = slant("analyze", pdf, "--format", "json")
    assert text.returncode == analysis.returncode == 0
    data = json.loads(analysis.stdout)
    assert text.stdout == data["text"]
    for claim in data["claims"]:
        assert text.stdout[claim["content_start"]:claim["content_end"]] == claim["content"]


def test_csv_of_many_documents_has_one_header(corpus: Path) -> None:
    result = slant("analyze", str(corpus / "a-note.txt"), str(corpus / "more"),
                   "--format", "csv", "-q")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("source,speaker,")
    assert sum(line.startswith("source,") for line in lines) == 1
    assert any("g-later.txt" in line for line in lines)


def test_html_for_many_documents_needs_an_output_folder(corpus: Path, tmp_path: Path) -> None:
    refused = slant("analyze", str(corpus / "a-note.txt"), str(corpus / "more"),
                    "--format", "html")
    assert refused.returncode == 2 and "--output-dir" in refused.stderr
    written = slant("analyze", str(corpus / "a-note.txt"), str(corpus / "more"),
                    "--format", "html", "--output-dir", str(tmp_path / "out"), "-q")
    assert written.returncode == 0, written.stderr
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "a-note.html", "g-later.html"]


def test_markdown_of_standard_input_html() -> None:
    result = slant("analyze", "-", "--format", "markdown", stdin=ARTICLE_HTML)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Council backs the river bridge\n")
    assert "- **Author:** Jane Roe" in result.stdout
    assert "## Claims by speaker" in result.stdout
