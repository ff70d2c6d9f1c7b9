"""A library that is missing or fails to import is one line for the user, never a traceback.

In-process: the guard itself and the readers built on it. In subprocesses: ``slant analyze``
of several documents when a format's library is gone (a ``sitecustomize`` on ``PYTHONPATH``
sets its ``sys.modules`` entry to ``None`` in every process of the run, workers included),
and the reader given such a document on the command line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from document_fixtures import ARTICLE_HTML, MARKDOWN, build_docx, build_pdf
from paths import REPO

from tui.analysis.libraries import LibraryError, require
from tui.documents.formats import open_document
from tui.documents.loading import DocumentError

# -- the guard ---------------------------------------------------------------------------------


def test_a_missing_library_names_the_purpose_the_package_and_the_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pypdf", None)
    with pytest.raises(LibraryError) as raised:
        require("pypdf", "reading PDF files")
    message = str(raised.value)
    assert message.startswith("reading PDF files needs pypdf, which is not installed")
    assert "install it with: pip install 'pypdf" in message
    assert "\n" not in message and raised.value.package == "pypdf"


def test_a_missing_dependency_of_a_library_is_the_one_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "slant_probe_reader.py").write_text("import slant_probe_missing_parser\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(LibraryError, match="needs slant_probe_missing_parser, which is not "
                                           "installed; install it with: pip install "
                                           "'slant_probe_missing_parser'"):
        require("slant_probe_reader", "reading probes")


def test_a_library_that_breaks_while_importing_is_one_line_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "slant_probe_broken.py").write_text(
        "raise RuntimeError('built for another CPU\\n\\x1b[2J and more')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(LibraryError) as raised:
        require("slant_probe_broken", "reading probes")
    message = str(raised.value)
    assert "slant_probe_broken, which fails to import (RuntimeError: built for another CPU" \
        in message
    assert "\n" not in message and "\x1b" not in message  # one line, nothing for the terminal


@pytest.mark.parametrize(
    ("module", "name", "content", "purpose"),
    [
        ("lxml_html_clean", "page.html", ARTICLE_HTML.encode(), "reading HTML pages"),
        ("trafilatura", "page.html", ARTICLE_HTML.encode(), "reading HTML pages"),
        ("markdown_it", "notes.md", MARKDOWN.encode(), "reading Markdown"),
        ("pypdf", "report.pdf", None, "reading PDF files"),
        ("docx", "memo.docx", None, "reading Word files"),
        ("charset_normalizer", "cyrillic.txt", "Привет, мир! Это проверка кодировки текста. "
         .encode("cp1251") * 20, "reading text in a legacy encoding"),
    ],
)
def test_each_format_reports_its_missing_library_as_a_document_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, module: str, name: str,
    content: bytes | None, purpose: str,
) -> None:
    if content is None:
        content = (build_pdf([["The auditor said the accounts were fine."]])
                   if name.endswith(".pdf") else build_docx([("", "The union warned.")]))
    path = tmp_path / name
    path.write_bytes(content)
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(DocumentError, match=f"^{purpose} needs "):
        open_document(str(path))


def test_the_analysis_reports_a_missing_sentiment_lexicon_before_any_paragraph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.analysis import ModelNotFoundError, load_pipeline
    from tui.analysis.devices.learned import valences

    valences.cache_clear()
    monkeypatch.setitem(sys.modules, "vaderSentiment", None)
    try:
        with pytest.raises(ModelNotFoundError, match="detecting rhetorical devices needs "
                                                     "vaderSentiment, which is not installed"):
            load_pipeline()
    finally:
        valences.cache_clear()


# -- whole runs, in subprocesses ---------------------------------------------------------------


def _without(tmp_path: Path, module: str) -> dict[str, str]:
    """An environment in which ``module`` cannot be imported by any Python process."""
    shadow = tmp_path / "shadow"
    shadow.mkdir(exist_ok=True)
    (shadow / "sitecustomize.py").write_text(f"import sys\nsys.modules[{module!r}] = None\n")
    path = os.pathsep.join([str(shadow), str(REPO), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path, "COLUMNS": "100"}


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mixed")
    (folder / "a-page.html").write_text(ARTICLE_HTML, "utf-8")
    (folder / "b-notes.md").write_text(MARKDOWN, "utf-8")
    (folder / "c-note.txt").write_text("The mayor insisted the budget was balanced.\n", "utf-8")
    (folder / "d-report.pdf").write_bytes(build_pdf(
        [["The auditor said the accounts were in order."]], title="Audit"))
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_analyze_writes_every_other_document_when_a_format_library_is_gone(
    tmp_path: Path, mixed_folder: Path, jobs: str
) -> None:
    out = tmp_path / "out.jsonl"
    run = subprocess.run(
        [sys.executable, "-m", "tui", "analyze", str(mixed_folder), "--format", "jsonl",
         "--jobs", jobs, "--output", str(out)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
        env=_without(tmp_path, "lxml_html_clean"),
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    problems = [line for line in run.stderr.splitlines() if "lxml_html_clean" in line]
    assert len(problems) == 1
    assert "a-page.html: reading HTML pages needs lxml_html_clean, which is not installed; " \
        "install it with: pip install " in problems[0]
    written = [Path(json.loads(line)["document"]["source"]).name
               for line in out.read_text("utf-8").splitlines()]
    assert written == ["b-notes.md", "c-note.txt", "d-report.pdf"]


def test_the_reader_refuses_the_document_with_the_message_and_exit_1(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(ARTICLE_HTML, "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "tui", str(page)], capture_output=True, text=True,
        timeout=120, stdin=subprocess.DEVNULL, env=_without(tmp_path, "trafilatura"),
    )
    assert run.returncode == 1
    assert run.stderr.startswith("slant: reading HTML pages needs trafilatura, which is not "
                                 "installed; install it with: pip install ")
    assert len(run.stderr.splitlines()) == 1 and "Traceback" not in run.stderr


def test_a_core_library_that_is_gone_is_one_line_and_exit_2(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("The mayor said the budget was balanced.\n", "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "tui", str(note)], capture_output=True, text=True,
        timeout=120, stdin=subprocess.DEVNULL, env=_without(tmp_path, "textual"),
    )
    assert run.returncode == 2
    assert run.stderr.startswith("slant: a library Slant needs cannot be imported")
    assert "pip install 'textual" in run.stderr
    assert len(run.stderr.splitlines()) == 1 and "Traceback" not in run.stderr
