"""The built wheel, installed through the lock into a new virtualenv, reads every format.

This is what a new user's machine does, so it needs the package index (or pip's cache): it is
marked ``network``, and ``python -m pytest -m "not network and not nightly"`` leaves it out
offline. CI runs it.
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

pytestmark = pytest.mark.network


def run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True,
                          timeout=1200, cwd=cwd,
                          env={key: value for key, value in os.environ.items()
                               if key not in ("PYTHONPATH", "VIRTUAL_ENV")})
    assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def fresh_slant(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``slant`` command of a new virtualenv holding the wheel and the locked packages."""
    root = tmp_path_factory.mktemp("fresh")
    # The wheel, built as pip builds it for a user: in isolation, with the pinned backend.
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", root / "dist", REPO)
    (wheel,) = (root / "dist").glob("slant-*.whl")
    # A new virtualenv with the pip it ships, as the README's commands use.
    run(sys.executable, "-m", "venv", root / "venv")
    bin_dir = root / "venv" / ("Scripts" if os.name == "nt" else "bin")
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", "-c", REPO / "requirements.lock",
        wheel)
    return bin_dir / "slant"


def test_the_installed_wheel_reads_html_pdf_word_and_markdown(
    fresh_slant: Path, tmp_path: Path
) -> None:
    (tmp_path / "a-page.html").write_text(ARTICLE_HTML, "utf-8")
    (tmp_path / "b-report.pdf").write_bytes(build_pdf(
        [["The auditor said the accounts were in order and that no money had",
          "gone missing during the year under review."]], title="Audit"))
    (tmp_path / "c-memo.docx").write_bytes(build_docx(
        [("h1", "Strike vote"), ("", "Union leaders warned that the strike would go ahead.")]))
    (tmp_path / "d-notes.md").write_text(MARKDOWN, "utf-8")
    done = run(fresh_slant, "analyze", tmp_path, "--format", "jsonl", "--jobs", "2",
               cwd=tmp_path)
    assert "Traceback" not in done.stderr
    documents = [json.loads(line) for line in done.stdout.splitlines()]
    assert [document["document"]["format"] for document in documents] == [
        "html", "pdf", "docx", "md"]
    texts = [document["text"] for document in documents]
    assert "Mayor Alex Moreno said the bridge would cut commuting times" in " ".join(
        texts[0].split())
    assert "Subscribe to our newsletter" not in texts[0]  # boilerplate dropped
    assert "no money had gone missing during the year" in texts[1]
    assert texts[2].startswith("Strike vote") and "strike would go ahead" in texts[2]
    assert "the *new* pier" not in texts[3] and "the new pier would open" in " ".join(
        texts[3].split())
    # The installed model analysed them: the page names its mayor, and the memo quotes a union.
    assert any(entity["text"] == "Alex Moreno" for entity in documents[0]["entities"])
    assert any(claim["cue_lemma"] == "warn" for claim in documents[2]["claims"])


def test_the_installed_reader_answers_version_and_help(fresh_slant: Path) -> None:
    assert run(fresh_slant, "--version").stdout.startswith("slant ")
    assert "analyze" in run(fresh_slant, "--help").stdout
